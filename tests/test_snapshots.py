"""The rows a module's shared data is given back from (tests/snapshots.py): restoring a snapshot
makes the database hold exactly its rows, whatever it held — rows changed, added, deleted, and
rows whose related rows are gone (a contract line, read through its estimate line's order)."""

from __future__ import annotations

import pytest
from django.db import connection

from kehoach.conference import demo as conference_demo
from kehoach.execution import demo as execution_demo
from kehoach.execution.models import ContractLine
from kehoach.plans.models import EstimateLine, Plan
from tests.snapshots import KEPT, Snapshot
from tests.web.conftest import load_demo_with_outsider

pytestmark = [pytest.mark.django_db, pytest.mark.heavy]


def test_a_snapshot_gives_back_exactly_its_rows_whatever_the_database_holds():
    KEPT["migrated"].restore()  # whatever a session-wide fixture left on this worker's database
    empty = Snapshot.take()
    assert not ContractLine.objects.exists()
    load_demo_with_outsider("all")
    execution_demo.load(force=True)
    conference_demo.load(force=True)
    loaded = Snapshot.take()
    assert ContractLine.objects.exists()
    # changed every way: a title changed, a plan added, and the estimate lines gone from under
    # the contract lines (which are ordered by their estimate line's place)
    Plan.objects.update(title="Đổi")
    EstimateLine.objects.all()._raw_delete(connection.alias)
    empty.restore()
    assert Snapshot.take() == empty
    assert not ContractLine.objects.exists()
    loaded.restore()
    assert Snapshot.take() == loaded
    Plan.objects.update(title="Đổi lại")
    loaded.restore()
    assert Snapshot.take() == loaded
