import tempfile as _tempfile
from pathlib import Path

from kehoach.settings.base import *  # noqa: F403
from kehoach.settings.env import env_cache

SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AXES_ENABLED = True
# Each test process has its own memory cache (fast, no table, cleared per test); the shared
# database cache is tested with real gunicorn workers in tests/security/test_shared_limits.py.
CACHES = {"default": env_cache("KEHOACH_TEST_CACHE_URL", "locmem://")}
KEHOACH_DEMO_EXECUTION = False  # the plan tests keep the sample a draft; see execution/demo.py

# A file, not memory: the browser journeys' live server answers from its own threads, each
# with its own connection (pytest-xdist adds a suffix per worker).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os as _os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        # one file per process: parallel runs (and xdist workers) never share a database
        "NAME": str(Path(_tempfile.gettempdir()) / f"kehoach-test-{_os.getpid()}.sqlite3")
    }

# Background jobs run at once in tests (the database backend and its worker in production).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
KEHOACH_UPLOAD_DIR = Path(_tempfile.gettempdir()) / "kehoach-test-uploads"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # issue 23 notices
