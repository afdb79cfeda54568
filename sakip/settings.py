"""One env-driven settings module. With no environment: SQLite, eager Celery, console e-mail, DEBUG on.

Production sets SAKIP_DEBUG=0, SAKIP_SECRET_KEY, SAKIP_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("SAKIP_DEBUG", True)
SECRET_KEY = os.environ.get("SAKIP_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SAKIP_SECRET_KEY must be set when SAKIP_DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105
ALLOWED_HOSTS = env_list("SAKIP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("SAKIP_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "sakip",
    "indicators",
    "budget",
    "reports",
    "audit",
    "agency",
    "demo",
]

MIDDLEWARE = [
    "sakip.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sakip.middleware.IndonesianUnlessChosen",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sakip.middleware.LoginRequiredEverywhere",
    "sakip.twofactor.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

if not DEBUG:  # production serves static files itself; runserver does it in development
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "sakip.urls"
WSGI_APPLICATION = "sakip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sakip.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
# Django's own backends, with decimals that always read back (sakip/db/__init__.py says why).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.sqlite3": "sakip.db.sqlite3",
    "django.db.backends.postgresql": "sakip.db.postgresql",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Two-factor login (TOTP): required for these roles (superusers count as admins), optional for everyone else.
SAKIP_2FA_REQUIRED_ROLES = env_list("SAKIP_2FA_REQUIRED_ROLES", "admin,auditor")
OTP_TOTP_ISSUER = "SAKIP BPOM"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("SAKIP_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("SAKIP_MEDIA_ROOT", BASE_DIR / "media"))
SAKIP_BACKUP_DIR = Path(os.environ.get("SAKIP_BACKUP_DIR", BASE_DIR / "backups"))
SAKIP_PG_BIN = os.environ.get("SAKIP_PG_BIN", "")  # folder of pg_dump / pg_restore when not on PATH
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Celery: eager (in-process) unless a broker is configured.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

EMAIL_BACKEND = os.environ.get("SAKIP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("SAKIP_FROM_EMAIL", "sakip@localhost")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SAKIP_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SAKIP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Logs on stdout: JSON lines with the request id in production (or SAKIP_LOG_FORMAT=json), plain text otherwise.
LOG_FORMAT = os.environ.get("SAKIP_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sakip.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SAKIP_LOG_LEVEL", "INFO")},
    # one access line per request comes from sakip.logs.RequestIdMiddleware; runserver's own is noise
    "loggers": {"django.server": {"level": "WARNING"}},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING above

# Monthly workflow and evidence files.
SAKIP_MONTH_DEADLINE_DAY = int(os.environ.get("SAKIP_MONTH_DEADLINE_DAY", "10"))
SAKIP_EVIDENCE_MAX_BYTES = int(os.environ.get("SAKIP_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640

# Lapkin reports: hard time limit of one rendering (s); a report running longer than that (+60 s) or queued
# longer than the queue timeout is marked failed by the periodic sweep and when its page is opened.
SAKIP_REPORT_TIME_LIMIT = int(os.environ.get("SAKIP_REPORT_TIME_LIMIT", "300"))
SAKIP_REPORT_QUEUE_TIMEOUT = int(os.environ.get("SAKIP_REPORT_QUEUE_TIMEOUT", "3600"))
CELERY_BEAT_SCHEDULE = {
    "expire-stale-reports": {"task": "reports.expire_stale_reports", "schedule": 300.0},
}

# Spreadsheet import: largest upload accepted (bytes).
SAKIP_IMPORT_MAX_BYTES = int(os.environ.get("SAKIP_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
