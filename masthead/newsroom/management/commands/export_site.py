from pathlib import Path

from django.core.management.base import BaseCommand

from masthead.newsroom.site_archive import export_site


class Command(BaseCommand):
    help = "Write the whole site (content, pictures, subscribers, users, settings) to a .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        manifest = export_site(archive)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Wrote {archive}: {rows} rows, {manifest['media_files']} media files.")
