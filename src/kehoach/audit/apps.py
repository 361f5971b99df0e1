from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kehoach.audit"
    label = "audit"
    verbose_name = "Nhật ký / Audit"
    default_auto_field = "django.db.models.BigAutoField"
