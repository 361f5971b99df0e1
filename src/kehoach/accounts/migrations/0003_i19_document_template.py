"""An organisation's own Word template per document kind (issue 19)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_i19_document_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("acceptance", "Biên bản nghiệm thu"),
                            ("liquidation", "Biên bản thanh lý hợp đồng"),
                            ("invitation", "Giấy mời"),
                            ("sign_in", "Danh sách đại biểu ký tên"),
                            ("final", "Báo cáo kết quả"),
                            ("outline", "Đề cương tuyên truyền"),
                        ],
                        max_length=20,
                        verbose_name="loại văn bản",
                    ),
                ),
                ("filename", models.CharField(max_length=255, verbose_name="tên tệp")),
                ("content", models.BinaryField()),
                ("uploaded_at", models.DateTimeField(auto_now=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="document_templates",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "mẫu văn bản",
                "verbose_name_plural": "mẫu văn bản",
                "unique_together": {("organisation", "kind")},
            },
        ),
    ]
