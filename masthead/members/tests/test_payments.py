"""Paying, through the fake Stripe (localstripe and the Checkout pages it
lacks) and Stripe's signed webhooks: each event verified, handled once, in
any order, and every state read back from the API."""

import logging
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from masthead.core import access
from masthead.members import accounts, levels
from masthead.members.models import Member, Payment, StripeEvent
from masthead.members.tests.conftest import post_event, signed_event

pytestmark = pytest.mark.django_db


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pay(url: str, email: str = "payer@example.org", card: str = "4242424242424242") -> str:
    """What a reader does on Stripe's hosted page; returns where it sends them back."""
    data = urllib.parse.urlencode({"email": email, "card": card}).encode()
    try:
        urllib.request.build_opener(_NoRedirect).open(url, data)
    except urllib.error.HTTPError as answer:
        assert answer.code == 303, answer.read()
        return answer.headers["Location"]
    raise AssertionError("no redirect after paying")


def session_id(url: str) -> str:
    return url.rsplit("/", 1)[1]


def signed_in(client, email="member@example.org"):
    member = accounts.find_or_create(email, source="test")
    client.force_login(member.user)
    return member


def join(client, fake_stripe, tier="supporter", interval="month"):
    response = client.post("/join/checkout/", {"tier": tier, "interval": interval, "page": "7"})
    assert response.status_code == 302, response.content
    checkout = response["Location"]
    back = pay(checkout)
    assert "/join/thanks/?session_id=cs_" in back
    return session_id(checkout)


def test_joining_a_tier_gives_access_when_stripe_says_so(
    client, fake_stripe, tiers, settings, django_capture_on_commit_callbacks
):
    member = signed_in(client)
    cs = join(client, fake_stripe)
    assert Member.objects.get(pk=member.pk).tier is None  # nothing before Stripe's word
    response = post_event(client, settings, "checkout.session.completed", {"id": cs})
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.tier == tiers["supporter"] and member.subscription_status == "active"
    assert member.level == access.tier_level("supporter") and member.interval == "month"
    assert member.paid_until > datetime.now(UTC) + timedelta(days=27)
    assert member.source == "test"
    # The invoice Stripe paid becomes a payment, with a receipt.
    subscription = fake_stripe.v1.subscriptions.retrieve(member.stripe_subscription)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, settings, "invoice.paid", {"id": subscription.latest_invoice})
    payment = Payment.objects.get(member=member)
    assert (payment.kind, payment.amount, payment.currency, payment.interval) == (
        "membership",
        800,
        "eur",
        "month",
    )
    assert payment.source == "page 7" and payment.source_page_id == 7
    assert any("receipt" in m.subject.lower() and "8.00 EUR" in m.body for m in mail.outbox)
    # The account page shows the tier and the payment.
    page = client.get("/account/").content.decode()
    assert "Supporter" in page and "8.00 EUR" in page


def test_cancelling_in_the_portal_ends_access(client, fake_stripe, tiers, settings):
    member = signed_in(client)
    post_event(client, settings, "checkout.session.completed", {"id": join(client, fake_stripe)})
    response = client.post("/account/billing/")
    assert response.status_code == 302 and "/portal/bps_" in response["Location"]
    member.refresh_from_db()
    fake_stripe.v1.subscriptions.cancel(member.stripe_subscription)
    post_event(client, settings, "customer.subscription.deleted", {"id": member.stripe_subscription})
    member.refresh_from_db()
    assert member.subscription_status == "canceled" and member.level == access.MEMBER


