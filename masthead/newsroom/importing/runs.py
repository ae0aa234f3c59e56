"""Imports kept with their reports, for the admin's page and CSV: a run is
started before the first post is written, shows how far it has come while
it works, and keeps its report (or why it stopped) when it ends."""

import csv
import io

from django.utils import timezone

from ..models import ImportItem, ImportRun

CSV_COLUMNS = ["source id", "title", "old URL", "new URL", "outcome", "notes"]


def start(*, source: str, file_name: str, by=None, dry_run=False, total=0, status="running") -> ImportRun:
    return ImportRun.objects.create(
        source=source, file_name=file_name[:255], by=by, dry_run=dry_run, total=total, status=status
    )


def progress(run: ImportRun):
    """`progress(done, total)` for `Importer.run`: called inside each batch's
    transaction, so the figure commits with the posts it counts."""

    def record(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(status="running", done=done, total=total)

    return record


def finish(run: ImportRun, report) -> ImportRun:
    run.notes = [line for line in report.lines() if not line.startswith(("created:", "updated:"))]
    run.status, run.finished_at = "done", timezone.now()
    run.done = run.total
    run.save(update_fields=["notes", "status", "finished_at", "done"])
    ImportItem.objects.bulk_create(
        ImportItem(
            run=run,
            position=position,
            source_id=item.source_id[:100],
            title=item.title[:300],
            old_url=item.old_url[:500],
            # A dry run's pages were rolled back.
            page_id=None if run.dry_run else item.page_id,
            outcome=item.outcome,
            notes=item.notes,
        )
        for position, item in enumerate(report.items)
    )
    return run


def fail(run: ImportRun, error: Exception) -> None:
    """A run that stopped: the batches committed before stay (a re-run goes
    on from them and leaves them unchanged); the page says so."""
    run.refresh_from_db(fields=["done", "total"])
    kept = (
        "Nothing was changed."
        if run.dry_run or not run.done
        else f"The first {run.done} of {run.total} posts were imported whole; import the file again to go on."
    )
    run.status, run.finished_at = "failed", timezone.now()
    run.error = f"{type(error).__name__}: {error}. {kept}"
    run.save(update_fields=["status", "finished_at", "error"])


def as_csv(run: ImportRun, request=None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in run.items.select_related("page"):
        new_url = item.page.get_url(request) if item.page else ""
        notes = " | ".join(item.notes)
        row = [item.source_id, item.title, item.old_url, new_url, item.outcome, notes]
        # A spreadsheet must not run a cell as a formula.
        writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in map(str, row)])
    return out.getvalue()
