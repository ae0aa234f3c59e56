"""Stripe's webhooks: every change of paid state arrives here.

Each event is verified (signature and age), stored by id and handled once.
Handlers read the object's current state from Stripe rather than trusting
the event's copy, so events may come in any order, twice, or late: each
handling brings masthead to Stripe's present state. A handling that fails
is recorded and answered with an error, so Stripe sends the event again;
`retry_stripe_events` retries the stored ones too."""

import logging
from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from masthead.core.models import Tier
from masthead.newsletter.addresses import normalise_email

from . import accounts, levels, mails, payments
from .models import Member, Payment, StripeEvent

log = logging.getLogger(__name__)


class Refused(Exception):
    """Not a genuine, well-formed event: answered 400, nothing stored."""


def verify(payload: bytes, signature: str) -> dict:
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except ValueError as error:
        raise Refused(f"malformed event: {error}") from None
    except stripe.SignatureVerificationError as error:
        raise Refused(f"bad signature: {error}") from None
    data = event.to_dict()
    if not isinstance(data.get("data", {}).get("object"), dict) or not data.get("id") or not data.get("type"):
        raise Refused("event without id, type or object")
    return data


def receive(payload: bytes, signature: str) -> tuple[int, str]:
    """Verify, store and handle one delivery; (HTTP status, what happened)."""
    try:
        event = verify(payload, signature)
    except Refused as error:
        log.warning("Stripe webhook refused: %s", error)
        return 400, str(error)
    created = datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC)
    record, _ = StripeEvent.objects.get_or_create(
        stripe_id=event["id"][:64],
        defaults={"type": event["type"][:80], "created": created, "payload": event["data"]["object"]},
    )
    return handle(record)


def handle(record: StripeEvent) -> tuple[int, str]:
    if record.handled_at is not None:
        log.info("Stripe event %s (%s) already handled; ignored", record.stripe_id, record.type)
        return 200, "already handled"
    handler = HANDLERS.get(record.type)
    try:
        with transaction.atomic():
            locked = StripeEvent.objects.select_for_update().get(pk=record.pk)
            if locked.handled_at is not None:
                return 200, "already handled"
            if handler is None:
                outcome = "ignored: masthead does not act on this type"
                log.info("Stripe event %s of type %s ignored", record.stripe_id, record.type)
            else:
                outcome = handler(record.payload) or "handled"
            StripeEvent.objects.filter(pk=record.pk).update(
                handled_at=timezone.now(), outcome=outcome[:300], attempts=locked.attempts + 1
            )
    except Exception as error:
        log.exception("Stripe event %s (%s) failed; Stripe will send it again", record.stripe_id, record.type)
        StripeEvent.objects.filter(pk=record.pk).update(
            attempts=record.attempts + 1, outcome=f"failed: {error}"[:300]
        )
        return 500, "failed; will be retried"
    return 200, outcome


def retry_failed() -> int:
    """Handle again every stored event whose handling failed."""
    done = 0
    for record in StripeEvent.objects.filter(handled_at=None).order_by("created"):
        status, _ = handle(record)
        done += status == 200
    return done


# --- Reading Stripe's present state ------------------------------------------------


