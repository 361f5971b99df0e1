from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "kehoach.reports"
    label = "reports"
    verbose_name = pgettext_lazy("app", "Báo cáo")
    default_auto_field = "django.db.models.BigAutoField"
