"""Production: PostgreSQL, Redis and SMTP are required and come from the environment.

``manage.py check --deploy`` is clean under these settings (scripts/test runs it).
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
# "localhost" is the Host of the container's own health check (docker-compose.yml), never of a user.
ALLOWED_HOSTS = [*env.list("DJANGO_ALLOWED_HOSTS"), "localhost"]
# base.py builds DATABASES from DATABASE_URL (with persistent, health-checked connections); here it
# is required, never the SQLite default.
env.str("DATABASE_URL")

# HTTPS only, behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Secure-sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken"

# Static files with content hashes in their names, cached forever by browsers (whitenoise).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Downloads are sent by nginx from its internal location (docker-compose.yml, deploy/nginx/mtigm.conf).
PROTECTED_MEDIA_ACCEL_PREFIX = env.str("PROTECTED_MEDIA_ACCEL_PREFIX", default="/_protected/")
# django-axes counts failures per client address: behind nginx, the one it appended.
AXES_IPWARE_PROXY_COUNT = env.int("MTIGM_PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# REST framework's throttles key anonymous clients on the same address.
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT}
