"""On PostgreSQL with the `rum` extension installed (Debian's
postgresql-NN-rum; most hosted PostgreSQL services offer it), a RUM index
answers phrase searches: unlike GIN it keeps each word's positions, so a
phrase is checked in the index instead of in every candidate's vector read
from TOAST (bench/search: 90 ms to 25 ms at 100,000 articles). Its
expression is the same vector as the GIN index's with an empty one added,
equal in value but not in form, so phrase queries (discovery/engine.py)
name this index and word queries keep the faster GIN index.
Without the extension (or the right to enable it) nothing is created and
phrases take the GIN path."""

from django.db import DatabaseError, migrations, transaction

PHRASE_INDEX = "discovery_search_phrase_rum"  # engine.PHRASE_INDEX


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cursor.fetchone():
            return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except DatabaseError:  # installed, but this role may not enable it
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PHRASE_INDEX} ON wagtailsearch_indexentry "
        "USING rum (((title || body) || ''::tsvector) rum_tsvector_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PHRASE_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("discovery", "0002_search_text_index")]

    operations = [migrations.RunPython(create, drop)]
