from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "kehoach.public"
    label = "public"
    verbose_name = "Trang công khai / Public pages"
    default_auto_field = "django.db.models.BigAutoField"
