from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "kehoach.outcomes"
    label = "outcomes"
    verbose_name = "Kết quả / Outcomes"
    default_auto_field = "django.db.models.BigAutoField"
