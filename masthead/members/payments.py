"""Stripe, as masthead calls it: Checkout for every payment (no card data
touches masthead), the customer portal, and reading objects' current state
for the webhook handlers. Every call goes through `client()`, so tests and
the demo point it at a fake with STRIPE_API_BASE."""

import math
from urllib.parse import urlencode

import stripe
from django.conf import settings

from masthead.core.models import Tier

from .models import Member

INTERVALS = {"month": "month", "year": "year"}


class PaymentsUnavailable(Exception):
    """Stripe could not be reached or refused the call; nothing was paid."""


def client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsUnavailable("Payments are not set up on this site yet.")
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=1)


def _call(make):
    try:
        return make(client())
    except stripe.StripeError as error:
        raise PaymentsUnavailable(
            "We could not reach our payment provider, so nothing was charged. "
            "Please try again in a few minutes."
        ) from error


def with_fees(amount: int) -> int:
    """The amount that leaves `amount` after the provider's fee (a percentage
    plus a fixed part, both in settings)."""
    rate = settings.STRIPE_FEE_PERCENT / 100
    return math.ceil((amount + settings.STRIPE_FEE_FIXED) / (1 - rate))


def _urls(kind: str) -> dict:
    site = settings.SITE_URL
    if kind == "membership":
        return {
            "success_url": f"{site}/join/thanks/?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{site}/join/",
        }
    return {
        "success_url": f"{site}/support/thanks/?session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{site}/support/",
    }


def _customer(member: Member | None) -> dict:
    if member is None:
        return {}
    if member.stripe_customer:
        return {"customer": member.stripe_customer}
    return {"customer_email": member.email, "client_reference_id": str(member.pk)}


def membership_checkout(member: Member, tier: Tier, interval: str, source: str, page_id) -> str:
    """A Checkout Session for `tier`, billed each `interval`; its address."""
    amount = tier.monthly_price if interval == "month" else tier.yearly_price
    metadata = {
        "kind": "membership",
        "tier": tier.slug,
        "member": str(member.pk),
        "source": source[:200],
        "page": str(page_id or ""),
    }
    subscription_data = {"metadata": metadata}
    if settings.MEMBERS_TRIAL_DAYS:
        subscription_data["trial_period_days"] = settings.MEMBERS_TRIAL_DAYS
    params = {
        "mode": "subscription",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": settings.MEMBERS_CURRENCY,
                    "unit_amount": amount,
                    "recurring": {"interval": INTERVALS[interval]},
                    "product_data": {"name": f"{tier.name} membership"},
                },
            }
        ],
        # Offers: discount codes made as Stripe promotion codes.
        "allow_promotion_codes": True,
        "metadata": metadata,
        "subscription_data": subscription_data,
        **_customer(member),
        **_urls("membership"),
    }
    return _call(lambda c: c.v1.checkout.sessions.create(params=params)).url


def donation_checkout(
    member: Member | None, amount: int, interval: str, cover_fees: bool, source: str, page_id
) -> str:
    """A Checkout Session for a gift, once (interval "") or each month or
    year; its address."""
    total = with_fees(amount) if cover_fees else amount
    metadata = {
        "kind": "donation",
        "member": str(member.pk) if member else "",
        "source": source[:200],
        "page": str(page_id or ""),
        "fees_covered": "yes" if cover_fees else "",
    }
    price = {
        "currency": settings.MEMBERS_CURRENCY,
        "unit_amount": total,
        "product_data": {"name": "Donation"},
    }
    params = {"line_items": [{"quantity": 1, "price_data": price}], "metadata": metadata}
    if interval:
        price["recurring"] = {"interval": INTERVALS[interval]}
        params.update(mode="subscription", subscription_data={"metadata": metadata})
    else:
        params.update(mode="payment", payment_intent_data={"metadata": metadata})
    params.update(_customer(member), **_urls("donation"))
    return _call(lambda c: c.v1.checkout.sessions.create(params=params)).url


def portal(member: Member) -> str:
    """Stripe's customer portal, where a member changes card or cancels."""
    if not member.stripe_customer:
        raise PaymentsUnavailable("You have no payments with us yet.")
    params = {
        "customer": member.stripe_customer,
        "return_url": f"{settings.SITE_URL}/account/?" + urlencode({"from": "billing"}),
    }
    return _call(lambda c: c.v1.billing_portal.sessions.create(params=params)).url


def cancel_all(member: Member) -> None:
    """Stop every running subscription of the member at once (before their
    account is deleted)."""
    if not member.stripe_customer:
        return

    def cancel(c):
        for subscription in c.v1.subscriptions.list(params={"customer": member.stripe_customer}).data:
            if subscription.status not in ("canceled", "incomplete_expired"):
                c.v1.subscriptions.cancel(subscription.id)

    _call(cancel)