def _id_of(value) -> str:
    """An object's id, whether Stripe sent the id or the object expanded."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _stamp(seconds) -> datetime | None:
    return datetime.fromtimestamp(int(seconds), tz=UTC) if seconds else None


def _member_for(metadata: dict, customer: str, email: str = "") -> Member | None:
    member_id = str((metadata or {}).get("member") or "")
    if member_id.isdigit():
        member = Member.objects.filter(pk=int(member_id)).first()
        if member is not None:
            return member
    if customer:
        member = Member.objects.filter(stripe_customer=customer).first()
        if member is not None:
            return member
    if email:
        try:
            address = normalise_email(email)
        except Exception:
            return None
        source = (metadata or {}).get("source", "")
        page = str((metadata or {}).get("page") or "")
        return accounts.find_or_create(address, source=source, page_id=int(page) if page.isdigit() else None)
    return None


def _link_customer(member: Member, customer: str) -> None:
    if customer and member.stripe_customer != customer:
        Member.objects.filter(pk=member.pk).update(stripe_customer=customer)
        member.stripe_customer = customer


def sync_checkout(session_id: str) -> str:
    """A Checkout Session completed (or the reader came back from it):
    link the customer to the member, and record what was paid."""
    session = payments.client().v1.checkout.sessions.retrieve(session_id).to_dict()
    if session.get("status") != "complete":
        return f"checkout {session_id} not complete"
    metadata = session.get("metadata") or {}
    email = (session.get("customer_details") or {}).get("email") or session.get("customer_email") or ""
    member = _member_for(metadata, session.get("customer") or "", email)
    if member is None:
        return f"checkout {session_id}: no member and no address"
    _link_customer(member, session.get("customer") or "")
    if session.get("subscription"):
        return sync_subscription(session["subscription"])
    if session.get("payment_intent"):
        return record_donation(session["payment_intent"], member)
    return f"checkout {session_id}: nothing to record"


def _record(stripe_id: str, member: Member, metadata: dict, **fields) -> bool:
    """A payment, once (by its Stripe id), with the page it came from, a
    line in the member's history and a receipt. Whether it was new."""
    page = str(metadata.get("page") or "")
    payment, created = Payment.objects.get_or_create(
        stripe_id=stripe_id,
        defaults={
            "member": member,
            "source": metadata.get("source", "")[:200],
            "source_page_id": int(page) if page.isdigit() else None,
            **fields,
        },
    )
    if created:
        accounts.note(member, f"{payment.get_kind_display()}: {payment.shown_amount}")
        transaction.on_commit(lambda: mails.receipt(payment.pk))
    return created


def record_donation(intent_id: str, member: Member) -> str:
    intent = payments.client().v1.payment_intents.retrieve(intent_id).to_dict()
    if intent.get("status") != "succeeded":
        return f"payment {intent_id} is {intent.get('status')}"
    created = _record(
        intent_id,
        member,
        intent.get("metadata") or {},
        kind=Payment.Kind.DONATION,
        amount=int(intent["amount"]),
        currency=intent["currency"],
        stripe_charge=_id_of(intent.get("latest_charge")),
        paid_at=_stamp(intent.get("created")) or timezone.now(),
    )
    return f"donation {intent_id} {'recorded' if created else 'already recorded'}"


def sync_subscription(subscription_id: str) -> str:
    """Copy a subscription's present state to its member and their level."""
    sub = payments.client().v1.subscriptions.retrieve(subscription_id).to_dict()
    metadata = sub.get("metadata") or {}
    member = Member.objects.filter(stripe_subscription=subscription_id).first() or _member_for(
        metadata, sub.get("customer") or ""
    )
    if member is None:
        return f"subscription {subscription_id}: no member yet (its checkout will link it)"
    _link_customer(member, sub.get("customer") or "")
    if metadata.get("kind") == "donation":
        return f"recurring donation {subscription_id}: {sub.get('status')}"
    running = member.stripe_subscription and member.stripe_subscription != subscription_id
    if running and sub.get("status") in ("canceled", "incomplete_expired"):
        return f"subscription {subscription_id} ended; the member has another"
    member = Member.objects.select_related("tier", "comp_tier").get(pk=member.pk)
    item = ((sub.get("items") or {}).get("data") or [{}])[0]
    plan = sub.get("plan") or item.get("plan") or item.get("price") or {}
    before = (member.tier_id, member.subscription_status)
    member.tier = Tier.objects.filter(slug=metadata.get("tier", "")).first() or member.tier
    member.stripe_subscription = subscription_id
    member.subscription_status = sub.get("status", "")
    member.paid_until = _stamp(sub.get("current_period_end") or item.get("current_period_end"))
    member.cancel_at_period_end = bool(sub.get("cancel_at_period_end"))
    member.interval = plan.get("interval") or (plan.get("recurring") or {}).get("interval") or ""
    if member.subscription_status in levels.PAYING:
        member.grace_until = None
    elif member.subscription_status in levels.LATE and member.grace_until is None:
        member.grace_until = timezone.now() + timedelta(days=settings.MEMBERS_GRACE_DAYS)
    if member.subscription_status == "canceled":
        # Stripe ends a cancelled subscription when it stops; access with it.
        member.paid_until = _stamp(sub.get("ended_at") or sub.get("canceled_at")) or timezone.now()
    member.save()
    if before != (member.tier_id, member.subscription_status):
        tier = member.tier.name if member.tier else "no tier"
        accounts.note(member, f"Membership {member.subscription_status or 'none'} ({tier})")
    levels.refresh(member)
    return f"subscription {subscription_id}: {member.subscription_status}, level {member.level or 'member'}"


