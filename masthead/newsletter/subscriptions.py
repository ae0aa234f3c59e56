"""Signing up, confirming, choosing newsletters, leaving, suppression.

Every change of state records a Consent row. Answers to the public never
reveal whether an address was known: the caller shows the same page
whatever `sign_up` did."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from masthead.core.models import Tier
from masthead.core.ratelimit import over_limit

from .models import Consent, Newsletter, Subscriber, Subscription

State = Subscriber.State
# Addresses that never get mail again unless they sign up and confirm anew.
SUPPRESSED = (State.BOUNCED, State.COMPLAINED)


def hash_ip(ip: str | None) -> str:
    return salted_hmac("newsletter.ip", ip or "", algorithm="sha256").hexdigest() if ip else ""


def ip_over_limit(ip: str) -> bool:
    return over_limit("signup-ip", ip or "-", settings.NEWSLETTER_SIGNUPS_PER_IP_HOUR)


@dataclass
class SignUp:
    subscriber: Subscriber | None
    # Which mail to send: "confirm", "already" (a reminder with the
    # preferences link), or "" (none: rate limit, suppressed by complaint).
    mail: str


def _record(subscriber, action, source, newsletters=(), ip_hash="", page_id=None):
    Consent.objects.create(
        subscriber=subscriber,
        action=action,
        source=source[:120],
        newsletters=",".join(sorted(n.slug for n in newsletters))[:500],
        ip_hash=ip_hash,
        page_id=page_id,
    )


def _set_state(subscriber: Subscriber, state: str, **extra):
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).update(state=state, state_changed_at=now, **extra)
    subscriber.state, subscriber.state_changed_at = state, now
    for name, value in extra.items():
        setattr(subscriber, name, value)


@transaction.atomic
def sign_up(
    email: str, newsletters, source: str, ip: str | None = None, page_id: int | None = None
) -> SignUp:
    """Record a sign-up for `newsletters` (already validated) and say which
    mail to send. `email` must be normalised. Signing up again never makes
    a second subscriber; new choices wait for confirmation."""
    newsletters = list(newsletters)
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    existing = {s.newsletter_id: s for s in subscriber.subscriptions.all()}
    added = [n for n in newsletters if n.pk not in existing]
    Subscription.objects.bulk_create([Subscription(subscriber=subscriber, newsletter=n) for n in added])
    _record(subscriber, Consent.Action.SIGNED_UP, source, newsletters, hash_ip(ip), page_id)

    if subscriber.state == State.COMPLAINED:
        return SignUp(subscriber, "")  # they reported our mail as spam: never mail them unasked
    if over_limit("signup-address", email, settings.NEWSLETTER_MAILS_PER_ADDRESS_HOUR):
        return SignUp(subscriber, "")
    unconfirmed = added or [s for s in existing.values() if s.confirmed_at is None]
    if subscriber.state == State.ACTIVE and not unconfirmed:
        return SignUp(subscriber, "already")
    return SignUp(subscriber, "confirm")


@transaction.atomic
def confirm(subscriber: Subscriber, source: str = "confirmation link", ip: str | None = None) -> list:
    """Activate the subscriber and every choice waiting for confirmation.
    Idempotent; returns the newsletters now confirmed."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    waiting = list(subscriber.subscriptions.filter(confirmed_at=None).select_related("newsletter"))
    if waiting:
        Subscription.objects.filter(pk__in=[s.pk for s in waiting]).update(confirmed_at=now)
    if subscriber.state != State.ACTIVE:
        _set_state(subscriber, State.ACTIVE, confirmed_at=now)
    if waiting:
        _record(subscriber, Consent.Action.CONFIRMED, source, [s.newsletter for s in waiting], hash_ip(ip))
    return [s.newsletter for s in waiting]


def confirmed_newsletters(subscriber: Subscriber) -> list[Newsletter]:
    return list(
        Newsletter.objects.filter(
            subscriptions__subscriber=subscriber, subscriptions__confirmed_at__isnull=False
        )
    )


@transaction.atomic
def set_newsletters(subscriber: Subscriber, newsletters, source: str = "preferences", ip=None):
    """The preferences page: exactly these newsletters, confirmed (the link
    came from their inbox). None chosen means unsubscribed."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    newsletters = list(newsletters)
    if not newsletters:
        return unsubscribe(subscriber, source=source, ip=ip)
    now = timezone.now()
    subscriber.subscriptions.exclude(newsletter__in=newsletters).delete()
    have = set(subscriber.subscriptions.values_list("newsletter_id", flat=True))
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=subscriber, newsletter=n, confirmed_at=now)
            for n in newsletters
            if n.pk not in have
        ]
    )
    subscriber.subscriptions.filter(confirmed_at=None).update(confirmed_at=now)
    if subscriber.state != State.ACTIVE:
        _set_state(subscriber, State.ACTIVE, confirmed_at=subscriber.confirmed_at or now)
    _record(subscriber, Consent.Action.CHANGED, source, newsletters, hash_ip(ip))


@transaction.atomic
def unsubscribe(
    subscriber: Subscriber, newsletter: Newsletter | None = None, source="unsubscribe link", ip=None
):
    """Leave one newsletter, or all of them. Idempotent: a second click
    changes nothing and records nothing."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscriptions = subscriber.subscriptions.all()
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    left = [s.newsletter for s in subscriptions.select_related("newsletter")]
    subscriptions.delete()
    if left:
        _record(subscriber, Consent.Action.UNSUBSCRIBED, source, left, hash_ip(ip))
    if subscriber.state not in (State.UNSUBSCRIBED, *SUPPRESSED) and not subscriber.subscriptions.exists():
        _set_state(subscriber, State.UNSUBSCRIBED)
        if not left:
            _record(subscriber, Consent.Action.UNSUBSCRIBED, source, [], hash_ip(ip))
    return left


@transaction.atomic
def suppress(email: str, state: str, source: str) -> bool:
    """A hard bounce or a complaint: no more mail to this address. Returns
    whether the address was known."""
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        return False
    # A complaint outranks a bounce; neither is undone by the other.
    if subscriber.state != State.COMPLAINED and subscriber.state != state:
        _set_state(subscriber, state)
        _record(subscriber, Consent.Action.SUPPRESSED, f"{source}: {state}")
    return True


def receives(newsletter: Newsletter | int):
    """The subscribers an edition of `newsletter` (or its id) goes to: for a
    paid newsletter, only those whose membership (the members app keeps
    each subscriber's level, see core/access.py) is one of its tiers."""
    audience = Subscriber.objects.filter(
        state=State.ACTIVE,
        subscriptions__newsletter=newsletter,
        subscriptions__confirmed_at__isnull=False,
    )
    newsletter_id = getattr(newsletter, "pk", newsletter)
    levels = [tier.level for tier in Tier.objects.filter(newsletters_restricted=newsletter_id)]
    if levels:
        audience = audience.filter(member__level__in=levels)
    return audience
