from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "kehoach.conference"
    label = "conference"
    verbose_name = "Hội nghị, nội dung, giám sát / Conference, content, supervision"
    default_auto_field = "django.db.models.BigAutoField"
