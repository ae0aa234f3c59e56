"""Member accounts: made from an address, signed into by a mailed link,
changed, exported and deleted by their owner.

A member is the newsletter's subscriber with an account: the address lives
on the subscriber, so there is one address and one consent history, and
following a sign-in link (which proves the address) confirms the
subscriber too."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from sesame.utils import get_query_string, get_user

from masthead.core import access
from masthead.core.ratelimit import over_limit
from masthead.newsletter import subscriptions
from masthead.newsletter.models import Subscriber
from masthead.pagecache import store

from .models import Member, MemberEvent

SIGN_IN_SCOPE = "members:sign-in"
_EMAIL_SALT = "masthead.members.email-change"


def note(member: Member, what: str) -> None:
    MemberEvent.objects.create(member=member, what=what[:300])


@transaction.atomic
def find_or_create(email: str, source: str = "", page_id: int | None = None, name: str = "") -> Member:
    """The member with this (normalised) address, made if need be, with the
    subscriber it shares its address with."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    member = Member.objects.filter(subscriber=subscriber).select_related("user", "subscriber").first()
    if member is not None:
        return member
    user_model = get_user_model()
    user = user_model.objects.filter(username=email).first()
    if user is None:
        user = user_model(username=email, email=email)
        user.set_unusable_password()
        user.save()
    member = Member.objects.create(
        user=user, subscriber=subscriber, name=name[:100], source=source[:200], source_page_id=page_id
    )
    note(member, f"Joined via {source or 'the site'}")
    return member


def is_staff_address(email: str) -> bool:
    """Staff sign in to the admin, with a second factor; never by a link."""
    user = (
        get_user_model().objects.filter(email__iexact=email).first()
        or get_user_model().objects.filter(username__iexact=email).first()
    )
    return user is not None and (user.is_staff or user.is_superuser or user.groups.exists())


def may_send_sign_in(email: str, ip: str) -> bool:
    """Rate limits, per address and per network; the caller answers the
    same whatever this says."""
    over_ip = over_limit("member-sign-in-ip", ip or "-", settings.MEMBERS_SIGN_INS_PER_IP_HOUR)
    over_address = over_limit("member-sign-in-address", email, settings.MEMBERS_SIGN_INS_PER_ADDRESS_HOUR)
    return not over_ip and not over_address


def request_sign_in(
    email: str, ip: str, source: str = "sign-in", page_id: int | None = None
) -> Member | None:
    """The member a sign-in link should be mailed to, made if the address is
    new (signing in is joining for free), or None: a staff address, one
    that reported our mail as spam, or a rate limit reached."""
    if not may_send_sign_in(email, ip) or is_staff_address(email):
        return None
    existing = Subscriber.objects.filter(email=email).first()
    if existing is not None and existing.state == Subscriber.State.COMPLAINED:
        return None
    return find_or_create(email, source=source, page_id=page_id)


def sign_in_link(member: Member, next_path: str = "") -> str:
    from urllib.parse import urlencode

    query = get_query_string(member.user, scope=SIGN_IN_SCOPE)
    if next_path:
        query += "&" + urlencode({"next": next_path})
    return f"{settings.SITE_URL}/account/sign-in/link/{query}"


def member_from_link(request) -> Member | None:
    """The member the sign-in token in the request's address is for, if it
    is genuine, unexpired and unused; using it spends it (sesame's one-time
    tokens). Failures count toward the sign-in lockout (django-axes)."""
    user = get_user(request, scope=SIGN_IN_SCOPE, update_last_login=True)
    if user is None or user.is_staff or user.is_superuser:
        return None
    member = Member.objects.filter(user=user).select_related("subscriber", "tier").first()
    if member is None:
        return None
    if member.subscriber.state != Subscriber.State.ACTIVE or not member.subscriber.confirmed_at:
        # The link proved the address: the subscriber is confirmed too.
        subscriptions.confirm(member.subscriber, source="member sign-in link")
    return member


def email_change_token(member: Member, new_email: str) -> str:
    return signing.dumps({"m": member.pk, "e": new_email}, salt=_EMAIL_SALT, compress=True)


class BadEmailChange(Exception):
    pass


@transaction.atomic
def change_email(token: str) -> Member:
    try:
        data = signing.loads(token, salt=_EMAIL_SALT, max_age=settings.MEMBERS_EMAIL_CHANGE_HOURS * 3600)
    except signing.SignatureExpired:
        raise BadEmailChange(
            "This link has expired. Ask for the change again from your account page."
        ) from None
    except signing.BadSignature:
        raise BadEmailChange("This link is not valid. Copy it from the mail whole, or ask again.") from None
    member = Member.objects.select_related("subscriber", "user").filter(pk=data.get("m")).first()
    if member is None:
        raise BadEmailChange("This account no longer exists.")
    new = data["e"]
    if member.subscriber.email == new:
        return member
    if (
        Subscriber.objects.filter(email=new).exists()
        or get_user_model().objects.filter(username=new).exists()
    ):
        raise BadEmailChange("That address already belongs to another subscriber or account.")
    old = member.subscriber.email
    try:
        Subscriber.objects.filter(pk=member.subscriber_id).update(email=new)
        get_user_model().objects.filter(pk=member.user_id).update(username=new, email=new)
    except IntegrityError:
        raise BadEmailChange("That address already belongs to another subscriber or account.") from None
    note(member, f"Changed address from {old} to {new}")
    member.refresh_from_db()
    return member


def export(member: Member) -> str:
    """Everything masthead keeps about the member, as JSON."""
    subscriber = member.subscriber
    data = {
        "exported_at": timezone.now().isoformat(),
        "email": subscriber.email,
        "name": member.name,
        "joined_at": member.created_at.isoformat(),
        "source": member.source,
        "tier": member.tier.name if member.tier else "Free",
        "subscription_status": member.subscription_status,
        "paid_until": member.paid_until.isoformat() if member.paid_until else None,
        "newsletter_state": subscriber.state,
        "newsletters": [
            {
                "newsletter": s.newsletter.name,
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            }
            for s in subscriber.subscriptions.select_related("newsletter")
        ],
        "consent_history": [
            {"at": c.at.isoformat(), "action": c.action, "source": c.source, "newsletters": c.newsletters}
            for c in subscriber.consents.all()
        ],
        "payments": [
            {
                "paid_at": p.paid_at.isoformat(),
                "kind": p.kind,
                "amount": p.amount,
                "currency": p.currency,
                "interval": p.interval,
                "status": p.status,
            }
            for p in member.payments.all()
        ],
        "events": [{"at": e.at.isoformat(), "what": e.what} for e in member.events.all()],
        "newsletters_received": [
            {
                "edition": d.edition.subject,
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                "opened_at": d.opened_at.isoformat() if d.opened_at else None,
                "links_followed": [c.url for c in d.clicks.all()],
            }
            for d in subscriber.deliveries.select_related("edition").prefetch_related("clicks")
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


@transaction.atomic
def delete(member: Member) -> None:
    """The account, the subscriber and their history go; payments stay (the
    law asks a publisher to keep its accounts), with no one named on them.
    A paid subscription must be cancelled first (payments.cancel_all)."""
    member.payments.update(member=None, source="")
    user, subscriber = member.user, member.subscriber
    store.purge([access.member_tag(member.pk)])
    member.delete()
    subscriber.delete()
    user.delete()
