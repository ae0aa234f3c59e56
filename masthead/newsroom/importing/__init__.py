"""Importers for WordPress, Ghost and Substack exports (see docs/migration.md)."""


def run_import(
    source: str, data: bytes, mapping_text: str | None, media, dry_run=False, fetch=False, site="", **kept
):
    """Parse the whole file first (a broken one raises ExportError saying
    where), then write everything in one transaction. With `fetch`, pictures
    the media folder lacks are fetched from the old site first. With `file_name`
    (and `by`), the report is kept: `report.run`."""
    from . import apply, ghost, runs, substack, wxr

    parser = {"wordpress": wxr.parse, "ghost": ghost.parse, "substack": substack.parse}[source]
    export = parser(data)
    mapping = apply.load_mapping(mapping_text)
    report = apply.Importer(export, mapping, media, fetch=fetch, site=site).run(dry_run=dry_run)
    if kept.get("file_name"):
        report.run = runs.keep(report, source=source, dry_run=dry_run, **kept)
    return report
