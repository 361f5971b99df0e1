from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kehoach.accounts"
    label = "accounts"
    verbose_name = "Tổ chức và người dùng / Organisations and people"
    default_auto_field = "django.db.models.BigAutoField"
