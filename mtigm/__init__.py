# Importing the Celery app here makes sure it is configured whenever Django starts,
# so that shared_task and delay_on_commit bind to it.
from .celery import app as celery_app

__all__ = ["celery_app"]
