"""Development and the embedded default (``scripts/run``)."""

from .base import *  # noqa: F403
from .base import env

# Debug pages only when a developer asks for them (DJANGO_DEBUG=1), never by default.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
