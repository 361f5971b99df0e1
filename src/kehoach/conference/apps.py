from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ConferenceConfig(AppConfig):
    name = "kehoach.conference"
    label = "conference"
    verbose_name = pgettext_lazy("app", "Hội nghị, nội dung, giám sát")
    default_auto_field = "django.db.models.BigAutoField"
