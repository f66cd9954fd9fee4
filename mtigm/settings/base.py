"""Settings shared by every environment.

Everything that differs between a laptop, CI and production is read from the environment
(django-environ), so the same code runs on the embedded default (SQLite, a filesystem Celery
broker, e-mail to a local outbox folder) and on PostgreSQL + Redis + SMTP.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("MTIGM_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DJANGO_DEBUG=(bool, False),
)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")  # noqa: S105
DEBUG = env("DJANGO_DEBUG")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("MTIGM_SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_filters",
    "django_htmx",
    "simple_history",
    "pgtrigger",
    "mtigm.core",
    "directives",
    "members",
    "sessions.apps.CommissionSessionsConfig",
    "decisions",
    "workplans",
    "library",
    "compact",
    "accountability",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mtigm.core.headers.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A public page already rendered for an anonymous visitor skips the rest of the chain (portal/cache.py).
    "portal.cache.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Every 403 the platform answers is written to the security log (mtigm/core/audit.py).
    "mtigm.core.audit.SecurityLogMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute limits of a browser session (mtigm/core/auth.py).
    "mtigm.core.auth.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The download of a protected file also takes an API token (mtigm/core/token_auth.py).
    "mtigm.core.token_auth.FileTokenMiddleware",
    # Every page route asks the access matrix before its view runs (mtigm/core/access).
    "mtigm.core.access.middleware.AccessMiddleware",
    # A service's refusal that a page did not catch answers 4xx with its message, never 500.
    "mtigm.core.views.ServiceErrorMiddleware",
    # Turns a lockout found while authenticating into its 429 answer (mtigm/core/auth.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mtigm.urls"
WSGI_APPLICATION = "mtigm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mtigm.core.context_processors.roles",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mtigm.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # A request reuses its process's connection (opening one costs about 4 ms on PostgreSQL),
    # checked before reuse so that a restarted server costs one retry, not an error.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has several writers (web and worker processes). Transactions take the
    # write lock when they begin (IMMEDIATE), so a writer waits its turn (the busy timeout) instead
    # of failing with "database is locked" when it upgrades a read lock; WAL lets readers go on
    # while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Counts failures and refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failures of one account from one address (django-axes). Keyed on the pair,
# so that nobody can lock a representative out of the platform from elsewhere by failing on purpose.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "mtigm.core.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy the client's address is the last one the proxy appended.
AXES_IPWARE_PROXY_COUNT = env.int("MTIGM_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Browser sessions end after this long without a request, and this long after the login anyway.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_HOURS", default=12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# API tokens (django-rest-knox): hashed at rest, expiring, several per client, revoked on a
# password change (mtigm/core/auth.py).
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
API_TOKENS_PER_USER = env.int("API_TOKENS_PER_USER", default=5)

# Uploaded documents (mtigm/core/files.py): a size limit and types recognised by content.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=20) * 1024 * 1024
# In production the web server sends the bytes of a download the application allowed: the
# internal location that serves MEDIA_ROOT (nginx ``internal;``), e.g. "/_protected/".
PROTECTED_MEDIA_ACCEL_PREFIX = env.str("PROTECTED_MEDIA_ACCEL_PREFIX", default="")
# Contact data of a former representative may be anonymised this long after their last designation.
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The commission works in Spanish; English is offered as a second language. UI strings are
# written in Spanish in the source and translated to English in each app's locale/en catalogue.
LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
# Date formats per language (mtigm/formats/<lang>/formats.py) take precedence over Django's.
FORMAT_MODULE_PATH = ["mtigm.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# MEDIA_URL is never routed: stored files leave the platform only through views that ask the
# access layer (mtigm/core/files.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# E-mail: SMTP when EMAIL_URL is given, otherwise every message is written as a file into the
# local outbox folder, which staff can browse in the application.
EMAIL_OUTBOX_DIR = VAR_DIR / "outbox"
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(EMAIL_OUTBOX_DIR)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MTIGM - Secretaría Técnica <mtigm@rree.gob.pe>")

# Celery: Redis when REDIS_URL (or CELERY_BROKER_URL) is given, otherwise kombu's filesystem
# transport, which needs no server. Broker calls get short socket timeouts so that a request
# never hangs when Redis is down: the outbox keeps the message and a beat task sends it later.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Without this kombu writes its broadcast exchange files into the current directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Periodic work: each app declares BEAT_SCHEDULE in its own beat.py module, collected by
# mtigm/celery.py, so that no app edits another app's lines.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "mtigm.core.token_auth.TokenAuthentication",
    ],
    # Only views that name a throttle_scope are throttled; each scope counts per user (or address).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("THROTTLE_TOKEN", default="10/min"),
        "render": env.str("THROTTLE_RENDER", default="12/hour"),
        "resend": env.str("THROTTLE_RESEND", default="60/hour"),
        # The public contact form: per network address and per e-mail address (portal.views).
        "contact": env.str("THROTTLE_CONTACT", default="5/hour"),
    },
    # Every API route and method asks the access matrix (mtigm/core/access/matrix.toml).
    "DEFAULT_PERMISSION_CLASSES": ["mtigm.core.api.MatrixPermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mtigm.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MTIGM API",
    "DESCRIPTION": "Mesa de Trabajo Intersectorial para la Gestión Migratoria — API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["mtigm.core.api.MatrixPermission"],
    # Swagger UI and ReDoc come from the drf-spectacular-sidecar package, served by the app: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several apps have a "kind" field; name their enums apart so the schema stays unambiguous.
    "ENUM_NAME_OVERRIDES": {
        "EntityKindEnum": "members.models.EntityKind",
        "NormKindEnum": "directives.models.Norm.Kind",
        "NormStatusEnum": "directives.models.Norm.Status",
        "SessionKindEnum": "sessions.models.Session.Kind",
        "VoteChoiceEnum": "decisions.models.Choice",
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Throttle counters are shared by every web process; the database holds them, so that a silent
# or absent Redis never turns a request into an error (``createcachetable`` makes the table).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mtigm_cache",
        "TIMEOUT": 3600,
    }
}

# Headers. Content-Security-Policy (django-csp): scripts and styles only from the app's own static
# files (or by nonce), nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Security events also go to the log stream (a SIEM can collect them), never with secrets.
        "mtigm.security": {"level": "INFO"},
        # django-axes logs every reset at INFO; its lockouts reach the security log anyway.
        "axes": {"level": "WARNING"},
    },
}

# Outbox delivery (mtigm/core/tasks.py): operational parameters, not rules of the Reglamento.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_SWEEP_GRACE_SECONDS = env.int("OUTBOX_SWEEP_GRACE_SECONDS", default=30)
OUTBOX_SWEEP_BATCH = env.int("OUTBOX_SWEEP_BATCH", default=500)
OUTBOX_CLAIM_TIMEOUT_SECONDS = env.int("OUTBOX_CLAIM_TIMEOUT_SECONDS", default=600)
# A request hands its tasks to the broker within this many seconds in total, however many there
# are; what is left waits as rows for the sweeps (mtigm/core/dispatch.py). A broker that answers
# PING on this host or network does so in about a millisecond; one that accepts connections and
# never answers costs each request that probes it this much (bench/broker_down.py: at 0.5 s a call
# took 1.7 to 2.4 times its p95; at 0.05 s, 0.9 to 1.1). A probe slower than this only delays
# the messages until the next sweep (a minute): none is lost.
BROKER_PUBLISH_BUDGET_SECONDS = env.float("BROKER_PUBLISH_BUDGET_SECONDS", default=0.05)
# After a failed publish, requests skip the broker for this long instead of each paying a timeout.
BROKER_BACKOFF_SECONDS = env.float("BROKER_BACKOFF_SECONDS", default=10)
