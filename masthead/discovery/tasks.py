"""Background work of discovery: related stories and the search index,
kept off the request."""

from django.apps import apps
from django.db import IntegrityError, OperationalError
from django_tasks import task
from modelsearch import index

from masthead.pagecache import purge

from . import engine, related

ATTEMPTS = 3


@task()
def refresh_related(article_id: int) -> list[int]:
    """Two articles published together may rewrite each other's rail at the
    same moment; the loser of that race (a unique-key clash on PostgreSQL,
    a busy database on SQLite) rolls back whole and simply runs again."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return related.compute(article_id)
        except (IntegrityError, OperationalError):
            if attempt == ATTEMPTS:
                raise
    return []


@task()
def index_page(app_label: str, model_name: str, pk: str) -> None:
    """Index a page as it is now, for readers and for the admin, then purge
    the stored searches: one stored before the index had the page (a search
    right after publishing) would otherwise go on missing it until the next
    publish."""
    found = apps.get_model(app_label, model_name).objects.filter(pk=pk).first()
    if found is not None:
        engine.store([found])
        index.insert_or_update_object(found)
        purge.invalidate({purge.SEARCH})


@task()
def index_pages(app_label: str, model_name: str, pks: list) -> None:
    """`index_page` for many pages written at once (an import's batch)."""
    pages = list(apps.get_model(app_label, model_name).get_indexed_objects().filter(pk__in=pks))
    engine.store(pages)
    for found in pages:
        index.insert_or_update_object(found)
    purge.invalidate({purge.SEARCH})


@task()
def refresh_related_of(article_ids: list[int]) -> None:
    """`refresh_related` for many articles written at once, in order."""
    for article_id in article_ids:
        refresh_related.call(article_id)


@task()
def forget_related(article_id: int) -> None:
    related.forget(article_id)
