"""12-factor settings: everything that differs between environments comes from the environment (see
README)."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_bool(name: str, default: bool = False) -> bool:
    raw = _env(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false")


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in _env(name).split(",") if item.strip()]


DEBUG = _env_bool("DJANGO_DEBUG")
SECRET_KEY = _env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required unless DJANGO_DEBUG=true; set it to a long random string"
        )
    SECRET_KEY = "insecure-debug-only-secret-key"  # noqa: S105 - only ever used with DJANGO_DEBUG=true

ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS") or (["*"] if DEBUG else ["localhost", "127.0.0.1"])

if not _env("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL is required, e.g. postgres://user:password@host:5432/dbname")
DATABASES = {"default": dj_database_url.parse(_env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dandiapp.urls"
WSGI_APPLICATION = "dandiapp.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
# The client sends a trailing slash on most URLs but not on /auth/token: never redirect a POST.
APPEND_SLASH = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Static files (the admin's and any app's): Heroku's Python buildpack runs `collectstatic --noinput` on every
# build and fails the build if it fails; the app serves what it collected itself (whitenoise), compressed and
# with content-hashed names cached for a year, so no CDN or web server is needed in front of it.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
with contextlib.suppress(OSError):  # whitenoise warns about a missing STATIC_ROOT before collectstatic ran
    STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Where collectstatic has not run (the local environment, tests), files are found and served from the apps
# under their plain names instead of failing on a missing manifest.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

CORS_ALLOWED_ORIGINS = _env_list("DJANGO_CORS_ALLOWED_ORIGINS")
CORS_EXPOSE_HEADERS = ["Location", "Content-Disposition"]

REST_FRAMEWORK = {
    # API keys (the dandi client) and the web UI's OAuth access tokens (Authorization: Bearer).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "archive.authentication.TokenAuthentication",
        "oauth2_provider.contrib.rest_framework.OAuth2Authentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "archive.pagination.DandiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["archive.parsers.StrictJSONParser"],
    "EXCEPTION_HANDLER": "archive.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DANDI Archive (dandi-stack reference app)",
    "DESCRIPTION": "The DANDI REST API as the official dandi client uses it.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Three models have a `status` with different choices; each enum gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "VersionStatusEnum": "archive.models.VersionStatus",
        "AssetStatusEnum": "archive.models.AssetStatus",
        "ZarrStatusEnum": "archive.models.ZarrStatus",
    },
}

# --- Storage ------------------------------------------------------------------------------------------------
DANDI_STORAGE_BUCKET_NAME = _env("DJANGO_STORAGE_BUCKET_NAME")
AWS_ACCESS_KEY_ID = _env("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = _env("AWS_SECRET_ACCESS_KEY")
AWS_DEFAULT_REGION = _env("AWS_DEFAULT_REGION", "us-east-1")
DANDI_S3_ENDPOINT_URL = _env("DJANGO_S3_ENDPOINT_URL") or None
DANDI_S3_PUBLIC_ENDPOINT_URL = _env("DJANGO_S3_PUBLIC_ENDPOINT_URL") or DANDI_S3_ENDPOINT_URL
DANDI_PART_URL_EXPIRY_SECONDS = 7 * 24 * 3600
DANDI_DOWNLOAD_URL_EXPIRY_SECONDS = 6 * 3600

# --- Instance -----------------------------------------------------------------------------------------------
DANDI_API_URL = _env("DJANGO_DANDI_API_URL", "http://localhost:8000").rstrip("/")
DANDI_WEB_APP_URL = _env("DJANGO_DANDI_WEB_APP_URL", "http://localhost:8085").rstrip("/")
DANDI_INSTANCE_NAME = _env("DJANGO_DANDI_INSTANCE_NAME", "DANDI-STACK")
if not re.fullmatch(r"[A-Z][-A-Z]*", DANDI_INSTANCE_NAME):
    # dandischema reads the same variable and would fail on import with a long pydantic traceback.
    raise ImproperlyConfigured(
        f"DJANGO_DANDI_INSTANCE_NAME={DANDI_INSTANCE_NAME!r} must be capital letters and dashes (it prefixes "
        "identifiers such as EXARCH:000001), e.g. EXARCH or EXARCH-STAGING"
    )
# The archive's name in citations ("... [Data set]. DANDI Archive. <url>"), as DANDI's own server writes it.
DANDI_ARCHIVE_NAME = _env("DJANGO_DANDI_ARCHIVE_NAME", "DANDI Archive")
DANDI_RECONCILE_INTERVAL_SECONDS = _env_int("DJANGO_DANDI_RECONCILE_INTERVAL_SECONDS", 60)
DANDI_UPLOAD_MAX_AGE_HOURS = _env_int("DJANGO_DANDI_UPLOAD_MAX_AGE_HOURS", 168)
# Blobs younger than this are assumed to have their sha256 task in flight; older ones are re-queued.
DANDI_RECONCILE_GRACE_SECONDS = _env_int("DJANGO_DANDI_RECONCILE_GRACE_SECONDS", 30)

# --- People: accounts, sign-in, approval, mail, admin site (see people/) -----------------------------------
from dandiapp.people_settings import people_settings  # noqa: E402 - reads the values above

globals().update(people_settings(globals(), env=_env, env_bool=_env_bool, env_list=_env_list))

# --- Celery -------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = _env("CELERY_BROKER_URL") or _env("CLOUDAMQP_URL") or "memory://"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ROUTES = {
    "archive.tasks.calculate_sha256": {"queue": "calculate_sha256"},
    "archive.tasks.ingest_zarr_archive": {"queue": "calculate_sha256"},
}
CELERY_WORKER_CONCURRENCY = _env_int("DJANGO_CELERY_WORKER_CONCURRENCY", 2)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# kombu's SQLAlchemy transport hands its transport options to create_engine().
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"pool_pre_ping": True, "pool_recycle": 300} if CELERY_BROKER_URL.startswith("sqla+") else {}
)

# --- Observability ------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "botocore": {"level": "WARNING"}},
}

SENTRY_DSN = _env("DJANGO_SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=_env("DJANGO_SENTRY_ENVIRONMENT") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
    )
