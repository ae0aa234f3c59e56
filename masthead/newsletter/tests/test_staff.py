"""Staff: subscriber list, CSV import and export, deletion on request,
editions in the admin; provider webhooks."""

import base64
import html
import json

import pytest
from django.test import override_settings

from masthead.newsletter import delivery
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Consent, Delivery, Edition, Subscriber, Subscription
from masthead.testing import make_user, sign_in

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    sign_in(client, make_user("chief", superuser=True))
    return client


def upload(staff, text: bytes, source="Ghost export", newsletters=()):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return staff.post(
        "/admin/newsletter-tools/import/",
        {
            "file": SimpleUploadedFile("subs.csv", text, "text/csv"),
            "source": source,
            "newsletters": [n.pk for n in newsletters],
        },
    )


def test_import_creates_active_subscribers_with_consent_and_is_rerunnable(staff, round_up, alert):
    csv = (
        b"email,newsletters\nOne@Example.org,\n"
        b"two@example.org,africa-alert weekly-round-up\none@example.org,\n"
    )
    response = upload(staff, csv, newsletters=[round_up])
    assert response.status_code == 200 and "2 new" in response.content.decode()
    one = Subscriber.objects.get(email="one@example.org")
    assert one.state == "active" and list(one.newsletters.all()) == [round_up]
    assert Consent.objects.get(subscriber=one).source == "import: Ghost export"
    again = upload(staff, csv, newsletters=[round_up])
    assert "0 new, 0 updated, 2 unchanged" in again.content.decode()
    assert Subscriber.objects.count() == 2 and Subscription.objects.count() == 3


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"email\ngood@example.org\nnot an address\n",
            "line 3: Enter an email address like name@example.org.",
        ),
        (b"mail\nx@example.org\n", "must name the columns, one of them 'email'"),
        (b"email,newsletters\nx@example.org,nope\n", "line 2: no newsletter called nope"),
        (b"email\n\xff\xfe\x00bad\n", "not UTF-8"),
        (b"email\n", "no subscribers in it"),
    ],
)
def test_a_bad_import_is_refused_whole_with_the_line_and_reason(staff, round_up, data, message):
    response = upload(staff, data, newsletters=[round_up])
    assert response.status_code == 400 and message in html.unescape(response.content.decode())
    assert "Nothing was imported" in response.content.decode()
    assert Subscriber.objects.count() == 0


def test_import_needs_a_consent_source(staff, round_up):
    response = upload(staff, b"email\na@example.org\n", source="", newsletters=[round_up])
    assert response.status_code == 400 and Subscriber.objects.count() == 0


def test_import_leaves_unsubscribed_and_suppressed_alone(staff, round_up):
    make_subscribers(round_up, 1, state="unsubscribed", prefix="left")
    make_subscribers(round_up, 1, state="complained", prefix="angry")
    response = upload(staff, b"email\nleft0@example.org\nangry0@example.org\n", newsletters=[round_up])
    assert "an import does not override that" in response.content.decode()
    assert Subscriber.objects.get(email="left0@example.org").state == "unsubscribed"
    assert Subscriber.objects.get(email="angry0@example.org").state == "complained"


def test_export_and_the_list_with_counts_search_and_filters(staff, round_up, alert):
    make_subscribers(round_up, 3)
    make_subscribers(alert, 2, state="pending", prefix="wait", confirmed=False)
    export = staff.get("/admin/newsletter-tools/export/?state=active")
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0] == "email,state,newsletters,created_at,confirmed_at" and len(lines) == 4
    assert lines[1].startswith("reader0@example.org,active,weekly-round-up,")
    listing = staff.get("/admin/subscribers/")
    html = listing.content.decode()
    assert listing.status_code == 200 and "Active: 3" in html and "Pending confirmation: 2" in html
    assert "Africa Alert: 0, 2" in html
    found = staff.get("/admin/subscribers/?q=wait1").content.decode()
    assert "wait1@example.org" in found and "reader0@example.org" not in found
    filtered = staff.get("/admin/subscribers/?state=pending").content.decode()
    assert "wait0@example.org" in filtered and "reader0@example.org" not in filtered


