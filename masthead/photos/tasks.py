"""Renditions made off the reader's request: when a picture is saved, and
when a page showing it is published."""

from django_tasks import task

from . import sizes
from .models import Photo


@task()
def make_renditions(photo_id: int) -> int:
    """Every size in `sizes.EVERY` of the picture; those already made are
    looked up, not encoded again. Returns how many there are."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted since
        return 0
    return len(photo.get_renditions(*sizes.EVERY))
