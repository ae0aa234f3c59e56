"""Signing up, confirming, preferences and one-click unsubscribe, through
the public views, with the mail they send (Django's test outbox)."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings

from masthead.newsletter import links
from masthead.newsletter.addresses import normalise_email
from masthead.newsletter.models import Consent, Subscriber

pytestmark = pytest.mark.django_db


def sign_up(client, email="Reader@Example.ORG", ip="192.0.2.10", **extra):
    data = {"email": email, "source": "box-article", **extra}
    return client.post("/newsletter/sign-up/", data, REMOTE_ADDR=ip)


def link_in(message, path: str) -> str:
    return re.search(rf"http://[^\s\"<>]+{path}[^\s\"<>]+", message.body).group(0)


def test_box_sign_up_then_confirm_with_a_button(client, round_up, alert):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and subscriber.state == "pending"
    assert [s.newsletter for s in subscriber.subscriptions.all()] == [round_up]  # the default

    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = link_in(message, "/newsletter/confirm/")

    # Opening the link (as a mail scanner would) changes nothing.
    page = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    subscriber.refresh_from_db()
    assert subscriber.state == "pending"

    done = client.post(url.removeprefix("http://127.0.0.1:8000"))
    assert done.status_code == 200 and b"You are subscribed" in done.content
    subscriber.refresh_from_db()
    assert subscriber.state == "active" and subscriber.confirmed_at
    assert subscriber.subscriptions.get().confirmed_at
    actions = list(subscriber.consents.values_list("action", "source", "newsletters"))
    assert actions == [
        ("signed-up", "sign-up box, article", "weekly-round-up"),
        ("confirmed", "confirmation link", "weekly-round-up"),
    ]
    consent = subscriber.consents.first()
    assert consent.ip_hash and "192.0.2.10" not in consent.ip_hash


def test_the_answer_is_the_same_for_known_and_unknown_addresses(client, round_up):
    first = sign_up(client, "known@example.org")
    subscriber = Subscriber.objects.get()
    client.post(links.confirm_url(subscriber).removeprefix("http://127.0.0.1:8000"))
    again = sign_up(client, "KNOWN@example.org ")
    unknown = sign_up(client, "stranger@example.org")
    assert first["Location"] == again["Location"] == unknown["Location"]
    assert first.status_code == again.status_code == unknown.status_code == 302
    assert Subscriber.objects.filter(email="known@example.org").count() == 1
    # The known, active address gets a reminder with its preferences link, not a second confirmation.
    assert [m.subject for m in mail.outbox[1:]] == [
        "You are already subscribed to The Meridian Review",
        "Confirm your subscription to The Meridian Review",
    ]


def test_the_sign_up_page_offers_every_public_newsletter(client, round_up, alert):
    page = client.get("/newsletter/")
    assert b"The Weekly Round-up" in page.content and b"Africa Alert" in page.content
    response = client.post(
        "/newsletter/", {"email": "a@example.org", "newsletters": ["africa-alert"], "source": "page"}
    )
    assert response.status_code == 302
    assert list(Subscriber.objects.get().newsletters.values_list("slug", flat=True)) == ["africa-alert"]
    assert Consent.objects.get().source == "sign-up page"


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Enter your email address."),
        ("not-an-address", "Enter an email address like name@example.org."),
        ("a@b@", "Enter an email address like name@example.org."),
        ("x" * 250 + "@example.org", "too long"),
        ("zoë@example.org", "Latin letters"),
        ("name@exa mple.org", "Enter a valid email address."),
        ("name@" + "a" * 70 + ".org", "not a valid domain name"),
    ],
)
def test_bad_addresses_get_a_clear_message_and_keep_what_was_typed(client, round_up, email, message):
    response = client.post(
        "/newsletter/", {"email": email, "newsletters": ["weekly-round-up"], "source": "page"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Subscriber.objects.count() == 0 and not mail.outbox
    if email:
        assert "checked" in response.content.decode()  # the choice survives


def test_unknown_newsletter_or_none_chosen_is_refused(client, round_up):
    bad = client.post("/newsletter/", {"email": "a@example.org", "newsletters": ["nope"], "source": "page"})
    assert bad.status_code == 400 and "Choose from the newsletters listed." in bad.content.decode()
    none = client.post("/newsletter/", {"email": "a@example.org", "newsletters": [], "source": "page"})
    assert none.status_code == 302  # an empty list is not sent by browsers: the box's default applies
    assert Subscriber.objects.count() == 1


def test_no_newsletter_open_says_so(client):
    response = sign_up(client, "a@example.org")
    assert response.status_code == 400 and "No newsletter is open" in response.content.decode()


def test_normalisation():
    assert normalise_email("  Ana.Silva@Bücher.Example ") == "ana.silva@xn--bcher-kva.example"
    assert normalise_email("MIXED@Example.org") == "mixed@example.org"


def test_signing_up_again_makes_no_duplicate_and_adds_choices(client, round_up, alert):
    sign_up(client, "twice@example.org")
    client.post(
        "/newsletter/", {"email": "Twice@example.org", "newsletters": ["africa-alert"], "source": "page"}
    )
    subscriber = Subscriber.objects.get()
    assert set(subscriber.newsletters.values_list("slug", flat=True)) == {"weekly-round-up", "africa-alert"}


def test_honeypot_stores_nothing_but_answers_the_same(client, round_up):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    assert Subscriber.objects.count() == 0 and not mail.outbox


@override_settings(NEWSLETTER_SIGNUPS_PER_IP_HOUR=3)
def test_sign_up_is_rate_limited_per_ip(client, round_up):
    for i in range(3):
        assert sign_up(client, f"r{i}@example.org").status_code == 302
    blocked = sign_up(client, "r9@example.org")
    assert blocked.status_code == 429 and "try again in an hour" in blocked.content.decode()
    assert not Subscriber.objects.filter(email="r9@example.org").exists()
    assert sign_up(client, "r9@example.org", ip="198.51.100.7").status_code == 302


@override_settings(NEWSLETTER_MAILS_PER_ADDRESS_HOUR=2)
def test_one_address_gets_few_mails_whatever_the_ip(client, round_up):
    for i in range(5):
        assert sign_up(client, "target@example.org", ip=f"192.0.2.{i}").status_code == 302
    assert len(mail.outbox) == 2


def test_confirmation_links_expire_and_forgeries_fail(client, round_up):
    sign_up(client, "late@example.org")
    subscriber = Subscriber.objects.get()
    path = links.confirm_url(subscriber).removeprefix("http://127.0.0.1:8000")
    import time

    later = time.time() + 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.post(path)
    assert expired.status_code == 400 and "has expired" in expired.content.decode()
    forged = client.post(path[:-3] + "xyz/")
    assert forged.status_code == 400 and "not valid" in forged.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == "pending"


def _active(client, email="member@example.org"):
    sign_up(client, email)
    subscriber = Subscriber.objects.get(email=email)
    client.post(links.confirm_url(subscriber).removeprefix("http://127.0.0.1:8000"))
    subscriber.refresh_from_db()
    return subscriber


def test_preferences_choose_newsletters_and_leave(client, round_up, alert):
    subscriber = _active(client)
    path = links.preferences_url(subscriber).removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and "member@example.org" in page.content.decode()
    saved = client.post(path, {"newsletters": ["africa-alert"]})
    assert saved.status_code == 200 and "Saved." in saved.content.decode()
    assert list(subscriber.newsletters.values_list("slug", flat=True)) == ["africa-alert"]
    bad = client.post(path, {"newsletters": ["no-such-list"]})
    assert bad.status_code == 400 and list(subscriber.newsletters.values_list("slug", flat=True)) == [
        "africa-alert"
    ]
    client.post(path, {"unsubscribe_all": "1"})
    subscriber.refresh_from_db()
    assert subscriber.state == "unsubscribed" and not subscriber.subscriptions.exists()
    assert client.get("/newsletter/preferences/1-abc.forged/").status_code == 400


def test_one_click_unsubscribe_needs_no_login_or_token_and_is_idempotent(client, round_up, alert):
    from django.test import Client

    subscriber = _active(client)
    client = Client(enforce_csrf_checks=True)  # a mail client: no cookie, no token
    refused = client.post(links.preferences_url(subscriber).removeprefix("http://127.0.0.1:8000"), {})
    assert refused.status_code == 403  # other forms keep their CSRF protection
    url, _ = links.manage_urls(subscriber, "weekly-round-up")
    path = url.removeprefix("http://127.0.0.1:8000")
    # The GET shows a button and changes nothing (link scanners).
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == "active"
    for _ in range(2):
        response = client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == "unsubscribed"
    assert subscriber.consents.filter(action="unsubscribed").count() == 1
    assert client.post("/newsletter/unsubscribe/999-nope.bad/").status_code == 400


def test_leaving_one_of_two_newsletters_keeps_the_other(client, round_up, alert):
    client.post(
        "/newsletter/", {"email": "two@example.org", "newsletters": ["weekly-round-up", "africa-alert"]}
    )
    subscriber = Subscriber.objects.get()
    client.post(links.confirm_url(subscriber).removeprefix("http://127.0.0.1:8000"))
    url, _ = links.manage_urls(subscriber, "africa-alert")
    client.post(url.removeprefix("http://127.0.0.1:8000"))
    subscriber.refresh_from_db()
    assert subscriber.state == "active"
    assert list(subscriber.newsletters.values_list("slug", flat=True)) == ["weekly-round-up"]


def test_a_complaint_is_never_mailed_again_unasked(client, round_up):
    from masthead.newsletter.subscriptions import suppress

    _active(client, "angry@example.org")
    suppress("angry@example.org", "complained", "test")
    mail.outbox.clear()
    sign_up(client, "angry@example.org")
    assert not mail.outbox
