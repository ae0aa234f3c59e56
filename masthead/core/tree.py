"""Paths in Wagtail's page tree, for inserting many children at once.

Wagtail stores the tree as materialised paths (django-treebeard's MP_Node):
a child's path is its parent's plus one step of `steplen` characters of
`alphabet`, counting up. Bulk writers (the corpus generator, importers)
compute them here instead of calling `add_child` once a page; they read
only the model's documented `alphabet` and `steplen`."""

from django.db import connection
from django.db.models import F
from wagtail.models import Page


def step_number(model, path: str) -> int:
    """The number the last step of `path` stands for."""
    alphabet, number = model.alphabet, 0
    for char in path[-model.steplen :]:
        number = number * len(alphabet) + alphabet.index(char)
    return number


def child_path(model, parent_path: str, number: int) -> str:
    """The path of the `number`th child (counting from 1) under `parent_path`."""
    alphabet, digits = model.alphabet, []
    for _ in range(model.steplen):
        number, digit = divmod(number, len(alphabet))
        digits.append(alphabet[digit])
    if number:
        raise ValueError(f"more children than {model.steplen} steps of the alphabet can number")
    return parent_path + "".join(reversed(digits))


def next_child_number(parent) -> int:
    """The number the next child of `parent` takes."""
    last = parent.get_last_child()
    return step_number(type(parent), last.path) + 1 if last else 1


def insert_pages(pages) -> None:
    """Insert pages of one specific type whose tree fields are set: the
    page-tree rows with one bulk insert (which gives their ids), then the
    type's own rows with one multi-row insert. Django's `bulk_create` does
    not take a model with a parent table, hence the two steps."""
    if not pages:
        return
    model = type(pages[0])
    columns = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    base = Page.objects.bulk_create([Page(**{c: getattr(p, c) for c in columns}) for p in pages])
    for page, row in zip(pages, base, strict=True):
        page.pk = page.id = page.page_ptr_id = row.pk
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [[f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields] for page in pages]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def count_children(added: dict) -> None:
    """Add to each parent's `numchild`: {parent id: children added}."""
    for parent_id, n in added.items():
        if n:
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + n)
