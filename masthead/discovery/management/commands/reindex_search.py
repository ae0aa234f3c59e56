"""`manage.py reindex_search`: the whole search index rebuilt, as
`update_index` does, but on PostgreSQL with the index table's secondary
indexes dropped for the load and built again after, from their own
definitions.

Kept during a load, every chunk of entries is merged into five GIN indexes
and each body's word pairs are computed row by row: at 100,000 articles on
two cores the load slowed to 1,000 entries every two or three minutes
past the first 30,000. Built after, it is Python's pace, then a few
minutes of index builds. While it runs, readers' searches still work,
without those indexes, slowly: run it in a quiet hour."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from masthead.discovery.engine import _tables


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that back no constraint:
    the key and the unique (type, object) one the upserts need stay."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY indexname",
        [table],
    )
    return cursor.fetchall()


class Command(BaseCommand):
    help = "Rebuild the search index; on PostgreSQL, building its indexes after the entries."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            call_command("update_index", verbosity=options["verbosity"])
            return
        table, _ = _tables()
        with connection.cursor() as cursor:
            made = secondary_indexes(cursor, table)
            for name, _ in made:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
            try:
                call_command("update_index", verbosity=options["verbosity"])
            finally:
                # Rebuilt even when the load fails: search must not be left without them.
                # Checks deferred to a commit (inside a caller's transaction)
                # would block building an index: run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for name, definition in made:
                    self.stdout.write(f"Building {name}")
                    cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
                cursor.execute(f'ANALYZE "{table}"')
