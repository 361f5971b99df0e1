from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save, pre_save


class ApiConfig(AppConfig):
    name = "kehoach.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Issue 21: a password change ends the person's web sessions (Django) and, here, their
        # API tokens; so does disabling the account. Every way of saving a user goes through
        # these (the password form, the admin, `changepassword`, a service).
        pre_save.connect(_note_revocation, sender=settings.AUTH_USER_MODEL, dispatch_uid="i21a")
        post_save.connect(_revoke_tokens, sender=settings.AUTH_USER_MODEL, dispatch_uid="i21b")


def _note_revocation(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    instance._kehoach_revoke_tokens = ""
    if instance.pk is None or kwargs.get("raw"):
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["is_active"] and not instance.is_active:
        instance._kehoach_revoke_tokens = "disabled"
    elif before["password"] != instance.password:
        # Django re-hashes a password on login when its hasher changes; that is no change
        # of password (it clears _password before saving only "password").
        upgrade = getattr(instance, "_password", None) is None and set(update_fields or ()) == {
            "password"
        }
        if not upgrade:
            instance._kehoach_revoke_tokens = "password"


def _revoke_tokens(sender: Any, instance: Any, **kwargs: Any) -> None:
    reason = getattr(instance, "_kehoach_revoke_tokens", "")
    if reason:
        from kehoach.api.services import tokens_revoke_all  # inside: apps.py loads before models

        instance._kehoach_revoke_tokens = ""
        tokens_revoke_all(owner=instance, reason=reason)
