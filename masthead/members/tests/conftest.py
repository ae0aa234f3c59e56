import hashlib
import hmac
import json
import subprocess
import sys
import time

import pytest
import stripe

from masthead.core.models import Tier
from masthead.processes import free_port, stop, wait_for_port


@pytest.fixture(scope="session")
def fake_stripe_base():
    """The fake Stripe (localstripe and what it lacks), on loopback."""
    port = free_port()
    pages = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "masthead.demo.fake_stripe", "--port", str(port), "--pages-port", str(pages)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        wait_for_port(pages, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture
def fake_stripe(settings, fake_stripe_base):
    settings.STRIPE_API_BASE = fake_stripe_base
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": fake_stripe_base})


@pytest.fixture
def tiers(db):
    free = Tier.objects.create(name="Free", slug="free", sort_order=0)
    supporter = Tier.objects.create(
        name="Supporter",
        slug="supporter",
        monthly_price=800,
        yearly_price=8000,
        benefits="Everything\nThe archive",
    )
    patron = Tier.objects.create(name="Patron", slug="patron", monthly_price=2500, sort_order=2)
    return {"free": free, "supporter": supporter, "patron": patron}


def signed_event(
    settings, kind: str, obj: dict, event_id: str = "", created: int | None = None
) -> tuple[bytes, str]:
    """An event as Stripe signs it: (body, Stripe-Signature header)."""
    created = created or int(time.time())
    event = {
        "id": event_id or f"evt_test_{time.time_ns()}",
        "object": "event",
        "type": kind,
        "created": created,
        "livemode": False,
        "data": {"object": obj},
    }
    payload = json.dumps(event).encode()
    signature = hmac.new(
        settings.STRIPE_WEBHOOK_SECRET.encode(), b"%d.%s" % (created, payload), hashlib.sha256
    ).hexdigest()
    return payload, f"t={created},v1={signature}"


def post_event(client, settings, kind, obj, **kwargs):
    payload, signature = signed_event(settings, kind, obj, **kwargs)
    return client.post(
        "/members/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
