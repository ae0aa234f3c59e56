"""Who may read what: the access levels of pieces and readers, and the
signed cookie that names a signed-in member's level.

A reader's level is one of:
- "" (anonymous),
- "member" (signed in, on the free tier),
- "tier:<slug>" (a paid tier).
Staff are "staff" and read everything; their pages are never cached. With
the registration wall on (members/meter.py), an anonymous reader past the
free pieces is "wall": anonymous, and asked to sign up for public articles too.

The cookie lets the page cache's front keep one entry per level, never one
per person, and tell the levels apart without the database. It names the
member and the page-cache generation it was issued at, so a change of tier
(purging the tag `member:<id>`) makes every older cookie of that member
stale at once: the front then passes the request on, and Django issues a
new cookie from the database."""

import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

PUBLIC, MEMBERS, PAID = "public", "members", "paid"
CHOICES = [
    (PUBLIC, "Everyone"),
    (MEMBERS, "Members (any signed-in reader)"),
    (PAID, "Paying members (the tiers chosen below, or any paid tier)"),
]

ANONYMOUS, MEMBER, STAFF, WALLED = "", "member", "staff", "wall"
COOKIE = "masthead_level"
# The level an outer layer found for an anonymous reader (the meter's "wall"),
# for the page cache's key and the render.
ANONYMOUS_LEVEL_ENV = "masthead.anonymous_level"
# On an answer the registration wall counts (a public article); never sent on.
METERED_HEADER = "X-Masthead-Metered"
_SALT = "masthead.core.access.level"


def tier_level(slug: str) -> str:
    return f"tier:{slug}"


def allows(level: str, access: str, tiers=()) -> bool:
    """May a reader at `level` read a piece of `access`, restricted to the
    tier slugs `tiers` (none: any paid tier)?"""
    if access == PUBLIC or level == STAFF:
        return True
    if level in (ANONYMOUS, WALLED):
        return False
    if access == MEMBERS:
        return True
    if not level.startswith("tier:"):
        return False
    return not tiers or level.removeprefix("tier:") in tiers


def level_of(request) -> str:
    """The level the request is rendered for (set by the members app's
    middleware; anonymous without it)."""
    return getattr(request, "access_level", ANONYMOUS)


def member_tag(member_id: int) -> str:
    """The page-cache tag whose purge voids a member's level cookies."""
    return f"member:{member_id}"


@dataclass(frozen=True, slots=True)
class Claim:
    member_id: int
    level: str
    gen: int


def sign(claim: Claim) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(f"{claim.member_id}:{claim.level}:{claim.gen}")


def read(value: str) -> Claim | None:
    """The claim a cookie value makes, or None if it is forged, malformed or
    older than LEVEL_COOKIE_MAX_AGE."""
    found = read_until(value)
    return found[0] if found is not None else None


def read_until(value: str) -> tuple[Claim, float] | None:
    """The claim and the time until which it is believed, or None."""
    verified = _verified(value) if value else None
    if verified is None:
        return None
    claim, issued = verified
    until = issued + settings.LEVEL_COOKIE_MAX_AGE
    return (claim, until) if time.time() <= until else None


@functools.lru_cache(maxsize=4096)
def _verified(value: str) -> tuple[Claim, int] | None:
    """A genuine cookie value's claim and the time it was signed; None if it
    is not genuine. Remembered: a member's every request carries the same
    value, and checking the signature is most of the cost of reading it."""
    try:
        raw = signing.TimestampSigner(salt=_SALT).unsign(value)
        member_id, rest = raw.split(":", 1)
        level, gen = rest.rsplit(":", 1)
        issued = signing.b62_decode(value.rsplit(":", 2)[1])
        return Claim(int(member_id), level, int(gen)), issued
    except (signing.BadSignature, ValueError):
        return None


def cookie_value(header: str) -> str:
    """The level cookie's value in a raw Cookie header (the cache's front
    sees no parsed request), or ""."""
    prefix = f"{COOKIE}="
    for part in header.split(";"):
        part = part.strip()
        if part.startswith(prefix):
            return part[len(prefix) :].strip('"')
    return ""


def from_cookie_header(header: str) -> Claim | None:
    return read(cookie_value(header))
