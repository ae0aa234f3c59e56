"""Pictures whose licence has ended or ends within 30 days, and the
pages that use them: for the picture desk's report and dashboard panel."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from masthead.photos.models import Photo
from masthead.photos.rights import EXPIRY_WARNING


@dataclass
class Row:
    photo: Photo
    expired: bool
    pages: list

    @property
    def live_pages(self) -> list:
        return [p for p in self.pages if p.live]


def report(today: date | None = None) -> list[Row]:
    """Expired first, then by end date; three queries, however many rows."""
    today = today or timezone.localdate()
    photos = list(
        Photo.objects.filter(licence_expires__lte=today + EXPIRY_WARNING).order_by("licence_expires", "pk")
    )
    references = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(Photo),
            to_object_id__in=[str(p.pk) for p in photos],
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .values_list("to_object_id", "object_id")
        .distinct()
    )
    used = defaultdict(set)
    for photo_id, page_id in references:
        used[int(photo_id)].add(int(page_id))
    pages = Page.objects.in_bulk({pk for ids in used.values() for pk in ids})
    return [
        Row(
            photo=photo,
            expired=photo.licence_expires < today,
            pages=sorted((pages[pk] for pk in used[photo.pk] if pk in pages), key=lambda p: p.title),
        )
        for photo in photos
    ]


def may_see(user) -> bool:
    """The picture desk and whoever publishes: photo editors, editors,
    administrators. (Wagtail's image policy counts anyone who may upload
    as able to change their own pictures, hence the direct check.)"""
    from wagtail.models import GroupCollectionPermission
    from wagtail.permissions import policy_registry

    if not user.is_active:
        return False
    return (
        user.is_superuser
        or policy_registry.get_by_type(Page).user_has_permission(user, "publish")
        or GroupCollectionPermission.objects.filter(
            group__user=user, permission__codename="change_image"
        ).exists()
    )
