"""Background jobs (django-tasks, database backend; the worker is `kehoach db_worker`, started
by `make run` and run by systemd in production, docs/operators.md): a dossier export is
aggregated outside the request, the job's progress and counts saved as it goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task

from kehoach.outcomes import services
from kehoach.outcomes.models import ImportState, OutcomeImport


@task()
def run_dossier_import(job_id: int, path: str, by_service: bool = False) -> str:
    job = OutcomeImport.objects.select_related("organisation", "user").get(pk=job_id)
    job.status = ImportState.RUNNING
    job.save(update_fields=["status"])
    last = [-1]

    def progress(percent: float, share: float = 0.9, offset: float = 0.0) -> None:
        value = int(offset + percent * share)
        if value != last[0]:
            last[0] = value
            OutcomeImport.objects.filter(pk=job_id).update(progress=value)

    def insert(percent: float) -> None:
        progress(percent, 0.1, 90.0)

    try:
        job = services.dossiers_import(
            user=job.user,
            organisation=job.organisation,
            path=path,
            on_error=job.on_error,
            by_service=by_service,
            progress=progress,
            insert_progress=insert,
            job=job,
        )
    finally:
        Path(path).unlink(missing_ok=True)
    return str(job.status)


def enqueue_dossier_import(job: Any, path: Path, by_service: bool = False) -> None:
    run_dossier_import.enqueue(job.pk, str(path), by_service)
