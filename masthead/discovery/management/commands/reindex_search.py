"""`manage.py reindex_search`: reader search's own index written again
from the pages (discovery/engine.py). Wagtail's index, the admin's, is
`update_index`'s."""

from django.core.management.base import BaseCommand

from masthead.discovery import engine
from masthead.discovery.indexing import MODELS


class Command(BaseCommand):
    help = "Rebuild reader search's index; on PostgreSQL, building its indexes after the entries."

    def handle(self, *args, **options):
        log = self.stdout.write if options["verbosity"] > 1 else (lambda text: None)
        written = engine.rebuild(MODELS, log=log)
        if options["verbosity"]:
            self.stdout.write(f"{written:,} pages indexed for reader search.")
