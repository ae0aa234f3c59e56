"""Whether a page may go out with its pictures: each needs a credit (its
own, or one given for this use) and a licence that has not run out."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

EXPIRY_WARNING = timedelta(days=30)


@dataclass(frozen=True)
class Use:
    """One picture shown on a page, with the credit given for that use."""

    photo: object
    credit_here: str = ""

    @property
    def credit(self) -> str:
        return (self.credit_here or getattr(self.photo, "credit", "") or "").strip()


def figures(body) -> list:
    """The figures (image, caption, credit) of a body: its image blocks and
    each picture of its galleries."""
    found = []
    for block in body or []:
        if block.block_type == "image":
            found.append(block.value)
        elif block.block_type == "gallery":
            found.extend(block.value["images"])
    return [figure for figure in found if figure.get("image") is not None]


def uses(*, image=None, credit="", body=None) -> list[Use]:
    """The pictures a page shows: its lead picture and its body's figures."""
    found = [Use(image, credit or "")] if image is not None else []
    found += [Use(figure["image"], figure.get("credit") or "") for figure in figures(body)]
    return found


@dataclass(frozen=True)
class Problem:
    """What stops publishing, in one sentence naming the picture."""

    photo: object
    text: str

    def __str__(self):
        return self.text


def picture_problems(picture_uses, today: date | None = None) -> list[Problem]:
    """What stops publishing, one sentence per picture and reason, with the picture."""
    today = today or timezone.localdate()
    found = {}
    for use in picture_uses:
        title = use.photo.title
        if not use.credit:
            text = (
                f"The picture “{title}” has no credit. Give the picture a credit, "
                "or give one for this use on the page."
            )
            found.setdefault(text, Problem(use.photo, text))
        expires = use.photo.licence_expires
        if expires is not None and expires < today:
            text = (
                f"The licence of the picture “{title}” ended on {expires:%-d %B %Y}. "
                "Choose another picture or record a renewed licence."
            )
            found.setdefault(text, Problem(use.photo, text))
    return list(found.values())


def problems(picture_uses, today: date | None = None) -> list[str]:
    """What stops publishing, as sentences."""
    return [problem.text for problem in picture_problems(picture_uses, today)]


def expiring_soon(picture_uses, today: date | None = None) -> list[str]:
    """Warnings that do not stop publishing: licences ending within 30 days."""
    today = today or timezone.localdate()
    found = []
    for use in picture_uses:
        expires = use.photo.licence_expires
        if expires is not None and today <= expires <= today + EXPIRY_WARNING:
            found.append(f"The licence of the picture “{use.photo.title}” ends on {expires:%-d %B %Y}.")
    return list(dict.fromkeys(found))
