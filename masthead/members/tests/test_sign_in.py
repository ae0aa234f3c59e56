"""Accounts without passwords: a mailed link, single use, expiring,
rate-limited, and the same answer whether or not an address is known."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from masthead.core import access
from masthead.members import accounts
from masthead.members.models import Member
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Click, Delivery, Newsletter, Subscriber
from masthead.testing import make_user

pytestmark = pytest.mark.django_db


def ask(client, email, **extra):
    return client.post("/account/sign-in/", {"email": email, **extra})


def link_in(message) -> str:
    return re.search(r"(http\S+/account/sign-in/link/\S+)", message.body).group(1)


def path_of(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_new_address_gets_a_link_that_signs_in_once(client):
    response = ask(client, " Reader@Example.ORG ", next="/join/")
    assert response.status_code == 302 and response["Location"] == "/account/sign-in/check-your-mail/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.org"]
    link = path_of(link_in(mail.outbox[0]))
    # Opening the link (as a mail scanner does) spends nothing.
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/join/"
    member = Member.objects.get(subscriber__email="reader@example.org")
    assert client.get("/account/").status_code == 200
    # Following the link proved the address: the subscriber is confirmed too.
    assert member.subscriber.state == Subscriber.State.ACTIVE and member.subscriber.confirmed_at
    # A level cookie came with the session.
    assert access.COOKIE in client.cookies
    # Used once: a second use is refused, with a page that says so.
    other = client.__class__()
    response = other.post(link)
    assert response.status_code == 400 and b"does not work" in response.content
    assert other.get("/account/").status_code == 302


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client):
    accounts.find_or_create("known@example.org")
    known = ask(client, "known@example.org")
    unknown = ask(client, "unknown@example.org")
    staff = make_user("editor-person")
    staff.is_staff = True
    staff.save()
    staff_answer = ask(client, staff.email)
    assert known["Location"] == unknown["Location"] == staff_answer["Location"]
    # Staff sign in to the admin with a second factor, never by a link.
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["unknown@example.org"]]


def test_an_expired_link_is_refused(client, settings):
    ask(client, "late@example.org")
    link = path_of(link_in(mail.outbox[0]))
    later = datetime.now(UTC) + timedelta(seconds=settings.SESAME_MAX_AGE + 5)
    with time_machine.travel(later):
        response = client.post(link)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["", "forged", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_a_forged_link_is_refused(client, token):
    response = client.post(f"/account/sign-in/link/?token={token}")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_sign_in_links_are_rate_limited_per_address_and_network(client, settings):
    settings.MEMBERS_SIGN_INS_PER_ADDRESS_HOUR = 2
    settings.MEMBERS_SIGN_INS_PER_IP_HOUR = 6
    answers = {ask(client, "busy@example.org")["Location"] for _ in range(4)}
    assert len(mail.outbox) == 2  # the address's limit
    answers |= {ask(client, f"many-{n}@example.org")["Location"] for n in range(4)}
    assert len(mail.outbox) == 4  # two more, until the network's sixth request
    assert answers == {"/account/sign-in/check-your-mail/"}  # and no one is told


@pytest.mark.parametrize("bad", ["", "not-an-address", "a@", "x" * 300 + "@example.org"])
def test_a_bad_address_gets_a_clear_error_and_no_mail(client, bad):
    response = ask(client, bad)
    assert response.status_code == 400
    assert b'class="field-error"' in response.content
    assert not mail.outbox


def test_an_outside_next_address_is_not_followed(client):
    ask(client, "reader@example.org", next="https://elsewhere.example/")
    response = client.post(path_of(link_in(mail.outbox[0])))
    assert response["Location"] == "/account/"


def test_changing_the_address_waits_for_the_new_one_to_confirm(client):
    member = accounts.find_or_create("old@example.org")
    client.force_login(member.user)
    client.post("/account/email/", {"email": "new@example.org"})
    assert Member.objects.get(pk=member.pk).email == "old@example.org"
    link = re.search(r"(http\S+/account/email/\S+/)", mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == ["new@example.org"]
    client.post(path_of(link))
    assert Member.objects.get(pk=member.pk).email == "new@example.org"
    assert client.post(path_of(link[:-5] + "xxxx/")).status_code == 400


def test_export_and_delete(client):
    member = accounts.find_or_create("leaving@example.org", source="test")
    newsletter = Newsletter.objects.create(name="Weekly", slug="weekly")
    sent = Delivery.objects.create(
        edition=draft_edition(newsletter),
        subscriber=member.subscriber,
        email="leaving@example.org",
        state="sent",
        due_at=timezone.now(),
        sent_at=timezone.now(),
        opened_at=timezone.now(),
    )
    Click.objects.create(delivery=sent, url="https://example.org/followed/", at=timezone.now())
    client.force_login(member.user)
    data = client.get("/account/export/")
    assert data["Content-Type"].startswith("application/json")
    assert b"leaving@example.org" in data.content and b"consent_history" in data.content
    assert json.loads(data.content)["newsletters_received"][0]["links_followed"] == [
        "https://example.org/followed/"
    ]
    assert client.post("/account/delete/", {}).status_code == 400  # not confirmed: nothing deleted
    assert Member.objects.filter(pk=member.pk).exists()
    response = client.post("/account/delete/", {"confirm": "on"})
    assert response.status_code == 200
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not Subscriber.objects.filter(email="leaving@example.org").exists()
    assert not Click.objects.exists()  # what their newsletters counted goes with them
    assert client.get("/account/").status_code == 302


def test_signing_out_clears_the_level_cookie(client):
    member = accounts.find_or_create("reader@example.org")
    client.force_login(member.user)
    client.get("/account/")
    assert client.cookies[access.COOKIE].value
    response = client.post("/account/sign-out/")
    assert response.cookies[access.COOKIE].value == ""
