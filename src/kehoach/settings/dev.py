from kehoach.settings.base import *  # noqa: F403

DEBUG = True
