"""Safe defaults for every environment; dev, test and production change only what they must."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from kehoach.settings.env import env_bool, env_cache, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("KEHOACH_DATA_DIR", str(Path.cwd() / "var")))

SECRET_KEY = env_str("KEHOACH_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("KEHOACH_DEBUG", False)
ALLOWED_HOSTS = env_list("KEHOACH_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "kehoach.web",
    "kehoach.accounts",
    "kehoach.audit",
    "kehoach.plans",
    "kehoach.execution",
    "kehoach.outcomes",
    "kehoach.conference",
    "kehoach.reports",
    "kehoach.public",
    "kehoach.api",
    "kehoach.documents",
    # issue 18: long imports run as background jobs (the worker: `kehoach db_worker`)
    "django_tasks",
    "django_tasks_db",
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Where uploaded dossier exports wait for the worker (they may hold millions of rows).
KEHOACH_UPLOAD_DIR = Path(env_str("KEHOACH_UPLOAD_DIR", str(DATA_DIR / "uploads")))
# A preview (statistics or dossiers) not confirmed within this many days is removed with its
# file (`kehoach clean-previews`, and at each new preview).
KEHOACH_PREVIEW_MAX_AGE_DAYS = env_int("KEHOACH_PREVIEW_MAX_AGE_DAYS", 7)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kehoach.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kehoach.web.middleware.NulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): 5 failures for a user name from one client address lock that
# user name from that address for 15 minutes (others, and the same person elsewhere, can still
# log in); a success resets the count. The client address is read by the one rule of
# kehoach.web.client, which KEHOACH_TRUSTED_PROXIES governs (behind nginx: X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "kehoach.web.client.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/locked.html"
AXES_VERBOSE = False

# Password rules (TCVN 11930:2017, level 2: strong passwords): at least 10 characters, not
# common, not all digits, not like the user's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "kehoach.urls"
WSGI_APPLICATION = "kehoach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kehoach.web.todo.menu",
            ]
        },
    }
]

# SQLite by default (a file in the data folder, zero set-up); PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'kehoach.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log and immediate transactions: concurrent saves wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What counts across requests (the public rate limit, kept page parts) lives in a cache shared
# by every worker and host (docs/design.md §8): Django's database cache by default — its table is
# created by `kehoach migrate` (kehoach.web.apps) —, Redis or Memcached where the operator has
# one (KEHOACH_CACHE_URL=redis://127.0.0.1:6379/1; needs the `redis` package). A per-process
# cache (locmem://) is refused by the system check under production settings.
CACHES = {"default": env_cache("KEHOACH_CACHE_URL", "db://kehoach_cache")}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
LOCALE_PATHS = [BASE_DIR / "locale"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "todo"  # issue 23: every role lands on its to-do list
LOGOUT_REDIRECT_URL = "login"

# Uploads: limited in size; kept in the database, never under the web root.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# The estimate editor's buttons submit the page's one form, which carries a "new line" field
# per section and a "move to section" field per line: a 5,000-line plan sends ~5,100 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Content-Security-Policy: everything from the app itself, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The public catalogue and short links (issue 12): the address printed in QR codes (empty: the
# address the request came to), and each address's allowance on the public pages and the
# redirector, (requests, seconds) — generous, as carriers put many phones behind one address.
KEHOACH_PUBLIC_BASE_URL = env_str("KEHOACH_PUBLIC_BASE_URL", "")
# Notices (issue 23): e-mails when something lands in a person's to-do list (SMTP settings
# EMAIL_HOST/EMAIL_PORT as Django reads them; development prints them on the console).
EMAIL_BACKEND = env_str("KEHOACH_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("KEHOACH_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("KEHOACH_EMAIL_FROM", "kehoach@localhost")
KEHOACH_PUBLIC_RATE = env_rate("KEHOACH_PUBLIC_RATE", (300, 60))
# How many reverse proxies stand in front (0: none; production reads it from the
# environment, default 1): decides the client address for login throttling, the public rate
# limit and visit counting (kehoach.web.client).
KEHOACH_TRUSTED_PROXIES = env_int("KEHOACH_TRUSTED_PROXIES", 0)

# Conference delegates (issue 7): their names and contacts are kept for this many days after
# the final report, then anonymised (Decree 13/2023/NĐ-CP); content files' size limit.
KEHOACH_DELEGATE_RETENTION_DAYS = env_int("KEHOACH_DELEGATE_RETENTION_DAYS", 30)
KEHOACH_CONTENT_MAX_BYTES = env_int("KEHOACH_CONTENT_MAX_BYTES", 50 * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
