"""Background work of imports: the import an administrator starts, and
what saving each page would have done for the articles written in bulk."""

from django.conf import settings
from django_tasks import task
from wagtail.models import Page, ReferenceIndex

from ..models import ImportRun


@task()
def index_references(page_ids: list[int]) -> None:
    """Record what the pages use (pictures, pages they link to), as saving
    each would: an import writes its articles in bulk, without that save."""
    for page in Page.objects.filter(pk__in=page_ids).specific():
        ReferenceIndex.create_or_update_for_object(page)


@task(queue_name="long")
def run_import(run_id: int) -> None:
    """An import an administrator started in the admin, with the file they
    uploaded; its page follows `ImportRun.done` as the batches commit."""
    from . import run_import as import_posts

    run = ImportRun.objects.select_related("upload").get(pk=run_id)
    upload = run.upload
    media = settings.IMPORT_MEDIA_ROOT / upload.media if upload.media else None
    try:
        import_posts(
            run.source,
            bytes(upload.data),
            upload.mapping or None,
            media,
            dry_run=run.dry_run,
            fetch=upload.fetch,
            site=upload.site,
            run=run,
        )
    finally:
        upload.delete()