def test_deleting_a_subscriber_removes_all_their_data(staff, round_up):
    (subscriber,) = make_subscribers(round_up, 1)
    Consent.objects.create(subscriber=subscriber, action="signed-up", source="test")
    delivery.start_send(draft_edition(round_up))
    response = staff.post(f"/admin/subscribers/delete/{subscriber.pk}/")
    assert response.status_code == 302
    for model in (Subscriber, Subscription, Consent, Delivery):
        assert not model.objects.exists()


def test_draft_send_test_and_send_from_the_admin(staff, round_up, mailoutbox):
    listing = staff.get("/admin/snippets/newsletter/edition/").content.decode()
    assert "Draft this week" in listing and 'href="/admin/snippets/newsletter/edition/draft/"' in listing
    make_subscribers(round_up, 4)
    drafted = staff.post("/admin/snippets/newsletter/edition/draft/", {"newsletter": round_up.pk})
    edition = Edition.objects.get()
    assert drafted.status_code == 302 and drafted["Location"].endswith(f"/edit/{edition.pk}/")
    assert staff.get(f"/admin/snippets/newsletter/edition/edit/{edition.pk}/").status_code == 200
    send_page = f"/admin/snippets/newsletter/edition/send/{edition.pk}/"
    assert "Send to 4 subscribers" in staff.get(send_page).content.decode()
    bad = staff.post(send_page, {"action": "test", "address": "not an address"})
    assert bad.status_code == 200 and "Enter an email address" in bad.content.decode()
    staff.post(send_page, {"action": "test", "address": "editor@example.org"})
    (test,) = mailoutbox
    assert test.subject == f"[Test] {edition.subject}" and test.to == ["editor@example.org"]
    past = staff.post(send_page, {"action": "schedule", "when": "2001-01-01 10:00", "window_minutes": 0})
    assert "Choose a time in the future" in past.content.decode()
    staff.post(send_page, {"action": "send", "window_minutes": 0})
    assert Delivery.objects.count() == 4
    progress = staff.get(send_page).content.decode()
    assert 'data-count="pending">4<' in progress and 'http-equiv="refresh"' in progress


def test_staff_without_newsletter_rights_are_refused(client, round_up):
    sign_in(client, make_user("writer", group="Editors"))
    edition = draft_edition(round_up)
    assert client.get(f"/admin/snippets/newsletter/edition/send/{edition.pk}/").status_code in (302, 403)
    assert client.get("/admin/newsletter-tools/export/").status_code in (302, 403)


def _postmark(staff_client, payload):
    auth = base64.b64encode(b"hook:secret").decode()
    return staff_client.post(
        "/newsletter/anymail/postmark/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


@override_settings(ANYMAIL={"WEBHOOK_SECRET": "hook:secret"})
def test_provider_bounce_and_complaint_webhooks_suppress(client, round_up):
    make_subscribers(round_up, 2)
    bounce = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": "Reader0@example.org",
        "BouncedAt": "2026-11-20T10:00:00Z",
        "MessageID": "abc",
        "ID": 1,
    }
    complaint = {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Email": "reader1@example.org",
        "BouncedAt": "2026-11-20T10:00:00Z",
        "MessageID": "def",
        "ID": 2,
    }
    assert _postmark(client, bounce).status_code == 200
    assert _postmark(client, complaint).status_code == 200
    assert Subscriber.objects.get(email="reader0@example.org").state == "bounced"
    assert Subscriber.objects.get(email="reader1@example.org").state == "complained"
    unauthorised = client.post(
        "/newsletter/anymail/postmark/tracking/", "{}", content_type="application/json"
    )
    assert unauthorised.status_code in (400, 401, 403)
