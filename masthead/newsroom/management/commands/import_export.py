from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.newsroom.importing import run_import
from masthead.newsroom.importing.posts import ExportError


class Command(BaseCommand):
    help = "Import a WordPress (WXR), Ghost (JSON) or Substack (zip) export, post by post; nothing if broken."

    def add_arguments(self, parser):
        parser.add_argument("source", choices=["wordpress", "ghost", "substack"])
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--media",
            type=Path,
            help="Folder holding the export's pictures: a copy of its uploads tree (wp-content/uploads, "
            "Ghost's content/images) or the files side by side.",
        )
        parser.add_argument("--mapping", type=Path, help="JSON: categories and tags to regions and kinds.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )
        parser.add_argument(
            "--fetch",
            action="store_true",
            help="Fetch the pictures the media folder lacks from the old site.",
        )
        parser.add_argument(
            "--site", default="", help="The old site's address, for Ghost exports (they do not name it)."
        )

    def handle(
        self, *args, source, file, media=None, mapping=None, dry_run=False, fetch=False, site="", **options
    ):
        try:
            data = file.read_bytes()
            mapping_text = mapping.read_text() if mapping else None
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}.") from None
        if media is not None and not media.is_dir():
            raise CommandError(f"The media folder {media} does not exist.")
        try:
            report = run_import(
                source,
                data,
                mapping_text,
                media,
                dry_run=dry_run,
                fetch=fetch,
                site=site,
                file_name=file.name,
            )
        except ExportError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"The report is kept in the admin: Import posts → import {report.run.pk}.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
