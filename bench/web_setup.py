"""Set-up of the web benchmark's database (after ``migrate`` and ``kehoach demo``), run as
``python -m bench.web_setup`` with ``DJANGO_SETTINGS_MODULE=bench.web_settings``: imports a
generated plan of 300 estimate lines (bench/generate.py, 6 sections, seed 14), and one of 15,
through the product's import services, and counts the database queries of each page on both
(drafts; Django's test client in process: a count, not a time).

Prints one JSON object: the plans' ids, the line the POST benchmark updates (with its form
fields), and the query counts.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any


def _form_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def main() -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.generate import generate
    from kehoach.accounts.models import Organisation
    from kehoach.plans import services
    from kehoach.plans.models import EstimateLine, Plan

    user = get_user_model().objects.get(username="bcxb")
    dept = Organisation.objects.get(code="TG-STTTT")
    sample = Plan.objects.get(organisation=dept, number="46a", symbol="KH-STTTT")
    content = generate(lines=300, sections=6, seed=14).encode("utf-8")
    job = services.plan_import_read(
        user=user, organisation=dept, filename="ke-hoach-300-dong.txt", content=content
    )
    big = services.plan_import_apply(user=user, job=job)
    # A small plan in the same state (draft) as the big one, for the query counts.
    small_text = generate(lines=15, sections=3, seed=14).replace("99/KH-STTTT", "98/KH-STTTT")
    job = services.plan_import_read(
        user=user,
        organisation=dept,
        filename="ke-hoach-15-dong.txt",
        content=small_text.encode("utf-8"),
    )
    small = services.plan_import_apply(user=user, job=job)
    line = EstimateLine.objects.filter(plan=big, quantity__isnull=False).order_by("pk").first()
    assert line is not None
    fields = [
        "number",
        "content",
        "duration",
        "quantity",
        "unit_price",
        "airings",
        "airing_unit_price",
        "lump_sum",
        "basis",
        "note",
        "executing_unit",
    ]
    form = {f"line-{line.pk}-{name}": _form_value(getattr(line, name)) for name in fields}

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def count(
        method: str, url: str, data: dict[str, str] | None = None, **headers: str
    ) -> dict[str, Any]:
        with CaptureQueriesContext(connection) as queries:
            if method == "POST":
                response = client.post(url, data or {}, **headers)
            else:
                response = client.get(url)
        return {"status": response.status_code, "queries": len(queries)}

    counts: dict[str, dict[str, Any]] = {}
    for label, plan in (("small", small), ("big", big)):
        lines = EstimateLine.objects.filter(plan=plan).count()
        first = EstimateLine.objects.filter(plan=plan, quantity__isnull=False).order_by("pk")[0]
        post = {f"line-{first.pk}-{name}": _form_value(getattr(first, name)) for name in fields}
        counts[label] = {
            "lines": lines,
            # The first view computes the page's kept parts; the second is served from them.
            "detail": count("GET", f"/ke-hoach/{plan.pk}/"),
            "detail_kept": count("GET", f"/ke-hoach/{plan.pk}/"),
            "editor": count("GET", f"/ke-hoach/{plan.pk}/du-toan/"),
            "editor_kept": count("GET", f"/ke-hoach/{plan.pk}/du-toan/"),
            "plan_dashboard": count("GET", f"/bao-cao/ke-hoach/{plan.pk}/"),
            "plan_dashboard_kept": count("GET", f"/bao-cao/ke-hoach/{plan.pk}/"),
            "update": count("POST", f"/ke-hoach/{plan.pk}/du-toan/dong/{first.pk}/", post),
            # As the grid sends it (a changed quantity: a real save), figures only.
            "update_grid": count(
                "POST",
                f"/ke-hoach/{plan.pk}/du-toan/dong/{first.pk}/",
                {**post, f"line-{first.pk}-quantity": str((first.quantity or 0) + 1)},
                HTTP_X_KEHOACH_FINDINGS="later",
            ),
        }
        # Back to the figures the benchmarks start from (the browser's edits type others).
        client.post(f"/ke-hoach/{plan.pk}/du-toan/dong/{first.pk}/", post)
    counts["list"] = {"plans": count("GET", "/ke-hoach/"), "dashboard": count("GET", "/ket-qua/")}
    json.dump(
        {
            "sample_plan": sample.pk,
            "big_plan": big.pk,
            "big_lines": EstimateLine.objects.filter(plan=big).count(),
            "line": line.pk,
            "form": form,
            "quantity": _form_value(line.quantity),
            "counts": counts,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
