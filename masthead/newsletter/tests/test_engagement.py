"""Opens and clicks, when a magazine turns them on: links through signed
redirects, a pixel per recipient, counted once, nothing when off."""

import email
import re
from html import unescape

import pytest
from django.test import override_settings

from masthead.newsletter import delivery, engagement
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Click, Delivery
from masthead.testing import make_user, sign_in

from .conftest import make_subscribers

pytestmark = pytest.mark.django_db
SMTP = override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")


def html_of(row) -> str:
    """The HTML part of the message one recipient would get over SMTP."""
    with SMTP:
        _, raw, _ = delivery.Worker().envelope(row)
    message = email.message_from_bytes(raw)
    return (
        next(p for p in message.walk() if p.get_content_type() == "text/html")
        .get_payload(decode=True)
        .decode()
    )


def sent_rows(round_up, settings, tracked: bool, count=3):
    settings.NEWSLETTER_ENGAGEMENT = tracked
    make_subscribers(round_up, count)
    delivery.start_send(draft_edition(round_up))
    Delivery.objects.update(state=Delivery.State.SENT)
    return list(Delivery.objects.select_related("subscriber").order_by("pk"))


def tracked_links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html) if "/newsletter/c/" in h]


def test_off_by_default_nothing_is_rewritten_or_counted(round_up, settings):
    row = sent_rows(round_up, settings, tracked=False)[0]
    html = html_of(row)
    assert "/newsletter/c/" not in html and "/newsletter/o/" not in html
    assert "/newsletter/archive/" in html  # the links go straight to their targets


def test_clicks_and_opens_are_counted_once_per_reader(round_up, settings, client):
    first, second, _ = sent_rows(round_up, settings, tracked=True)
    html = html_of(first)
    links = tracked_links(html)
    assert links and all(engagement.recipient_token(first.pk) in link for link in links)
    assert "%%masthead" not in html and "unsubscribe" in html  # the footer's own links are not tracked
    archive = next(link for link in links if "archive" in response_target(link))
    path = archive.removeprefix(settings.SITE_URL)
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 302 and "/newsletter/archive/" in response["Location"]
        assert not response.cookies
    pixel = re.search(r'src="[^"]*(/newsletter/o/[^"]+\.gif)"', html)[1]
    response = client.get(pixel)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif" and not response.cookies
    client.get(re.search(r'src="[^"]*(/newsletter/o/[^"]+\.gif)"', html_of(second))[1])

    assert Click.objects.count() == 1  # one reader, one link, clicked twice
    home = next(link for link in links if link is not archive)
    client.get(home.removeprefix(settings.SITE_URL))  # the same reader, another link
    report = engagement.report(first.edition)
    assert (report["sent"], report["opened"], report["clicked"]) == (3, 2, 1)
    assert sorted(row["url"] for row in report["links"]) == sorted(
        [response_target(archive), response_target(home)]
    )

    sign_in(client, make_user("chief", superuser=True))
    page = client.get(f"/admin/snippets/newsletter/edition/send/{first.edition_id}/").content.decode()
    assert "Opened, at least" in page and "2 of 3 (67%)" in page and response_target(archive) in page


def response_target(link: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(link).query)["u"][0]


def test_a_forged_target_is_refused_and_a_garbled_reader_counts_nothing(round_up, settings, client):
    row = sent_rows(round_up, settings, tracked=True)[0]
    link = tracked_links(html_of(row))[0].removeprefix(settings.SITE_URL)
    forged = re.sub(r"u=[^&]+", "u=https%3A%2F%2Fevil.example%2F", link)
    response = client.get(forged)
    assert response.status_code == 400 and "changed after we sent it" in response.content.decode()
    assert client.get(link.replace("/c/", "/c/x")).status_code == 302  # forwarded or mangled: still works
    assert client.get("/newsletter/o/garbage.gif").status_code == 200
    assert client.get(link.split("?")[0]).status_code == 400  # no target at all
    assert Click.objects.count() == 0 and not Delivery.objects.filter(opened_at__isnull=False).exists()
