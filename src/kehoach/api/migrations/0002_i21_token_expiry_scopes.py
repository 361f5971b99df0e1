from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def existing_tokens_keep_working_for_90_days(apps, schema_editor):
    """Tokens made before issue 21 had no expiry and could do everything: they keep all the
    scopes and expire 90 days from the upgrade (their owners are told on the token page)."""
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=90), scopes=["read", "airings", "import"]
    )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.RunPython(existing_tokens_keep_working_for_90_days, migrations.RunPython.noop),
    ]
