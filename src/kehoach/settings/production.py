from kehoach.settings.base import *  # noqa: F403
from kehoach.settings.env import env_str

SECRET_KEY = env_str("KEHOACH_SECRET_KEY")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
