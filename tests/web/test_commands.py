"""`kehoach demo` is idempotent; `kehoach status` reports a plan for scripts; the deployment
check is clean with production settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from kehoach.accounts.models import Organisation
from kehoach.plans.models import EstimateLine, Plan, PriceNorm

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_demo_loads_the_organisations_users_and_sample_plan_and_is_idempotent(monkeypatch):
    monkeypatch.setenv("KEHOACH_DEMO_PASSWORD", "pw-demo-123")
    out = StringIO()
    call_command("demo", stdout=out)
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Plan.objects.count(),
        EstimateLine.objects.count(),
        PriceNorm.objects.count(),
    )
    call_command("demo", stdout=StringIO())
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        Plan.objects.count(),
        EstimateLine.objects.count(),
        PriceNorm.objects.count(),
    )
    assert Organisation.objects.filter(kind="district_station").count() == 11
    assert "pw-demo-123" in out.getvalue()
    for username in ("quantri", "giamdoc", "bcxb", "khtc", "vanthu", "ubnd", "dai-chogao"):
        assert username in out.getvalue()
        assert User.objects.get(username=username).check_password("pw-demo-123")


@pytest.mark.django_db
def test_demo_passwords_are_random_without_the_variable(monkeypatch):
    monkeypatch.delenv("KEHOACH_DEMO_PASSWORD", raising=False)
    call_command("demo", stdout=StringIO())
    assert not User.objects.get(username="bcxb").check_password("")


@pytest.mark.django_db
def test_status_reports_the_plan_as_json(demo):
    out = StringIO()
    call_command("status", "46a/KH-STTTT", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"] == "draft"
    assert data["estimate"]["total"] == 188500000
    assert data["estimate"]["sections"]["A.I"] == 55000000
    assert any(f["code"] == "UNFUNDED_ACTIVITY" for f in data["findings"])


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kehoach.settings.production",
        "KEHOACH_SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdefghijklmnop",
        "KEHOACH_DATA_DIR": str(tmp_path),
        "KEHOACH_ALLOWED_HOSTS": "kehoach.example.vn",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser journeys only
    result = subprocess.run(
        [sys.executable, "-m", "kehoach", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
