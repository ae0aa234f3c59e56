"""Drafting, rendering and the archive; the message each recipient gets."""

import email
from email import policy

import pytest

from masthead.newsletter import delivery, links, mime
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Edition
from masthead.newsletter.rendering import render_edition
from masthead.testing import build_world, make_article

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(round_up):
    world = build_world()
    make_article(world.asia_section, title="Straits and shipping", days_ago=3)
    return world


def test_draft_takes_the_week_grouped_by_region(week, round_up):
    edition = draft_edition(round_up)
    stories = [item.article for item in edition.items.all()]
    assert stories, "the world has articles published this week"
    regions = [a.primary_region.sort_order for a in stories]
    assert regions == sorted(regions)
    old = make_article(week.europe_section, title="Old news", days_ago=9)
    assert old not in [item.article for item in draft_edition(round_up).items.all()]


def test_a_regional_alert_takes_only_its_region(week, alert):
    alert.region = week.asia
    alert.save()
    edition = draft_edition(alert)
    assert [i.article.title for i in edition.items.all()] == ["Straits and shipping"]


def test_mail_html_is_inlined_absolute_and_has_a_text_part(week, round_up):
    edition = draft_edition(round_up)
    edition.intro = "First paragraph.\n\nSecond paragraph."
    edition.save()
    html, text = render_edition(edition)
    assert "<style>" not in html.split("</head>")[0].replace('<style data-css-inline="keep">', "")
    assert 'style="' in html and "@media" in html  # inlined, the responsive rule kept
    assert 'href="/' not in html and 'src="/' not in html  # only absolute URLs
    first = edition.items.first().article
    assert first.title in text and "http://127.0.0.1:8000" + first.url in text
    assert "Second paragraph." in text and "<p>Second paragraph.</p>" in html


def test_each_recipient_gets_a_standard_message_with_their_own_links(week, round_up):
    edition = draft_edition(round_up)
    (subscriber,) = make_subscribers(round_up, 1, prefix="o'brien&co")
    delivery.start_send(edition)
    mail = delivery.edition_mail(Edition.objects.get(pk=edition.pk))
    unsubscribe, preferences = links.manage_urls(subscriber, "weekly-round-up")
    msgid = mime.message_id(edition.pk, subscriber.pk, "example.org")
    raw = mime.build(mail.prepared, subscriber.email, msgid, unsubscribe, preferences)
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == subscriber.email and message["Message-ID"] == msgid
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == edition.subject and "The Meridian Review" in message["From"]
    assert message.get_content_type() == "multipart/alternative" and not message.defects
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert unsubscribe in text and preferences in text
    assert unsubscribe.replace("&", "&amp;") in html and "o&#x27;brien&amp;co0@example.org" not in html
    assert "o'brien&amp;co0@example.org" in html  # the address, escaped once
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")


def test_message_ids_are_deterministic():
    assert (
        mime.message_id(7, 42, "example.org")
        == mime.message_id(7, 42, "example.org")
        == "<edition-7.42@example.org>"
    )


def test_the_archive_shows_sent_editions_only(client, week, round_up):
    edition = draft_edition(round_up)
    assert client.get(f"/newsletter/archive/{edition.pk}/").status_code == 404
    make_subscribers(round_up, 2)
    delivery.start_send(edition)
    page = client.get(f"/newsletter/archive/{edition.pk}/")
    assert page.status_code == 200 and edition.subject in page.content.decode()
    assert edition.items.first().article.title in page.content.decode()
    assert edition.subject in client.get("/newsletter/archive/").content.decode()


def test_sent_content_is_frozen(client, week, round_up):
    edition = draft_edition(round_up)
    make_subscribers(round_up, 1)
    delivery.start_send(edition)
    article = edition.items.first().article
    article.title = "A later headline"
    article.save_revision().publish()
    assert "A later headline" not in client.get(f"/newsletter/archive/{edition.pk}/").content.decode()
