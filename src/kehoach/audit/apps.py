from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AuditConfig(AppConfig):
    name = "kehoach.audit"
    label = "audit"
    verbose_name = pgettext_lazy("app", "Nhật ký")
    default_auto_field = "django.db.models.BigAutoField"
