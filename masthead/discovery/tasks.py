"""Background work of discovery: related stories, kept off the request."""

from django_tasks import task

from . import related


@task()
def refresh_related(article_id: int) -> list[int]:
    return related.compute(article_id)


@task()
def forget_related(article_id: int) -> None:
    related.forget(article_id)
