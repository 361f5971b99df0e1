from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kehoach.reports"
    label = "reports"
    verbose_name = "Báo cáo / Reports"
    default_auto_field = "django.db.models.BigAutoField"
