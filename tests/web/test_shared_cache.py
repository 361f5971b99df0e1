"""Kept page parts work from a cache shared by every worker and host (issue 25): with Django's
database cache (the default of the shared-cache setting of issue 21), the plan page, the
editor, the campaign dashboard and the outcomes dashboard are stored in the shared table,
served from it on the next view with the same HTML, and a change made anywhere is seen at once
(the key names the data's generation, not the process)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kehoach.plans import services
from kehoach.plans.models import EstimateLine

TABLE = "kehoach_cache_i25_test"
SHARED = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": TABLE,
    }
}


def _rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(TABLE)}")
        return int(cursor.fetchone()[0])


def _unmasked(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


@pytest.mark.django_db
@override_settings(CACHES=SHARED)
@pytest.mark.parametrize(
    "page", ["/ke-hoach/{pk}/", "/ke-hoach/{pk}/du-toan/", "/bao-cao/ke-hoach/{pk}/", "/ket-qua/"]
)
def test_kept_parts_live_in_the_shared_database_cache(plan, editor, page):
    call_command("createcachetable", verbosity=0)
    assert caches["default"].__class__.__name__ == "DatabaseCache"
    url = page.format(pk=plan.pk)
    first = editor.get(url)
    assert first.status_code == 200
    stored = _rows()
    assert stored >= 1  # the part went to the shared table, not to this process's memory
    second = editor.get(url)
    assert _rows() == stored  # served from the table: nothing computed or stored again
    assert _unmasked(first.content.decode()) == _unmasked(second.content.decode())


@pytest.mark.django_db
@override_settings(CACHES=SHARED)
def test_a_change_made_by_another_worker_is_seen_at_once(plan, editor):
    from django.contrib.auth.models import User

    call_command("createcachetable", verbosity=0)
    url = f"/ke-hoach/{plan.pk}/"
    editor.get(url)
    line = EstimateLine.objects.filter(plan=plan).order_by("id").first()
    # "Another worker": a service call outside this client's requests, with a fresh cache
    # connection; the shared part this client reads next is the new one.
    caches.close_all()
    services.line_update(
        user=User.objects.get(username="bcxb"),
        line=line,
        data={"content": "Nội dung đổi ở tiến trình khác"},
        version=line.version,
    )
    assert "Nội dung đổi ở tiến trình khác" in editor.get(url).content.decode()
