"""Once made an index on Wagtail's search table for reader search; reader
search now has a table of its own (0006, which drops what this made where
it ran). Kept, empty, so installs that ran it stay in step."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("discovery", "0002_search_text_index")]

    operations = []
