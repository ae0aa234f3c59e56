"""Delivery through an e-mail provider's HTTP API (django-anymail's
Postmark backend). The provider cannot run here, so a small HTTP server
on loopback answers as its API does: the mock sits at the HTTP boundary,
and everything on our side of it is real."""

import json
import uuid
from http.server import BaseHTTPRequestHandler

import pytest
from django.test import override_settings

from masthead.newsletter import delivery
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Delivery, Subscriber
from masthead.processes import serving

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db

INACTIVE = (
    "You tried to send to a recipient that has been marked as inactive.\n"
    "Found inactive addresses: {}.\n"
    "Inactive recipients are ones that have generated a hard bounce or a spam complaint. "
)


class PostmarkLike(BaseHTTPRequestHandler):
    """POST /email as Postmark answers it: 200 with a MessageID, 422 with
    ErrorCode 406 for an inactive recipient, 503 while `down` is set."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        server = self.server
        if server.down:
            return self._answer(503, {"ErrorCode": 100, "Message": "Service unavailable"})
        server.requests.append((self.path, dict(self.headers), body))
        to = body["To"]
        if to.startswith("inactive"):
            return self._answer(422, {"ErrorCode": 406, "Message": INACTIVE.format(to)})
        self._answer(
            200,
            {
                "To": to,
                "SubmittedAt": "2026-11-25T10:00:00Z",
                "MessageID": str(uuid.uuid4()),
                "ErrorCode": 0,
                "Message": "OK",
            },
        )

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    with serving(PostmarkLike) as (server, url):
        server.requests, server.down = [], False
        with override_settings(
            NEWSLETTER_EMAIL_BACKEND="anymail.backends.postmark.EmailBackend",
            ANYMAIL={"POSTMARK_SERVER_TOKEN": "server-token", "POSTMARK_API_URL": url + "/"},
        ):
            yield server


def test_an_edition_goes_out_through_the_provider_api(provider, round_up):
    subscribers = make_subscribers(round_up, 3)
    make_subscribers(round_up, 1, prefix="inactive")
    edition = draft_edition(round_up)
    delivery.start_send(edition)
    delivery.Worker().run(once=True)

    sent = {body["To"]: (path, headers, body) for path, headers, body in provider.requests}
    assert set(sent) == {s.email for s in subscribers} | {"inactive0@example.org"}
    for subscriber in subscribers:
        path, headers, body = sent[subscriber.email]
        assert path == "/email" and headers["X-Postmark-Server-Token"] == "server-token"
        extra = {h["Name"]: h["Value"] for h in body["Headers"]}
        row = Delivery.objects.get(subscriber=subscriber)
        assert row.state == "sent" and extra["Message-ID"] == row.message_id
        assert extra["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/newsletter/unsubscribe/" in extra["List-Unsubscribe"]
        assert body["Subject"] == edition.subject and "<html" in body["HtmlBody"]
        assert "/newsletter/preferences/" in body["TextBody"]
    # The provider's refusal of an inactive address suppresses it here too.
    refused = Delivery.objects.get(email="inactive0@example.org")
    assert refused.state == "failed"
    assert Subscriber.objects.get(email="inactive0@example.org").state == "bounced"


def test_a_provider_outage_puts_the_batch_back(provider, round_up):
    make_subscribers(round_up, 3)
    delivery.start_send(draft_edition(round_up))
    provider.down = True
    assert delivery.Worker().work_once() is None
    assert set(Delivery.objects.values_list("state", "attempts")) == {("pending", 0)}
    provider.down = False
    Delivery.objects.update(due_at=Delivery.objects.order_by("pk").first().due_at.replace(year=2000))
    delivery.Worker().run(once=True)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert len(provider.requests) == 3
