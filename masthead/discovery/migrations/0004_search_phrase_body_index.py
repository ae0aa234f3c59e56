"""Phrases through a RUM index on the body that carries each entry's id
(`rum_tsvector_addon_ops`), in place of 0003's index on `title || body`.

That one checked a phrase over the whole archive before anything was
ordered: 35 ms for two common words at 100,000 articles, whatever the
window. This one hands over matches newest entry first and stops at the
window (discovery/engine.py); headlines, short and stored inline, are
matched through Wagtail's GIN index on the title. Where `rum` is missing
nothing is created, as in 0003, and phrases take the GIN path."""

from django.db import DatabaseError, migrations, transaction

OLD_INDEX = "discovery_search_phrase_rum"
PHRASE_INDEX = "discovery_search_phrase_body_rum"  # engine.PHRASE_INDEX


def _has_rum(schema_editor) -> bool:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cursor.fetchone():
            return False
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except DatabaseError:  # installed, but this role may not enable it
        return False
    return True


# (name, definition) of each index.
OLD = (OLD_INDEX, "USING rum (((title || body) || ''::tsvector) rum_tsvector_ops)")
NEW = (PHRASE_INDEX, "USING rum (body rum_tsvector_addon_ops, id) WITH (attach = 'id', to = 'body')")


def _replace(schema_editor, gone, made) -> None:
    if not _has_rum(schema_editor):
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {gone[0]}")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {made[0]} ON wagtailsearch_indexentry {made[1]}")


def create(apps, schema_editor):
    _replace(schema_editor, OLD, NEW)


def drop(apps, schema_editor):
    _replace(schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("discovery", "0003_phrase_index")]

    operations = [migrations.RunPython(create, drop)]
