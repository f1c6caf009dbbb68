"""Settings shared by every deployment. All state lives in the data directory (see datadir)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from grassroots.datadir import data_dir, read_or_create_key
from grassroots.kernel.proxies import ProxySettingError, parse_trusted_proxies
from grassroots.settings.apps import INSTALLED_APPS  # noqa: F401  (the one list of apps)
from grassroots.settings.security import https_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = data_dir()

SECRET_KEY = read_or_create_key("django-secret").hex()
# Personal data keys: AES-256-GCM for values at rest, HMAC-SHA256 for blind-index look-ups.
FIELD_ENCRYPTION_KEY = read_or_create_key("field-encryption")
BLIND_INDEX_KEY = read_or_create_key("blind-index")
# HMAC-SHA256 key of the audit log's hash chain (audit/chain.py): a key of its own, so the
# chain proves nothing about, and reveals nothing of, the personal data keys.
AUDIT_CHAIN_KEY = read_or_create_key("audit-chain")

DEBUG = os.environ.get("GRASSROOTS_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("GRASSROOTS_ALLOWED_HOSTS", "*").split(",") if h]
# The reverse proxies in front of the server (addresses or networks, comma-separated): only
# from them are X-Forwarded-Proto and X-Forwarded-For believed (kernel/proxies.py), so that the
# audit log and the sign-in limits see the client's address rather than the proxy's.
try:
    TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("GRASSROOTS_TRUSTED_PROXIES", ""))
except ProxySettingError as exc:
    raise ImproperlyConfigured(str(exc)) from None
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("GRASSROOTS_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# Behind a TLS proxy: Secure cookies, HSTS, and a redirect from plain HTTP (settings/security.py).
HTTPS = os.environ.get("GRASSROOTS_HTTPS") == "1"
if HTTPS:
    globals().update(https_settings())

MIDDLEWARE = [
    # Drops X-Forwarded-* from peers that are no trusted proxy, before anything reads them.
    "grassroots.web.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "grassroots.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "grassroots.web.middleware.ChineseFirstLocaleMiddleware",  # cookie, not Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "grassroots.accounts.middleware.TwoFactorRequiredMiddleware",
    "grassroots.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "grassroots.web.middleware.NoStoreMiddleware",  # pages with personal data stay uncached
]

ROOT_URLCONF = "grassroots.site.urls"
WSGI_APPLICATION = "grassroots.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "grassroots.sqlite3",
        # Opening the file and running the PRAGMAs below costs more than a whole API call
        # does; each server thread keeps its connection instead.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
            # timeout instead of one failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Account"
AUTHENTICATION_BACKENDS = ["grassroots.accounts.backends.LockingBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "grassroots.accounts.validators.ComplexityValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "site:home"

# Sign-in rules for a government intranet (等保三级, application level).
# A lock holds one account name from one client address (accounts.models.SignInThrottle);
# an address that fails this often within the window, whatever the names, is refused too.
SIGN_IN_MAX_FAILURES = 5
SIGN_IN_LOCK_MINUTES = 15
SIGN_IN_ADDRESS_MAX_FAILURES = 50
SIGN_IN_ADDRESS_WINDOW_MINUTES = 15
PASSWORD_HISTORY = 5  # a new password may not be any of the last five, the current one included
API_TOKEN_DAYS = 90  # the default lifetime of an API token (grassroots token create --days N)
SESSION_COOKIE_AGE = 30 * 60  # idle sessions end after 30 minutes ...
SESSION_SAVE_EVERY_REQUEST = True  # ... counted from the last request, not from sign-in
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates in forms are written ISO first, which <input type="date"> reads (formats/zh_Hans).
FORMAT_MODULE_PATH = ["grassroots.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end packages are installed from the npm registry at set-up into node_modules/.
NODE_MODULES_DIR = Path(os.environ.get("GRASSROOTS_NODE_MODULES", REPO_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES_DIR / "chart.js" / "dist"),  # charts, drawn in the browser
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "uploads"
# Uploads (photos, evidence, import files) are personal data: the owner's alone (datadir.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
MEDIA_URL = "/media/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GRASSROOTS_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# How a registry file uploaded on the web is checked and imported: "subprocess" (a process of
# its own per file, so a large import holds no web worker) or "inline" (within the request).
REGISTRY_IMPORT_RUNNER = os.environ.get("GRASSROOTS_IMPORT_RUNNER", "subprocess")
# Two-committee cadres: members older than this many full years are flagged in the report.
CADRES_AGE_LIMIT = int(os.environ.get("GRASSROOTS_CADRES_AGE_LIMIT", "60"))
# Building sweeps' data-quality view (扫楼数据质量, grassroots/sweeps/quality.py):
# a worker recording more than SWEEP_PACE_MAX_ROOMS rooms within SWEEP_PACE_WINDOW_MINUTES
# (by the visits' own times) is flagged; so are SWEEP_OFF_HOURS_MIN_VISITS or more visits by one
# worker on one day outside working hours, SWEEP_WORK_HOURS = (first hour, hour after the last).
SWEEP_PACE_MAX_ROOMS = int(os.environ.get("GRASSROOTS_SWEEP_PACE_MAX_ROOMS", "20"))
SWEEP_PACE_WINDOW_MINUTES = int(os.environ.get("GRASSROOTS_SWEEP_PACE_WINDOW_MINUTES", "10"))
SWEEP_WORK_HOURS = (8, 20)
SWEEP_OFF_HOURS_MIN_VISITS = int(os.environ.get("GRASSROOTS_SWEEP_OFF_HOURS_MIN_VISITS", "5"))
# Largest photo accepted from a phone (they are resized in the browser before sending).
SWEEP_PHOTO_MAX_BYTES = 2 * 1024 * 1024
# Residents' demands: how far back a likely duplicate is looked for, and how often one client
# address may use the public page (per hour) to submit, and to look a demand up.
DEMANDS_DUPLICATE_WINDOW_DAYS = int(os.environ.get("GRASSROOTS_DEMANDS_DUPLICATE_DAYS", "14"))
DEMANDS_PUBLIC_SUBMITS_PER_HOUR = int(os.environ.get("GRASSROOTS_PUBLIC_SUBMITS", "10"))
DEMANDS_PUBLIC_LOOKUPS_PER_HOUR = int(os.environ.get("GRASSROOTS_PUBLIC_LOOKUPS", "30"))
