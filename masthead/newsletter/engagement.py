"""Opens and clicks of an edition, off unless NEWSLETTER_ENGAGEMENT is on
(the privacy page says so when it is: see core/templates/blocks/counting.html).

The HTML part of a tracked edition has its links rewritten to
`/newsletter/c/<recipient>/?u=<target>&s=<signature>` and carries a 1×1
picture `/newsletter/o/<recipient>.gif`. The target's signature is the same
for every recipient, so the edition is still rendered once; the recipient
part is a signed delivery id, filled in per message like the unsubscribe
link. A forged target is refused (no open redirect); a forwarded or garbled
recipient part still redirects but counts nothing.

Opens are "at least": mail clients that block pictures never count, and
some fetch every picture on arrival, read or not. Clicks count one reader
once per link."""

import html
import re
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q
from django.utils import timezone

from .models import Click, Delivery, Edition
from .rendering import TRACK

_LINK_SALT = "newsletter.link"
_RECIPIENT_SALT = "newsletter.recipient"
_HREF = re.compile(r'href="(https?://[^"]+)"')


def link_signature(url: str) -> str:
    return signing.Signer(salt=_LINK_SALT).signature(url)


def recipient_token(delivery_id: int) -> str:
    return signing.Signer(salt=_RECIPIENT_SALT, sep=".").sign(str(delivery_id))


def delivery_of(token: str) -> int | None:
    try:
        value = signing.Signer(salt=_RECIPIENT_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def track(html_part: str) -> str:
    """The edition's HTML with its links going through the click counter
    and the open pixel before the end of the body."""
    base = f"{settings.SITE_URL}/newsletter"

    def through(match):
        url = html.unescape(match.group(1))
        tracked = f"{base}/c/{TRACK}/?u={quote(url, safe='')}&s={link_signature(url)}"
        return f'href="{html.escape(tracked)}"'

    pixel = f'<img src="{base}/o/{TRACK}.gif" width="1" height="1" alt="" style="display:block;border:0">'
    tracked = _HREF.sub(through, html_part)
    return tracked.replace("</body>", f"{pixel}</body>", 1) if "</body>" in tracked else tracked + pixel


def checked_target(url: str, signature: str) -> str | None:
    """The target when its signature is ours, else None."""
    if not url or len(url) > 2000 or not url.startswith(("https://", "http://")):
        return None
    return url if signing.constant_time_compare(link_signature(url), signature) else None


def record_open(token: str) -> None:
    delivery_id = delivery_of(token)
    if delivery_id is not None:
        Delivery.objects.filter(pk=delivery_id, opened_at=None).update(opened_at=timezone.now())


def record_click(token: str, url: str) -> None:
    """A click also counts as an open: the reader saw the mail even when its
    pictures were blocked."""
    delivery_id = delivery_of(token)
    if delivery_id is None or not Delivery.objects.filter(pk=delivery_id).exists():
        return
    now = timezone.now()
    Delivery.objects.filter(pk=delivery_id, opened_at=None).update(opened_at=now)
    Click.objects.get_or_create(delivery_id=delivery_id, url=url[:1000], defaults={"at": now})


def report(edition: Edition, links: int = 10) -> dict:
    """Opens (at least) and clicks of a sent edition, for its send page and
    the readers dashboard."""
    sent = Delivery.objects.filter(edition=edition, state=Delivery.State.SENT)
    # Distinct throughout: the join with clicks repeats a delivery per click.
    counts = sent.aggregate(
        sent=Count("pk", distinct=True),
        opened=Count("pk", filter=Q(opened_at__isnull=False), distinct=True),
        clicked=Count("pk", filter=Q(clicks__isnull=False), distinct=True),
    )
    top = (
        Click.objects.filter(delivery__edition=edition)
        .values("url")
        .annotate(readers=Count("delivery_id"))
        .order_by("-readers", "url")[:links]
    )
    total = counts["sent"] or 1
    return {
        **counts,
        "opened_percent": round(100 * counts["opened"] / total),
        "clicked_percent": round(100 * counts["clicked"] / total),
        "links": list(top),
    }