def test_events_in_any_order_reach_the_same_state(client, fake_stripe, tiers, settings):
    member = signed_in(client)
    cs = join(client, fake_stripe)
    subscription = fake_stripe.v1.checkout.sessions.retrieve(cs).subscription
    # The subscription's own event before the checkout's: the metadata links it.
    post_event(client, settings, "customer.subscription.created", {"id": subscription})
    first = Member.objects.get(pk=member.pk)
    post_event(client, settings, "checkout.session.completed", {"id": cs})
    second = Member.objects.get(pk=member.pk)
    assert (first.tier_id, first.level, first.stripe_subscription) == (
        second.tier_id,
        second.level,
        second.stripe_subscription,
    )
    assert second.level == access.tier_level("supporter")
    # An old event arriving after the cancellation does not bring access back.
    fake_stripe.v1.subscriptions.cancel(subscription)
    post_event(client, settings, "customer.subscription.deleted", {"id": subscription})
    post_event(client, settings, "customer.subscription.created", {"id": subscription})
    assert Member.objects.get(pk=member.pk).level == access.MEMBER


def test_the_same_event_twice_is_handled_once(client, fake_stripe, tiers, settings, caplog):
    signed_in(client)
    cs = join(client, fake_stripe)
    sub = fake_stripe.v1.checkout.sessions.retrieve(cs).subscription
    invoice = fake_stripe.v1.subscriptions.retrieve(sub).latest_invoice
    post_event(client, settings, "checkout.session.completed", {"id": cs})
    for _ in range(2):
        response = post_event(client, settings, "invoice.paid", {"id": invoice}, event_id="evt_test_twice")
        assert response.status_code == 200
    assert Payment.objects.count() == 1
    assert StripeEvent.objects.get(stripe_id="evt_test_twice").attempts == 1
    assert "already handled" in caplog.text


def test_bad_events_are_refused_and_change_nothing(client, fake_stripe, tiers, settings, caplog):
    caplog.set_level(logging.INFO)
    url = "/members/stripe/webhook/"
    payload, signature = signed_event(settings, "invoice.paid", {"id": "in_x"})
    # A bad signature.
    forged = signature[:-4] + "0000"
    assert (
        client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=forged).status_code
        == 400
    )
    # No signature at all.
    assert client.post(url, payload, content_type="application/json").status_code == 400
    # A replay of an old event: outside Stripe's five-minute tolerance.
    old_payload, old_signature = signed_event(
        settings, "invoice.paid", {"id": "in_x"}, created=int(time.time()) - 3600
    )
    response = client.post(
        url, old_payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=old_signature
    )
    assert response.status_code == 400
    # A body that is not JSON, correctly signed.
    created = int(time.time())
    import hashlib
    import hmac

    garbage = b"{not json"
    mac = hmac.new(settings.STRIPE_WEBHOOK_SECRET.encode(), b"%d.%s" % (created, garbage), hashlib.sha256)
    response = client.post(
        url,
        garbage,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={created},v1={mac.hexdigest()}",
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert "bad signature" in caplog.text
    # An unknown type is stored, ignored, and logged.
    response = post_event(client, settings, "customer.tax_id.created", {"id": "txi_1"})
    assert response.status_code == 200 and "ignored" in response.json()["outcome"]
    # GET is not a webhook.
    assert client.get(url).status_code == 405


def test_a_failed_handling_is_retried(client, fake_stripe, tiers, settings):
    from masthead.members import webhooks

    member = signed_in(client)
    cs = join(client, fake_stripe)
    live = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe unreachable while handling
    response = post_event(
        client, settings, "checkout.session.completed", {"id": cs}, event_id="evt_test_retry"
    )
    assert response.status_code == 500
    record = StripeEvent.objects.get(stripe_id="evt_test_retry")
    assert record.handled_at is None and record.attempts == 1 and record.outcome.startswith("failed")
    assert Member.objects.get(pk=member.pk).tier is None
    settings.STRIPE_API_BASE = live
    assert webhooks.retry_failed() == 1
    assert Member.objects.get(pk=member.pk).level == access.tier_level("supporter")


def test_stripe_unreachable_at_checkout_charges_nothing(client, tiers, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    signed_in(client)
    response = client.post("/join/checkout/", {"tier": "supporter", "interval": "month"})
    assert response.status_code == 503
    assert b"nothing was charged" in response.content.lower()
    response = client.post("/support/checkout/", {"amount": "10"})
    assert response.status_code == 503
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Choose an amount"),
        ({"amount": "other"}, "Choose an amount"),
        ({"custom": "1"}, "A gift can be from"),
        ({"custom": "999999"}, "A gift can be from"),
        ({"custom": "abc"}, "Enter a number"),
        ({"amount": "10", "interval": "weekly"}, "Select a valid choice"),
    ],
)
def test_a_bad_gift_gets_a_clear_error(client, fake_stripe, form, message):
    response = client.post("/support/checkout/", form)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "form, message",
    [
        ({"tier": "free", "interval": "month"}, "Choose one of the paid tiers"),
        ({"tier": "nope", "interval": "month"}, "Choose one of the paid tiers"),
        ({"tier": "patron", "interval": "year"}, "has no yearly price"),
        ({"tier": "supporter", "interval": "daily"}, "Select a valid choice"),
    ],
)
def test_a_bad_join_gets_a_clear_error(client, fake_stripe, tiers, form, message):
    signed_in(client)
    response = client.post("/join/checkout/", form)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_gift_with_the_fee_covered_makes_a_member_and_a_receipt(
    client, fake_stripe, settings, django_capture_on_commit_callbacks
):
    response = client.post("/support/checkout/", {"amount": "10", "cover_fees": "on", "page": "12"})
    assert response.status_code == 302
    checkout = response["Location"]
    back = pay(checkout, email="Giver@Example.org")
    assert "/support/thanks/" in back
    session = fake_stripe.v1.checkout.sessions.retrieve(session_id(checkout))
    assert session.amount_total == 1041  # (10.00 + 0.25) / (1 - 1.5%), rounded up
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, settings, "checkout.session.completed", {"id": session.id})
    payment = Payment.objects.get()
    assert (payment.kind, payment.amount, payment.source_page_id) == ("donation", 1041, 12)
    assert payment.member.email == "giver@example.org"  # donors are members
    assert any(m.to == ["giver@example.org"] and "10.41 EUR" in m.body for m in mail.outbox)
    # Coming back from Checkout records it too, once.
    client.get(back.split("127.0.0.1", 1)[-1].split("/", 1)[1].join(["/", ""]))
    assert Payment.objects.count() == 1


