"""What documents need of an organisation (issue 19): governing body, address, representative
and title, account, tax code, and "nghìn"/"ngàn" for amounts in words."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="governing_body",
            field=models.CharField(
                blank=True,
                help_text="Tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), ghi đầy đủ.",
                max_length=255,
                verbose_name="cơ quan chủ quản",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="address",
            field=models.CharField(blank=True, max_length=255, verbose_name="địa chỉ"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="representative",
            field=models.CharField(blank=True, max_length=120, verbose_name="người đại diện"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="representative_title",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="chức vụ người đại diện"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="treasury_account",
            field=models.CharField(
                blank=True,
                help_text="Số tài khoản và nơi mở (Kho bạc Nhà nước hoặc ngân hàng).",
                max_length=160,
                verbose_name="tài khoản",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="tax_code",
            field=models.CharField(blank=True, max_length=20, verbose_name="mã số thuế"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="thousand_word",
            field=models.CharField(
                choices=[("nghìn", "nghìn"), ("ngàn", "ngàn")],
                default="nghìn",
                help_text="“nghìn” hoặc “ngàn” khi viết số tiền bằng chữ, thống nhất trong văn bản.",
                max_length=8,
                verbose_name="cách đọc số hàng nghìn",
            ),
        ),
    ]
