from django.db import migrations
from django.utils.text import slugify

KINDS = ["Analysis", "News", "Opinion", "Reporting", "Interview"]
REGIONS = ["Europe", "Middle East", "Africa", "Asia-Pacific", "Americas", "Global"]


def add_defaults(apps, schema_editor):
    for model_name, names in (("Kind", KINDS), ("Region", REGIONS)):
        model = apps.get_model("articles", model_name)
        for order, name in enumerate(names):
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