def _invoice(obj: dict) -> dict:
    return payments.client().v1.invoices.retrieve(obj["id"]).to_dict()


def _subscription_of(invoice: dict) -> str:
    sub = invoice.get("subscription") or ""
    if not sub:  # newer API versions: under parent.subscription_details
        sub = ((invoice.get("parent") or {}).get("subscription_details") or {}).get("subscription") or ""
    return _id_of(sub)


def invoice_paid(obj: dict) -> str:
    invoice = _invoice(obj)
    if invoice.get("status") != "paid" or not invoice.get("amount_paid"):
        return f"invoice {invoice['id']} not paid ({invoice.get('status')})"
    subscription_id = _subscription_of(invoice)
    outcome = sync_subscription(subscription_id) if subscription_id else ""
    sub = payments.client().v1.subscriptions.retrieve(subscription_id).to_dict() if subscription_id else {}
    metadata = sub.get("metadata") or {}
    member = _member_for(metadata, invoice.get("customer") or "")
    if member is None:
        return f"invoice {invoice['id']}: no member yet; {outcome}"
    _record(
        invoice["id"],
        member,
        metadata,
        kind=Payment.Kind.DONATION if metadata.get("kind") == "donation" else Payment.Kind.MEMBERSHIP,
        amount=int(invoice["amount_paid"]),
        currency=invoice["currency"],
        interval=(sub.get("plan") or {}).get("interval", ""),
        stripe_charge=_id_of(invoice.get("charge")),
        paid_at=_stamp(invoice.get("created")) or timezone.now(),
    )
    return f"invoice {invoice['id']} recorded; {outcome}"


def invoice_failed(obj: dict) -> str:
    invoice = _invoice(obj)
    subscription_id = _subscription_of(invoice)
    if not subscription_id:
        return f"invoice {invoice['id']}: not a membership"
    member = Member.objects.filter(stripe_subscription=subscription_id).first()
    warned = member is not None and member.grace_until is not None
    outcome = sync_subscription(subscription_id)
    member = Member.objects.filter(stripe_subscription=subscription_id).first()
    if member is not None and member.grace_until is None and member.subscription_status not in levels.PAYING:
        # Stripe still calls it active while it retries: the grace starts now.
        Member.objects.filter(pk=member.pk).update(
            grace_until=timezone.now() + timedelta(days=settings.MEMBERS_GRACE_DAYS)
        )
    if member is not None and not warned:
        member_id = member.pk
        transaction.on_commit(lambda: mails.payment_failed(member_id))
    return f"invoice {invoice['id']} failed; {outcome}"


def charge_refunded(obj: dict) -> str:
    charge = payments.client().v1.charges.retrieve(obj["id"]).to_dict()
    if not charge.get("refunded"):
        return f"charge {charge['id']} partly refunded; kept as paid"
    found = Payment.objects.filter(stripe_charge=charge["id"]) | Payment.objects.filter(
        stripe_id=charge.get("payment_intent") or "-"
    )
    count = found.update(status=Payment.Status.REFUNDED)
    return f"charge {charge['id']} refunded ({count} payment)"


def dispute(obj: dict) -> str:
    charge = _id_of(obj.get("charge"))
    count = Payment.objects.filter(stripe_charge=charge).update(status=Payment.Status.DISPUTED)
    log.warning("Stripe dispute %s on charge %s", obj.get("id"), charge)
    return f"dispute on {charge} ({count} payment)"


HANDLERS = {
    "checkout.session.completed": lambda obj: sync_checkout(obj["id"]),
    "customer.subscription.created": lambda obj: sync_subscription(obj["id"]),
    "customer.subscription.updated": lambda obj: sync_subscription(obj["id"]),
    "customer.subscription.deleted": lambda obj: sync_subscription(obj["id"]),
    "invoice.paid": invoice_paid,
    "invoice.payment_succeeded": invoice_paid,
    "invoice.payment_failed": invoice_failed,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute,
}
