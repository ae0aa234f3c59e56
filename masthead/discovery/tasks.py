"""Background work of discovery: related stories, kept off the request."""

from django.db import IntegrityError, OperationalError
from django_tasks import task

from . import related

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
def forget_related(article_id: int) -> None:
    related.forget(article_id)
