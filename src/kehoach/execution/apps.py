from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ExecutionConfig(AppConfig):
    name = "kehoach.execution"
    label = "execution"
    verbose_name = pgettext_lazy("app", "Thực hiện")
    default_auto_field = "django.db.models.BigAutoField"
