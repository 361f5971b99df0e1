from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OutcomesConfig(AppConfig):
    name = "kehoach.outcomes"
    label = "outcomes"
    verbose_name = pgettext_lazy("app", "Kết quả")
    default_auto_field = "django.db.models.BigAutoField"
