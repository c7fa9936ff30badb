"""Settings for icsportal: one module, configured by environment variables.

Every variable is read once, here, through the small helpers below, and listed in
the README. With no variables at all the site runs for development on a SQLite file
in the project folder; DJANGO_DEBUG=0 switches on production behaviour and then
refuses to start without a real secret key.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", True)

# The development key is public by design; production refuses it just below.
_DEV_SECRET_KEY = (
    "django-insecure-development-only-key-never-used-in-production"  # noqa: S105  # nosec B105
)
SECRET_KEY = env("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (
    not SECRET_KEY
    or SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG=0 "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the stored search document field and its GIN index
    "taggit",
    "axes",
    "django_ckeditor_5",
    "simple_history",
    "ninja",
    "icsportal",
    "people",
    "bulletins",
    "governance",
]

MIDDLEWARE = [
    "icsportal.logging.RequestLogMiddleware",
    "icsportal.http.HeadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "icsportal.security.NullCharacterMiddleware",
    "icsportal.cors.CorsMiddleware",
    "icsportal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "icsportal.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "icsportal.security.AdminContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "icsportal.static_pages.StaticPageFallbackMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "icsportal.urls"
WSGI_APPLICATION = "icsportal.wsgi.application"
SITE_ID = 1

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
                "django.template.context_processors.csp",
                "icsportal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# On PostgreSQL, statements a connection repeats are prepared once
# (icsportal/postgresql/base.py); 0 behind a pooler in transaction mode.
ICSPORTAL_PREPARED_STATEMENTS = envbool("ICSPORTAL_PREPARED_STATEMENTS", True)
if (
    ICSPORTAL_PREPARED_STATEMENTS
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
):
    DATABASES["default"]["ENGINE"] = "icsportal.postgresql"
# How long a statement of the web process may wait for a lock, and run, on PostgreSQL,
# in milliseconds; 0 for no limit. Set on the connections of icsportal.wsgi only, so
# migrations and management commands are not limited. Both stay under gunicorn's 30 s
# timeout, so that a page the database cannot render in time is sent as the page
# cache's earlier copy or as 503 rather than the worker being killed.
ICSPORTAL_DB_LOCK_TIMEOUT_MS = envint("ICSPORTAL_DB_LOCK_TIMEOUT_MS", 2000)
ICSPORTAL_DB_STATEMENT_TIMEOUT_MS = envint("ICSPORTAL_DB_STATEMENT_TIMEOUT_MS", 20000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Meetings happen in Europe/London and the minutes write local times.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "icsportal.staticfiles.StaticStorage"
        )
    },
}
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Django 6.1 mailers. SMTP options come from DJANGO_EMAIL_HOST, _PORT, _USER, _PASSWORD.
_EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env("DJANGO_EMAIL_HOST", "localhost"),
        "port": envint("DJANGO_EMAIL_PORT", 587),
        "username": env("DJANGO_EMAIL_USER"),
        "password": env("DJANGO_EMAIL_PASSWORD"),
        "use_tls": envbool("DJANGO_EMAIL_USE_TLS", True),
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "icsportal@localhost")

# Security headers. The CSP allows no inline script and no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions are short: an unattended admin closes within two hours.
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_COOKIE_AGE", 2 * 60 * 60)

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}

# Rich text: CKEditor 5 in the admin. Whatever it produces is sanitised on save
# by icsportal.richtext, whose allow-list the toolbar below stays inside.
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": {
            "items": [
                "heading", "|", "bold", "italic", "link", "|",
                "bulletedList", "numberedList", "blockQuote", "insertTable", "|",
                "imageUpload", "|", "undo", "redo",
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Heading 2",
                 "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Heading 3",
                 "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Heading 4",
                 "class": "ck-heading_heading4"},
            ]
        },
        "link": {"allowedProtocols": ["https?", "mailto"]},
    },
}
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 5  # MB

TAGGIT_CASE_INSENSITIVE = True

# The name the site shows for the ICS; one installation serves one ICS.
ICS_NAME = env("ICSPORTAL_ICS_NAME", "Leicester, Leicestershire and Rutland ICS")
ICS_SHORT_NAME = env("ICSPORTAL_ICS_SHORT_NAME", "LLR ICS")
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "ckeditor_upload"

# --- trust: security headers, login throttling, media, request logs ---
# Browser features the site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking", "interest-cohort", "browsing-topics",
    ]
}
# The admin's own policy (icsportal.security), so that a future editor plugin that needs
# a relaxation gets it there and not on public pages. CKEditor 5 as configured here sets
# its styles through the CSSOM, which CSP allows: tested in Chromium
# (tests/browser/test_xss.py), it needs nothing beyond the public policy.
ADMIN_CSP = {**SECURE_CSP}
# Anything the browser closes ends the staff session, on top of SESSION_COOKIE_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Brute-force protection for every login form (django-axes): five wrong passwords for a
# username from one address lock that pair out for an hour, even with the right password.
AUTHENTICATION_BACKENDS = [
    "icsportal.security.LoginRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("ICSPORTAL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=envint("ICSPORTAL_LOGIN_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Reverse proxies in front of gunicorn, each appending to X-Forwarded-For: the address
# counted by the login throttle and the question form is the one the outermost saw
# (icsportal.clients). 0: no proxy, REMOTE_ADDR is the client's.
ICSPORTAL_PROXY_COUNT = envint("ICSPORTAL_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "icsportal.clients.client_address"
AXES_RESET_ON_SUCCESS = True
# Failed attempts are kept until the cool-off ends; a log of every successful login
# would be personal data with no purpose here.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Small deployments without a proxy in front can let Django serve uploads (with the
# headers of icsportal.media); anything larger should let the web server do it.
ICSPORTAL_SERVE_MEDIA = envbool("ICSPORTAL_SERVE_MEDIA", False)

if not DEBUG:
    # One JSON line per request on stdout (icsportal.logging); no addresses, no user data.
    LOGGING["formatters"] = {"json": {"()": "icsportal.logging.JSONFormatter"}}
    LOGGING["handlers"]["json"] = {"class": "logging.StreamHandler", "formatter": "json"}
    LOGGING["loggers"] = {
        "icsportal.requests": {"handlers": ["json"], "level": "INFO", "propagate": False},
        # The request log already records each 4xx/5xx; Django's own lines carry the
        # query string, so they are kept to errors (which carry the traceback).
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
    }
else:
    LOGGING["loggers"] = {"icsportal.requests": {"level": "WARNING"}}

# --- performance ---
# CACHE_URL (redis://host:6379/0) selects a Redis cache shared by every worker, which
# the page cache needs to invalidate across workers; without it each process keeps its
# own local-memory cache. See docs/performance.md.
CACHE_URL = env("CACHE_URL")


def cache_config(url, timeout):
    """Redis at `url`, shared by every worker, or this process's own memory with the
    content version in a file the site's processes share (icsportal.local_cache). A
    Redis server that stops answering must not hold a request: a connection or a read
    gives up after `timeout` seconds and the page is rendered without the cache
    (icsportal.caching.CacheHealth)."""
    if url:
        return {
            "BACKEND": "icsportal.redis_cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    return {
        "BACKEND": "icsportal.local_cache.LocalCache",
        "LOCATION": "icsportal",
        # Pages, by number and by their bytes in each process (icsportal.local_cache).
        "OPTIONS": {"MAX_ENTRIES": 5000,
                    "MAX_BYTES": envint("ICSPORTAL_LOCAL_CACHE_MB", 16) * 1024 * 1024},
    }


CACHES = {"default": cache_config(CACHE_URL, envint("ICSPORTAL_CACHE_TIMEOUT_MS", 250) / 1000)}
# Without CACHE_URL, where the processes serving this site on one machine share its
# content version and its shared counts (icsportal.local_cache): a directory they can
# all write.
ICSPORTAL_STATE_DIR = Path(env("ICSPORTAL_STATE_DIR", str(BASE_DIR / "var")))

# The anonymous page cache (icsportal.caching); ICSPORTAL_PAGE_CACHE=0 turns it off.
ICSPORTAL_PAGE_CACHE = envbool("ICSPORTAL_PAGE_CACHE", True)
ICSPORTAL_PAGE_CACHE_SECONDS = envint("ICSPORTAL_PAGE_CACHE_SECONDS", 600)
# How much longer a page is kept after that, to be sent only while the database cannot
# render it afresh (icsportal.caching, `when_database_unavailable`); 0 keeps none.
ICSPORTAL_PAGE_CACHE_GRACE_SECONDS = envint("ICSPORTAL_PAGE_CACHE_GRACE_SECONDS", 86400)
# How long browsers and a CDN may reuse a public page without asking again.
ICSPORTAL_CACHE_MAX_AGE = envint("ICSPORTAL_CACHE_MAX_AGE", 60)
# How long past max-age a CDN may send its copy of a public page while the site answers
# with an error (Cache-Control stale-if-error, RFC 5861); 0 leaves it out.
ICSPORTAL_CACHE_STALE_IF_ERROR = envint("ICSPORTAL_CACHE_STALE_IF_ERROR", 86400)

# How many matches of each type the site search counts and ranks (icsportal.search):
# past it a type shows "more than N" and pages through N results, 20 to a page. A
# smaller cap is faster on a large archive and ranks fewer matches: the trade is the
# people's who run the site (docs/performance.md, "Search").
ICSPORTAL_SEARCH_CAP = envint("ICSPORTAL_SEARCH_CAP", 300)
if ICSPORTAL_SEARCH_CAP < 20 or ICSPORTAL_SEARCH_CAP % 20:
    raise ImproperlyConfigured(
        "ICSPORTAL_SEARCH_CAP must be a multiple of 20 (a page of one type's results), "
        f"at least 20, not {ICSPORTAL_SEARCH_CAP}."
    )
