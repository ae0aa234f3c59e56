"""Imports kept with their reports, for the admin's page and CSV."""

import csv
import io

from ..models import ImportItem, ImportRun

CSV_COLUMNS = ["source id", "title", "old URL", "new URL", "outcome", "notes"]


def keep(report, *, source: str, file_name: str, by=None, dry_run=False) -> ImportRun:
    run = ImportRun.objects.create(
        source=source,
        file_name=file_name[:255],
        by=by,
        dry_run=dry_run,
        notes=[line for line in report.lines() if not line.startswith(("created:", "updated:"))],
    )
    ImportItem.objects.bulk_create(
        ImportItem(
            run=run,
            position=position,
            source_id=item.source_id[:100],
            title=item.title[:300],
            old_url=item.old_url[:500],
            # A dry run's pages were rolled back.
            page_id=None if dry_run else item.page_id,
            outcome=item.outcome,
            notes=item.notes,
        )
        for position, item in enumerate(report.items)
    )
    return run


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
