"""rencai settings: one module, read from the environment (see `.env.example`).

Development defaults are safe and need no configuration: SQLite in WAL mode under `var/`,
Huey on SQLite, sandbox providers, console e-mail. With `DEBUG=False` the process refuses
to start unless secrets, hosts and real providers are configured (rencai.core.config_checks).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from rencai.core.config_checks import DeploymentConfig, production_problems
from rencai.core.crypto import parse_keys
from rencai.core.env import envbool, envchoice, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", True)

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY") or _DEV_SECRET


def _dev_key(label: str) -> str:
    """A fixed development key, derived so that nobody copies it into production by habit."""
    return base64.b64encode(hashlib.sha256(f"rencai-dev-{label}".encode()).digest()).decode()


FIELD_ENCRYPTION_KEYS = parse_keys(
    envstr("FIELD_ENCRYPTION_KEYS") or f"dev1:{_dev_key('field')}", setting="FIELD_ENCRYPTION_KEYS"
)
BLIND_INDEX_KEYS = parse_keys(
    envstr("BLIND_INDEX_KEYS") or f"dev1:{_dev_key('blind')}", setting="BLIND_INDEX_KEYS"
)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

# --- platform identity and licences (LIC-01, LIC-02) ------------------------------------
PLATFORM_MODE = envchoice("PLATFORM_MODE", "commercial", ("commercial", "public"))
OPERATOR_NAME = envstr("OPERATOR_NAME", "人才网络科技（示例）有限公司")
OPERATOR_USCC = envstr("OPERATOR_USCC", "91110000600037341L" if DEBUG else "")
OPERATOR_ADDRESS = envstr("OPERATOR_ADDRESS", "北京市朝阳区示例路 1 号")
OPERATOR_EMAIL = envstr("OPERATOR_EMAIL", "service@rencai.example")
OPERATOR_PHONE = envstr("OPERATOR_PHONE", "400-000-0000")
PIPO_EMAIL = envstr("PIPO_EMAIL", "privacy@rencai.example")
HR_LICENCE_NO = envstr("HR_LICENCE_NO", "（京）人服证字〔2026〕第0000000号" if DEBUG else "")
HR_LICENCE_AUTHORITY = envstr("HR_LICENCE_AUTHORITY", "北京市朝阳区人力资源和社会保障局")
ICP_LICENCE_NO = envstr("ICP_LICENCE_NO", "京B2-20260000" if DEBUG else "")
ICP_FILING_NO = envstr("ICP_FILING_NO", "京ICP备20260000号-1" if DEBUG else "")
SUPERVISOR_NAME = envstr("SUPERVISOR_NAME", "北京市朝阳区人力资源和社会保障局")
SUPERVISOR_PHONE = envstr("SUPERVISOR_PHONE", "12333")

# --- outside services (providers app) ---------------------------------------------------
PROVIDERS = {
    "sms": envstr("SMS_PROVIDER", "sandbox"),
    "identity": envstr("IDENTITY_PROVIDER", "sandbox"),
    "face": envstr("FACE_PROVIDER", "sandbox"),
    "email": envstr("EMAIL_PROVIDER", "sandbox"),
    "virtual_number": envstr("VIRTUAL_NUMBER_PROVIDER", "sandbox"),
}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

problems = production_problems(
    DeploymentConfig(
        debug=DEBUG,
        secret_key_set=SECRET_KEY != _DEV_SECRET,
        encryption_key_set=bool(envstr("FIELD_ENCRYPTION_KEYS")),
        blind_index_key_set=bool(envstr("BLIND_INDEX_KEYS")),
        allowed_hosts=ALLOWED_HOSTS,
        providers=PROVIDERS,
        email_backend=EMAIL_BACKEND,
        platform_mode=PLATFORM_MODE,
        hr_licence_no=HR_LICENCE_NO,
        icp_licence_no=ICP_LICENCE_NO,
        business_licence_uscc=OPERATOR_USCC,
    )
)
if problems:
    raise ImproperlyConfigured("DEBUG=False but: " + "; ".join(problems))

# --- applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "huey.contrib.djhuey",
    "rencai.core",
    "rencai.audit",
    "rencai.providers",
    "rencai.accounts",
    "rencai.privacy",
    "rencai.files",
    "rencai.notifications",
    "rencai.orgs",
    "rencai.moderation",
    "rencai.jobs",
    "rencai.search",
    "rencai.resumes",
    "rencai.applications",
    "rencai.messaging",
    "rencai.sanctions",
    "rencai.reviews",
    "rencai.risk",
    "rencai.inspection",
    "rencai.testing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rencai.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rencai.privacy.middleware.LegalDocumentMiddleware",
    "rencai.inspection.middleware.RegulatorAccessMiddleware",
]

ROOT_URLCONF = "rencai.urls"
WSGI_APPLICATION = "rencai.wsgi.application"

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
                "rencai.core.context_processors.platform",
                "rencai.core.context_processors.navigation",
                "rencai.orgs.context_processors.organisation",
                "rencai.notifications.context_processors.notifications",
            ],
        },
    }
]

# --- database ---------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'rencai.sqlite3'}"


def _database(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a supported URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so two read-modify-write transactions queue instead of failing mid-way.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:/// or postgres://")
    config["ATOMIC_REQUESTS"] = False
    config.setdefault("TEST", {})
    return config


DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache: database table by default (shared by all processes), Redis at scale ---------
CACHE_URL = envstr("CACHE_URL", "db://rencai_cache")
if CACHE_URL.startswith(("redis://", "rediss://")):
    _cache: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
elif CACHE_URL.startswith("db://"):
    _cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_URL.removeprefix("db://") or "rencai_cache",
    }
elif CACHE_URL == "locmem://":
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    raise ImproperlyConfigured("CACHE_URL must be db://table, redis://… or locmem://")
CACHES = {"default": _cache}

# --- background jobs (Huey) -------------------------------------------------------------
HUEY_URL = envstr("HUEY_URL") or f"sqlite:///{VAR_DIR / 'huey.sqlite3'}"
HUEY_IMMEDIATE = envbool("HUEY_IMMEDIATE", False)
HUEY_WORKERS = envint("HUEY_WORKERS", 2, minimum=1)
if HUEY_URL.startswith(("redis://", "rediss://")):
    HUEY: dict[str, Any] = {
        "huey_class": "huey.RedisHuey",
        "name": envstr("HUEY_NAME", "rencai"),
        "url": HUEY_URL,
    }
elif HUEY_URL.startswith("sqlite:///"):
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": envstr("HUEY_NAME", "rencai"),
        "filename": HUEY_URL.removeprefix("sqlite:///"),
    }
else:
    raise ImproperlyConfigured("HUEY_URL must be sqlite:///path or redis://host:port/db")
HUEY["immediate"] = HUEY_IMMEDIATE
# Poll at most half a second apart so a sign-in code leaves, and a posting becomes searchable,
# within a second (SQLite storage has no
# blocking read; Redis storage blocks and is immediate anyway).
HUEY["consumer"] = {
    "workers": HUEY_WORKERS,
    "worker_type": "thread",
    "initial_delay": 0.1,
    "backoff": 1.15,
    "max_delay": 0.5,
}

# --- authentication and sessions --------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["rencai.accounts.backends.RencaiBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_NAME = "rencai_session"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Joining the browsers' HSTS preload list is an operator's decision per domain (it cannot be
# undone quickly), so the deploy check's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Login and SMS limits (accounts.constants documents each number's reason).
SMS_CODE_TTL_SECONDS = envint("SMS_CODE_TTL_SECONDS", 300, minimum=60)
SMS_RESEND_INTERVAL_SECONDS = envint("SMS_RESEND_INTERVAL_SECONDS", 60, minimum=1)
SMS_DAILY_LIMIT_PER_PHONE = envint("SMS_DAILY_LIMIT_PER_PHONE", 10, minimum=1)
SMS_HOURLY_LIMIT_PER_IP = envint("SMS_HOURLY_LIMIT_PER_IP", 30, minimum=1)
LOGIN_HOURLY_FAILURES_PER_IP = envint("LOGIN_HOURLY_FAILURES_PER_IP", 50, minimum=1)
PASSWORD_LOCKOUT_THRESHOLD = envint("PASSWORD_LOCKOUT_THRESHOLD", 5, minimum=1)
PASSWORD_LOCKOUT_MINUTES = envint("PASSWORD_LOCKOUT_MINUTES", 15, minimum=1)
# A confirmed SMS code allows sensitive steps (rights requests, downloads of one's data,
# cancellation) for this many minutes.
REAUTH_VALID_MINUTES = envint("REAUTH_VALID_MINUTES", 10, minimum=1)

# --- privacy centre, rights requests and retention (privacy app) ---
# Statutory answer time for rights requests, in PRC working days (PI-18).
PRIVACY_REQUEST_WORKING_DAYS = envint("PRIVACY_REQUEST_WORKING_DAYS", 15, minimum=1)
# A copy of one's data stays downloadable this many days.
PRIVACY_EXPORT_DAYS = envint("PRIVACY_EXPORT_DAYS", 7, minimum=1)
# Staff exports of more personal records than this need a second operator's approval (SEC-03).
PRIVACY_BULK_EXPORT_THRESHOLD = envint("PRIVACY_BULK_EXPORT_THRESHOLD", 200, minimum=1)
# Seekers inactive this long have their resumes anonymised (notice 30 days before).
RETENTION_INACTIVE_SEEKER_DAYS = envint("RETENTION_INACTIVE_SEEKER_DAYS", 730, minimum=90)
# Rows handled per batch by the daily retention run.
RETENTION_BATCH_SIZE = envint("RETENTION_BATCH_SIZE", 500, minimum=1)
# From this month (1-12) the operator dashboard warns if this year's self-inspection is
# not recorded yet (GOV-04); last year's missing record is always an alert.
SELF_INSPECTION_ALERT_MONTH = envint("SELF_INSPECTION_ALERT_MONTH", 12, minimum=1)
if SELF_INSPECTION_ALERT_MONTH > 12:
    raise ImproperlyConfigured("SELF_INSPECTION_ALERT_MONTH must be a month from 1 to 12")
# A TrueType font with Chinese glyphs embedded in PDF copies; empty = the first one found
# among the usual system paths, else the PDF standard CJK font (not embedded).
PDF_CJK_FONT = envstr("PDF_CJK_FONT")
# Key of the pseudonyms that stand for people in the restricted archive and legal holds
# (RET-06). Set it once and never change it; empty = derived from SECRET_KEY.
ARCHIVE_PSEUDONYM_KEY = envstr("ARCHIVE_PSEUDONYM_KEY")

# --- trust & safety: reports, sanctions, risk signals, inspection (issue 9) ---
# Complaint concentration (FRD-03): this many distinct signed-in reporters within the
# window put an account under review and pause its postings.
REPORT_CONCENTRATION_THRESHOLD = envint("REPORT_CONCENTRATION_THRESHOLD", 5, minimum=2)
REPORT_CONCENTRATION_WINDOW_DAYS = envint("REPORT_CONCENTRATION_WINDOW_DAYS", 7, minimum=1)
# Largest evidence file attached to a report, and reports one person may file a day.
REPORT_EVIDENCE_MAX_BYTES = envint("REPORT_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
REPORTS_DAILY_LIMIT_PER_USER = envint("REPORTS_DAILY_LIMIT_PER_USER", 30, minimum=1)
# Days after the notice during which a sanction can be appealed; how long a warning stays
# on the record; the severity (1-5) from which a report to the authorities is drafted.
SANCTION_APPEAL_WINDOW_DAYS = envint("SANCTION_APPEAL_WINDOW_DAYS", 15, minimum=1)
SANCTION_WARNING_DAYS = envint("SANCTION_WARNING_DAYS", 30, minimum=1)
SANCTION_AUTHORITY_SEVERITY = envint("SANCTION_AUTHORITY_SEVERITY", 4, minimum=1)
# What a restricted account may still do per day.
SANCTION_DAILY_APPLICATIONS = envint("SANCTION_DAILY_APPLICATIONS", 5, minimum=0)
SANCTION_DAILY_MESSAGES = envint("SANCTION_DAILY_MESSAGES", 20, minimum=0)
SANCTION_DAILY_POSTINGS = envint("SANCTION_DAILY_POSTINGS", 2, minimum=0)
# Risk signals (FRD-01): scores from these are medium / high (high: manual review, never
# recommended); what counts as high pay, a new account and too many actions in minutes.
RISK_MEDIUM_SCORE = envint("RISK_MEDIUM_SCORE", 25, minimum=1)
RISK_HIGH_SCORE = envint("RISK_HIGH_SCORE", 50, minimum=1)
RISK_HIGH_PAY_MONTHLY = envint("RISK_HIGH_PAY_MONTHLY", 15_000, minimum=1)
RISK_NEW_ACCOUNT_DAYS = envint("RISK_NEW_ACCOUNT_DAYS", 30, minimum=1)
RISK_POSTING_VELOCITY_COUNT = envint("RISK_POSTING_VELOCITY_COUNT", 10, minimum=2)
RISK_POSTING_VELOCITY_MINUTES = envint("RISK_POSTING_VELOCITY_MINUTES", 10, minimum=1)
RISK_MESSAGE_VELOCITY_COUNT = envint("RISK_MESSAGE_VELOCITY_COUNT", 20, minimum=2)
RISK_MESSAGE_VELOCITY_MINUTES = envint("RISK_MESSAGE_VELOCITY_MINUTES", 10, minimum=1)
RISK_REPORTS_WINDOW_DAYS = envint("RISK_REPORTS_WINDOW_DAYS", 30, minimum=1)
RISK_SANCTIONS_WINDOW_DAYS = envint("RISK_SANCTIONS_WINDOW_DAYS", 365, minimum=1)
# Postings of an organisation under a restriction sort as if published this many days earlier
# (newest order); their relevance is halved (rencai.sanctions.constants, SANCTION_RANKING_FACTOR).
SEARCH_DEMOTION_DAYS = envint("SEARCH_DEMOTION_DAYS", 7, minimum=0)
# Rows one regulator export may hold; a larger one asks for a narrower date range.
INSPECTION_MAX_EXPORT_ROWS = envint("INSPECTION_MAX_EXPORT_ROWS", 50_000, minimum=1)

# --- internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static and media files -------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploaded evidence, licences, attachments: never served from a public URL, only through
# permission-checked views (files app). ``PRIVATE_STORAGE=s3`` keeps them in any
# S3-compatible store through django-storages.
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
PRIVATE_STORAGE = envchoice("PRIVATE_STORAGE", "filesystem", ("filesystem", "s3"))
_PRIVATE_STORAGE_BACKENDS: dict[str, dict[str, Any]] = {
    "filesystem": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID"),
            "secret_key": envstr("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": _PRIVATE_STORAGE_BACKENDS[PRIVATE_STORAGE],
}
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- search -----------------------------------------------------------------------------
# tantivy: the embedded index under SEARCH_DIR (default). postgres: a pre-segmented tsvector
# table in the same PostgreSQL, for several web nodes sharing one database.
SEARCH_BACKEND = envchoice("SEARCH_BACKEND", "tantivy", ("tantivy", "postgres"))
_ON_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if SEARCH_BACKEND == "postgres" and not _ON_POSTGRES:
    raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs DATABASE_URL=postgres://…")
SEARCH_DIR = Path(envstr("SEARCH_DIR", str(VAR_DIR / "search")))
SEARCH_WRITER_HEAP = envint("SEARCH_WRITER_HEAP", 16_000_000, minimum=15_000_000)
SEARCH_REBUILD_HEAP = envint("SEARCH_REBUILD_HEAP", 400_000_000, minimum=15_000_000)
SEARCH_REBUILD_THREADS = envint("SEARCH_REBUILD_THREADS", 2, minimum=1)
# Finished answers to repeated searches kept per web process (0: none); see
# rencai.search.service.Answers. About 25 KB each for the API.
SEARCH_ANSWER_CACHE = envint("SEARCH_ANSWER_CACHE", 2048, minimum=0)
# Resume searches per organisation member and minute (employer resume search, issue 7).
RESUME_SEARCH_PER_MINUTE = envint("RESUME_SEARCH_PER_MINUTE", 30, minimum=1)

# --- resumes -------------------------------------------------------------------------------
# Resumes an organisation may download per day (PI-09: quota; 429 beyond it).
RESUMES_DOWNLOADS_PER_ORG_PER_DAY = envint("RESUMES_DOWNLOADS_PER_ORG_PER_DAY", 100, minimum=1)

# --- job postings ------------------------------------------------------------------------
# Publish a posting whose screening verdict is "pass" without waiting for a reviewer (the
# organisation must be in good standing). Off by default: every posting is reviewed (JOB-08).
JOBS_AUTO_PUBLISH = envbool("JOBS_AUTO_PUBLISH", False)
# Public screening endpoint: checks per IP per hour.
JOBS_SCREEN_HOURLY_LIMIT_PER_IP = envint("JOBS_SCREEN_HOURLY_LIMIT_PER_IP", 120, minimum=1)
JOBS_REPORTS_HOURLY_LIMIT_PER_IP = envint("JOBS_REPORTS_HOURLY_LIMIT_PER_IP", 20, minimum=1)

# --- applications -------------------------------------------------------------------------
# Days after a rejection before the seeker may apply for the same job again.
APPLICATION_REAPPLY_DAYS = envint("APPLICATION_REAPPLY_DAYS", 30, minimum=0)
# Invitations to apply an organisation may send per day, and how long one stays open.
APPLICATION_INVITATIONS_PER_ORG_PER_DAY = envint(
    "APPLICATION_INVITATIONS_PER_ORG_PER_DAY", 50, minimum=1
)
APPLICATION_INVITATION_DAYS = envint("APPLICATION_INVITATION_DAYS", 14, minimum=1)

# --- conversations and interviews ----------------------------------------------------------
MESSAGING_MAX_MESSAGE_CHARS = envint("MESSAGING_MAX_MESSAGE_CHARS", 2000, minimum=100)
# At most one "new message" notification per conversation and recipient in this many minutes.
MESSAGING_NOTIFY_MINUTES = envint("MESSAGING_NOTIFY_MINUTES", 10, minimum=1)
# Both sides are reminded once, this many hours before a confirmed interview.
INTERVIEW_REMINDER_HOURS = envint("INTERVIEW_REMINDER_HOURS", 24, minimum=1)
# How long a protected call number (PI-07) stays mapped to the two parties.
VIRTUAL_NUMBER_TTL_MINUTES = envint("VIRTUAL_NUMBER_TTL_MINUTES", 30, minimum=5)

# --- e-mail (EMAIL_PROVIDER=django sends through this backend; SMTP by configuration) ---
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "rencai <noreply@rencai.example>")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10, minimum=1)

# --- logging: no personal data in logs (GOV-05); request ids tie log lines to audit rows --
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # ID, mobile and bank card numbers are masked in every handler (GOV-05).
    "filters": {"sensitive": {"()": "rencai.core.logfilters.SensitiveDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["sensitive"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"huey": {"level": "INFO"}, "django.db.backends": {"level": "WARNING"}},
}
