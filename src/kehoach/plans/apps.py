from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    name = "kehoach.plans"
    label = "plans"
    verbose_name = pgettext_lazy("app", "Kế hoạch")
    default_auto_field = "django.db.models.BigAutoField"
