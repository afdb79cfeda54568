"""One env-driven settings module. With no environment: SQLite, eager Celery, console e-mail, DEBUG on.

Production sets SAKIP_DEBUG=0, SAKIP_SECRET_KEY, SAKIP_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()  # Django's generic classes take type arguments at run time (ModelAdmin[Report])

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
    "axes",
    "sakip",
    "indicators",
    "budget",
    "reports",
    "audit",
    "agency",
    "inbox",
    "notifications",
    "exchange",
    "demo",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "sakip.logs.RequestIdMiddleware",
    "sakip.middleware.DatabaseUnavailable",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sakip.middleware.IndonesianUnlessChosen",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "sakip.middleware.LoginRequiredEverywhere",
    "sakip.twofactor.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
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
SAKIP_SQLITE_BUSY_TIMEOUT = int(os.environ.get("SAKIP_SQLITE_BUSY_TIMEOUT", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent saves queue instead of failing with "database is locked": a write transaction takes the
    # lock when it begins (not when it first writes, which SQLite cannot wait for), waits up to the busy
    # timeout (s), and readers never block the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": SAKIP_SQLITE_BUSY_TIMEOUT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses logins while an account or address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Two-factor login (TOTP): required for these roles (superusers count as admins), optional for everyone else.
SAKIP_2FA_REQUIRED_ROLES = env_list("SAKIP_2FA_REQUIRED_ROLES", "admin,auditor")
OTP_TOTP_ISSUER = "SAKIP BPOM"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): after SAKIP_LOGIN_FAILURE_LIMIT failed logins for one account, or from one
# address, logins are refused for SAKIP_LOGIN_COOLOFF_MINUTES (each further failure restarts the wait).
SAKIP_LOGIN_FAILURE_LIMIT = int(os.environ.get("SAKIP_LOGIN_FAILURE_LIMIT", "5"))
SAKIP_LOGIN_COOLOFF_MINUTES = int(os.environ.get("SAKIP_LOGIN_COOLOFF_MINUTES", "15"))
AXES_FAILURE_LIMIT = SAKIP_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=SAKIP_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sakip.lockout.locked_out"
AXES_VERBOSE = False
# The client address: REMOTE_ADDR, unless SAKIP_TRUSTED_PROXIES (the number of reverse proxies in front of
# SAKIP) says to read X-Forwarded-For; trusting that header without a proxy would let anyone pick an address.
SAKIP_TRUSTED_PROXIES = int(os.environ.get("SAKIP_TRUSTED_PROXIES", "0"))
if SAKIP_TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = SAKIP_TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

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
    "default": {"BACKEND": "sakip.storage.AtomicFileSystemStorage"},  # no half-written file is ever left or served
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Celery. With REDIS_URL: Redis is the broker and the result store (production). Without it, tasks run eagerly
# in-process (tests, scripts) unless SAKIP_TASK_QUEUE=filesystem, which `make run` sets: the queue is a folder
# (kombu's filesystem transport, under SAKIP_QUEUE_DIR) read by the worker `make run` starts, so Lapkin render
# in the background as in production with nothing installed. Nothing reads task results: every task records
# its outcome on its own row (Report.status, sent notifications), so the filesystem queue keeps none.
REDIS_URL = os.environ.get("REDIS_URL", "")
SAKIP_TASK_QUEUE = "redis" if REDIS_URL else os.environ.get("SAKIP_TASK_QUEUE", "eager")
SAKIP_QUEUE_DIR = Path(os.environ.get("SAKIP_QUEUE_DIR", BASE_DIR / "var" / "queue"))
if SAKIP_TASK_QUEUE not in ("redis", "eager", "filesystem"):
    raise RuntimeError("SAKIP_TASK_QUEUE must be 'eager' or 'filesystem' (set REDIS_URL for Redis)")
CELERY_BROKER_URL = REDIS_URL or ("filesystem://" if SAKIP_TASK_QUEUE == "filesystem" else "memory://")
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = SAKIP_TASK_QUEUE == "eager"
if SAKIP_TASK_QUEUE == "filesystem":
    _messages, _control = SAKIP_QUEUE_DIR / "messages", SAKIP_QUEUE_DIR / "control"
    for _folder in (_messages, _control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_messages),
        "data_folder_out": str(_messages),
        "control_folder": str(_control),
    }
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A dead broker must not hold a web request: one connection attempt with a short timeout, no publish retries
# (sakip/queue.py), and no result store to reach (tasks record their status on their rows).
SAKIP_BROKER_TIMEOUT = float(os.environ.get("SAKIP_BROKER_TIMEOUT", "2"))
CELERY_BROKER_CONNECTION_TIMEOUT = SAKIP_BROKER_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = SAKIP_BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True

# E-mail: printed on the console unless SMTP is configured (SAKIP_EMAIL_HOST and friends).
EMAIL_HOST = os.environ.get("SAKIP_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "SAKIP_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("SAKIP_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SAKIP_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAKIP_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAKIP_EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("SAKIP_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("SAKIP_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("SAKIP_FROM_EMAIL", "sakip@localhost")
# Links in e-mails point here (no request to take the host from in a worker).
SAKIP_BASE_URL = os.environ.get("SAKIP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

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

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from the app itself. The app ships
# no inline script, no inline event handler and no style attribute in its pages (data reaches scripts through
# json_script); the Lapkin and digest templates are rendered to PDF, never served as pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # one style attribute of django-simple-history's admin history page, allowed by its hash
        "style-src": [SELF, UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

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
    # one access line per request comes from sakip.logs.RequestIdMiddleware (runserver's own is noise), and
    # axes writes one INFO line per successful login otherwise
    "loggers": {"django.server": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING above

# Monthly workflow and evidence files: per file, and per request (files beyond either are not stored and the
# form says so, keeping what was typed); Django itself refuses a request with more files than it parses.
SAKIP_MONTH_DEADLINE_DAY = int(os.environ.get("SAKIP_MONTH_DEADLINE_DAY", "10"))
SAKIP_EVIDENCE_MAX_BYTES = int(os.environ.get("SAKIP_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
SAKIP_EVIDENCE_MAX_FILES = int(os.environ.get("SAKIP_EVIDENCE_MAX_FILES", "20"))
SAKIP_EVIDENCE_MAX_REQUEST_BYTES = int(os.environ.get("SAKIP_EVIDENCE_MAX_REQUEST_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = max(1000, 10 * SAKIP_EVIDENCE_MAX_FILES)
# The month form posts ~12 fields per indicator: Django's default of 1,000 refused a unit with 90 or more (400).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 12_000
FILE_UPLOAD_HANDLERS = [
    "sakip.uploads.UploadLimits",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640

# Lapkin reports: hard time limit of one rendering (s); a report running longer than that (+60 s) or queued
# longer than the queue timeout is marked failed by the periodic sweep and when its page is opened.
SAKIP_REPORT_TIME_LIMIT = int(os.environ.get("SAKIP_REPORT_TIME_LIMIT", "300"))
SAKIP_REPORT_QUEUE_TIMEOUT = int(os.environ.get("SAKIP_REPORT_QUEUE_TIMEOUT", "3600"))
# Reminders (Celery beat once a day, or `manage.py send_reminders`): planners get one on each of these days
# before and after a month's deadline while the month is not handed in; heads get a digest of their subtree
# on this weekday (0 = Monday).
SAKIP_REMINDER_DAYS_BEFORE = [int(d) for d in env_list("SAKIP_REMINDER_DAYS_BEFORE", "3")]
SAKIP_REMINDER_DAYS_AFTER = [int(d) for d in env_list("SAKIP_REMINDER_DAYS_AFTER", "1,7")]
SAKIP_DIGEST_WEEKDAY = int(os.environ.get("SAKIP_DIGEST_WEEKDAY", "0"))
SAKIP_REMINDER_HOUR = int(os.environ.get("SAKIP_REMINDER_HOUR", "7"))
CELERY_BEAT_SCHEDULE = {
    "expire-stale-reports": {"task": "reports.expire_stale_reports", "schedule": 300.0},
    "send-reminders": {"task": "notifications.send_reminders", "schedule": crontab(minute=0, hour=SAKIP_REMINDER_HOUR)},
    "send-waiting-reports": {"task": "reports.send_waiting_reports", "schedule": 60.0},
}

# Spreadsheet import: largest upload accepted (bytes).
SAKIP_IMPORT_MAX_BYTES = int(os.environ.get("SAKIP_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
# Spreadsheet import: what one import may read (README "Operating limits"); each limit stops it with a message.
SAKIP_IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("SAKIP_IMPORT_MAX_UNCOMPRESSED_BYTES", str(64 * 1024 * 1024)))
SAKIP_IMPORT_MAX_ROWS = int(os.environ.get("SAKIP_IMPORT_MAX_ROWS", "50000"))
SAKIP_IMPORT_MAX_COLUMNS = int(os.environ.get("SAKIP_IMPORT_MAX_COLUMNS", "100"))
SAKIP_IMPORT_MAX_CELLS = int(os.environ.get("SAKIP_IMPORT_MAX_CELLS", "2000000"))
SAKIP_IMPORT_MAX_SECONDS = int(os.environ.get("SAKIP_IMPORT_MAX_SECONDS", "300"))

# REST API (api/): per-user tokens (stored hashed, shown once) or the browser's session; limits per token.
SAKIP_API_RATE = os.environ.get("SAKIP_API_RATE", "300/min")
SAKIP_API_PAGE_SIZE = int(os.environ.get("SAKIP_API_PAGE_SIZE", "50"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": SAKIP_API_RATE},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": SAKIP_API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.SakipAutoSchema",
    # JSON only: the browsable pages of DRF set inline styles the site's CSP forbids; /api/docs/ is for browsing.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SAKIP API",
    "DESCRIPTION": "Performance accountability of BPOM units: read the plan, the round and the scores; write a "
    "month's realisations, submit and review them through the same rules as the web forms.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": False,  # the month PATCH needs its rows: say so in the schema
    "ENUM_NAME_OVERRIDES": {
        "RealisationStateEnum": "indicators.models.Realisation.State",
        "MonthStateEnum": "indicators.models.MonthStatus.State",
        "MonthEnum": "indicators.models.MONTHS",  # a realisation's month and an indicator's start_month
        "VisibilityEnum": "sakip.models.Visibility",
    },
}
