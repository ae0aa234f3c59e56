"""Renditions made off the reader's request, when a page that shows the
picture is published (photos/receivers.py)."""

from django_tasks import task

from .models import Photo


@task(queue_name="long")
def make_renditions(photo_id: int, specs: list[str]) -> int:
    """The picture's renditions for `specs` (photos/sizes.py); those made
    before are looked up, not encoded again. Returns how many there are."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted since
        return 0
    return len(photo.get_renditions(*specs))
