from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebConfig(AppConfig):
    name = "kehoach.web"
    label = "web"
    verbose_name = "Giao diện / Web"

    def ready(self) -> None:
        from kehoach.web import checks

        # `kehoach migrate` is all an operator runs: it also creates the cache's table.
        post_migrate.connect(checks.create_cache_tables, sender=self)
