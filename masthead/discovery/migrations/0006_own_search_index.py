"""Reader search on a table masthead owns (discovery/engine.py), in place
of the index Wagtail's database backend keeps for the admin.

SQLite: an FTS5 table over the entries' text (external content: the text
is stored once, in the entries), kept in step by triggers on every write,
with FTS5's default tokenizer, as Wagtail's was.

PostgreSQL: GIN indexes on the entries' own vectors, headline and body
matched together, the headline alone (phrases in headlines), and the word
pairs side by side in a body (phrases in bodies, see `discovery_word_pairs`
below). The indexes migrations 0002 to 0005 once made on Wagtail's table
are dropped where they were made.

The word pairs: `discovery_word_pairs(vector)` lists every two words found
side by side (positions p and p + 1) as one text, "cabl cut"; a body holds
the phrase "cable cuts" exactly when its pairs hold that one, which a GIN
index answers like any word, with no vector read from TOAST. COST: a
body's pairs take about a millisecond, some 10,000 times a plain
operator's; priced as one, the planner would rather compute them for each
entry of a narrow filter than read the index.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FTS = "discovery_search_fts"
SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, content='discovery_searchentry', content_rowid='id')",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON discovery_searchentry BEGIN
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON discovery_searchentry BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON discovery_searchentry BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
]
SQLITE_DROP = [f"DROP TABLE IF EXISTS {FTS}"]  # its triggers go with the entries' table

WAGTAIL_TABLE_INDEXES = (  # what 0002 to 0005 made on Wagtail's table
    "discovery_search_text_gin",
    "discovery_search_phrase_rum",
    "discovery_search_phrase_body_rum",
    "discovery_search_pairs_gin",
)
POSTGRES = [
    *(f"DROP INDEX IF EXISTS {name}" for name in WAGTAIL_TABLE_INDEXES),
    """CREATE OR REPLACE FUNCTION discovery_word_pairs(v tsvector) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
      SELECT coalesce(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme), '{}')
      FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) a
      JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) b ON b.pos = a.pos + 1
    $$""",
    "CREATE INDEX discovery_search_text_gin ON discovery_searchentry USING gin ((title_vector || body_vector))",
    "CREATE INDEX discovery_search_title_gin ON discovery_searchentry USING gin (title_vector)",
    "CREATE INDEX discovery_search_pairs_gin ON discovery_searchentry USING gin (discovery_word_pairs(body_vector))",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS discovery_search_text_gin",
    "DROP INDEX IF EXISTS discovery_search_title_gin",
    "DROP INDEX IF EXISTS discovery_search_pairs_gin",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE if vendor == "sqlite" else POSTGRES if vendor == "postgresql" else []:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP if vendor == "postgresql" else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("discovery", "0005_search_word_pairs"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("title_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("body_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.RunPython(create, drop),
    ]
