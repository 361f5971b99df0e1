from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "kehoach.execution"
    label = "execution"
    verbose_name = "Thực hiện / Execution"
    default_auto_field = "django.db.models.BigAutoField"