def test_a_refund_marks_the_payment(client, fake_stripe, settings):
    response = client.post("/support/checkout/", {"amount": "25"})
    checkout = response["Location"]
    pay(checkout)
    post_event(client, settings, "checkout.session.completed", {"id": session_id(checkout)})
    payment = Payment.objects.get()
    assert payment.stripe_charge.startswith("ch_"), payment.stripe_charge
    fake_stripe.v1.refunds.create(params={"charge": payment.stripe_charge})
    post_event(client, settings, "charge.refunded", {"id": payment.stripe_charge})
    payment.refresh_from_db()
    assert payment.status == "refunded"


def test_a_failed_renewal_keeps_access_for_the_grace_period(tiers, settings):
    member = accounts.find_or_create("late@example.org")
    now = datetime.now(UTC)
    Member.objects.filter(pk=member.pk).update(
        tier=tiers["supporter"], subscription_status="past_due", grace_until=now + timedelta(days=7)
    )
    member.refresh_from_db()
    assert levels.refresh(member) == access.tier_level("supporter")
    with time_machine.travel(now + timedelta(days=8)):
        assert levels.expire_due() == 1
    member.refresh_from_db()
    assert member.level == access.MEMBER


def test_a_comp_gives_a_tier_until_its_end(tiers):
    member = accounts.find_or_create("guest@example.org")
    now = datetime.now(UTC)
    Member.objects.filter(pk=member.pk).update(comp_tier=tiers["patron"], comp_until=now + timedelta(days=30))
    member.refresh_from_db()
    assert levels.refresh(member) == access.tier_level("patron")
    with time_machine.travel(now + timedelta(days=31)):
        levels.expire_due()
    member.refresh_from_db()
    assert member.level == access.MEMBER
