"""On PostgreSQL, each entry's body vector is kept in its row rather than
in the TOAST table. Ranking a window of 500 matches reads 500 bodies of
about 5.5 KB: out of line, each is three or four chunks found through
TOAST's own index; in the row, one page. Measured on 20,000 entries of the
100,000-article bench archive: ranking 500 took 6 to 8 ms out of line and
3 to 4 ms in the row.

`toast_tuple_target` lets a row reach 8,160 bytes before anything moves
out, and the body is `MAIN`: the plain text copies Wagtail also keeps go
out first. Rows keep their layout until rewritten: `manage.py
reindex_search` rewrites them all (or publishing, one at a time).
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)")
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN body SET STORAGE MAIN")


def out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN body SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("discovery", "0005_search_word_pairs")]

    operations = [migrations.RunPython(inline, out_of_line)]
