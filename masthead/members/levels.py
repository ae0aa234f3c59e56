"""A member's access level, from their paid state, and the cookie that
carries it to the page cache's front (core/access.py).

The level is recomputed whenever Stripe or staff change a member, and
stored; when it changes, the member's tag is purged, which voids every
cookie issued before, so the member's next request is rendered (and their
cookie renewed) by Django within the second."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from masthead.core import access
from masthead.pagecache import store

from .models import Member

# Stripe's subscription states that give access.
PAYING = {"active", "trialing"}
LATE = {"past_due", "unpaid"}


def paid_tier(member: Member, now: datetime | None = None):
    """The tier a member may read as now, or None (free)."""
    now = now or timezone.now()
    if member.comp_tier_id and member.comp_until and member.comp_until > now:
        return member.comp_tier
    if member.tier_id is None:
        return None
    status = member.subscription_status
    if status in PAYING:
        return member.tier
    if status in LATE and member.grace_until and member.grace_until > now:
        return member.tier
    if status == "canceled" and member.paid_until and member.paid_until > now:
        return member.tier  # cancelled at the period's end: paid until then
    return None


def level_of(member: Member, now: datetime | None = None) -> str:
    tier = paid_tier(member, now)
    return tier.level if tier is not None else access.MEMBER


def refresh(member: Member) -> str:
    """Store the member's level; if it changed, void their cookies."""
    level = level_of(member)
    if level != member.level:
        Member.objects.filter(pk=member.pk).update(level=level)
        member.level = level
        store.purge([access.member_tag(member.pk)])
    return level


def cookie_value(member: Member, level: str) -> str:
    gen = store.stamp(access.member_tag(member.pk))
    return access.sign(access.Claim(member.pk, level, gen))


def set_cookie(response, member: Member, level: str) -> None:
    response.set_cookie(
        access.COOKIE,
        cookie_value(member, level),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def clear_cookie(response) -> None:
    response.delete_cookie(access.COOKIE, samesite="Lax")


def expire_due() -> int:
    """Members whose grace period, comp or paid period ran out: their level
    drops now, not at their cookie's renewal. Run by the clock."""
    now = timezone.now()
    changed = 0
    for member in Member.objects.exclude(level__in=["", access.MEMBER]).select_related("tier", "comp_tier"):
        if level_of(member, now) != member.level:
            refresh(member)
            changed += 1
    return changed
