"""Importers for WordPress and Ghost exports (see docs/newsroom.md)."""


def run_import(source: str, data: bytes, mapping_text: str | None, media, dry_run=False):
    """Parse the whole file first (a broken one raises ExportError saying
    where), then write everything in one transaction."""
    from . import apply, ghost, wxr

    parser = {"wordpress": wxr.parse, "ghost": ghost.parse}[source]
    export = parser(data)
    mapping = apply.load_mapping(mapping_text)
    return apply.Importer(export, mapping, media).run(dry_run=dry_run)
