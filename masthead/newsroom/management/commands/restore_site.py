from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.newsroom.site_archive import ArchiveError, restore_site


class Command(BaseCommand):
    help = "Restore a site archive made by export_site into this (empty, migrated) install."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace a site that is not empty. Careful.")

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore_site(archive, force=force)
        except ArchiveError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and {manifest['media_files']} media files from {archive}.")
