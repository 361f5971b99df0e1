from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import pgettext_lazy


class WebConfig(AppConfig):
    name = "kehoach.web"
    label = "web"
    verbose_name = pgettext_lazy("app", "Giao diện")

    def ready(self) -> None:
        # inside: apps.py loads before the models (and the modules that use them)
        from kehoach.audit.models import AuditEntry
        from kehoach.web import checks, language, notices  # inside: the same

        # Issue 24: messages without English in code take it from the catalogue.
        language.install()

        # `kehoach migrate` is all an operator runs: it also creates the cache's table.
        post_migrate.connect(checks.create_cache_tables, sender=self)
        # Issue 23: an e-mail when something lands in a person's to-do list.
        post_save.connect(notices.on_audit_entry, sender=AuditEntry, dispatch_uid="kehoach-notices")
