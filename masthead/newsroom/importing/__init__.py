"""Importers for WordPress, Ghost and Substack exports (see docs/migration.md)."""


def parse(source: str, data: bytes):
    """The whole export, read; a broken file raises ExportError saying where."""
    from . import ghost, substack, wxr

    return {"wordpress": wxr.parse, "ghost": ghost.parse, "substack": substack.parse}[source](data)


def run_import(
    source: str,
    data: bytes,
    mapping_text: str | None,
    media,
    dry_run=False,
    fetch=False,
    site="",
    run=None,
    **kept,
):
    """Parse the whole file first, then write it a batch at a time
    (apply.Importer.run). With `fetch`, pictures the media folder lacks are
    fetched from the old site first. The report is kept on `run`, or on a
    run started here given `file_name` (and `by`): `report.run`."""
    from . import apply, runs

    try:
        export = parse(source, data)
        mapping = apply.load_mapping(mapping_text)
        if run is None and kept.get("file_name"):
            run = runs.start(source=source, dry_run=dry_run, total=len(export.posts), **kept)
        importer = apply.Importer(export, mapping, media, fetch=fetch, site=site)
        report = importer.run(dry_run=dry_run, progress=runs.progress(run) if run else None)
    except Exception as error:
        if run is not None:  # a file refused before a run was started leaves none
            runs.fail(run, error)
        raise
    if run is not None:
        report.run = runs.finish(run, report)
    return report
