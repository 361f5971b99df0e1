"""The database layer works on the configured engine (SQLite here; PostgreSQL in the second run
of `make test`)."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_the_migrated_database_accepts_and_returns_vietnamese_text():
    User.objects.create(username="tran.van.dung", first_name="Trần Văn", last_name="Dũng")
    user = User.objects.get(username="tran.van.dung")
    assert (user.first_name, user.last_name) == ("Trần Văn", "Dũng")
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_djangos_system_check_passes_with_the_database():
    out = StringIO()
    call_command("check", "--database", "default", stdout=out)
    assert "no issues" in out.getvalue()
