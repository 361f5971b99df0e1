"""Settings for the web benchmark only: the production settings (DEBUG off, whitenoise with
compressed static files, secure cookies) served over plain HTTP on 127.0.0.1, with the
benchmark's URLconf (the product's URLs plus the bare baseline page)."""

from kehoach.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.web_urls"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
