from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "kehoach.accounts"
    label = "accounts"
    verbose_name = pgettext_lazy("app", "Tổ chức và người dùng")
    default_auto_field = "django.db.models.BigAutoField"
