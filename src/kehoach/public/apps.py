from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PublicConfig(AppConfig):
    name = "kehoach.public"
    label = "public"
    verbose_name = pgettext_lazy("app", "Trang công khai")
    default_auto_field = "django.db.models.BigAutoField"
