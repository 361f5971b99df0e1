from django.apps import AppConfig
from django.utils.translation import pgettext_lazy

from kehoach.core.messages import declare

# Declared (makemessages does not read the documents): English in the catalogue only.
NAME = declare("app.documents", "Văn bản", context="app")


class DocumentsConfig(AppConfig):
    name = "kehoach.documents"
    label = "documents"
    verbose_name = pgettext_lazy("app", NAME.vi)
