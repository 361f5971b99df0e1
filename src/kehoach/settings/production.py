from kehoach.settings.base import *  # noqa: F403
from kehoach.settings.env import env_bool, env_int, env_str

SECRET_KEY = env_str("KEHOACH_SECRET_KEY")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("KEHOACH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx in front (docs/operators.md): the client's address is the last X-Forwarded-For hop
KEHOACH_TRUSTED_PROXIES = env_int("KEHOACH_TRUSTED_PROXIES", 1)
# several gunicorn workers: a per-process cache is refused by the system check (kehoach.E021)
KEHOACH_SHARED_CACHE_REQUIRED = True
