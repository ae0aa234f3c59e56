"""Phrases through a GIN index of the word pairs in each body, in place of
0004's RUM index, and without PostgreSQL's `rum` extension.

`discovery_word_pairs(vector)` lists every two words found side by side
(position p and p + 1) as one text, "cabl cut"; a body holds the phrase
"cable cuts" exactly when its pairs hold that one. The index answers it
like any word, with no vector read from TOAST, where RUM's, which keeps
ids but no positions, checked each candidate's vector (bench/search: a
phrase's page 56 ms at 100,000 articles with RUM, see docs/discovery.md).
The RUM index is dropped; `rum` itself, if 0003 enabled it, stays.

COST: computing a body's pairs takes about a millisecond, some 10,000
times a plain operator's; priced as one, the planner would rather compute
them for each entry of a narrow filter than read the index.
"""

import importlib

from django.db import migrations

PAIRS_INDEX = "discovery_search_pairs_gin"
RUM = importlib.import_module("masthead.discovery.migrations.0004_search_phrase_body_index")

FUNCTION = """
CREATE OR REPLACE FUNCTION discovery_word_pairs(v tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
  SELECT coalesce(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme), '{}')
  FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) a
  JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) b ON b.pos = a.pos + 1
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {RUM.PHRASE_INDEX}")
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PAIRS_INDEX} ON wagtailsearch_indexentry "
        "USING gin (discovery_word_pairs(body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {PAIRS_INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS discovery_word_pairs(tsvector)")
    RUM.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("discovery", "0004_search_phrase_body_index")]

    operations = [migrations.RunPython(create, drop)]
