"""Members-only pieces: the open part and the gate for readers without
access; the whole piece for those with it; and the restricted text in no
response a reader without access can get, on any channel."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from masthead.articles.models import BriefPage
from masthead.core import access
from masthead.members import accounts
from masthead.members.models import Member
from masthead.testing import make_article, publish, wsgi_request

SECRET = "zanzibarquokka"
OPEN = "Everyone may read this opening about harbour tariffs."


def restricted(world, tiers, level_access, *, with_break=True, tier=None):
    body = [("paragraph", f"<p>{OPEN}</p>")]
    if with_break:
        body.append(("members_break", None))
    body += [("paragraph", f"<p>Then the members-only part: {SECRET} and more.</p>")]
    article = make_article(world.europe_section, title="The harbour deal", body=body, access=level_access)
    if tier is not None:
        article.access_tiers.set([tier])
        article.save_revision().publish()
    return article


def member_client(client, email="reader@example.org", tier=None):
    member = accounts.find_or_create(email, source="test")
    if tier is not None:
        Member.objects.filter(pk=member.pk).update(tier=tier, subscription_status="active")
        member.refresh_from_db()
    client.force_login(member.user)
    return member


@pytest.mark.parametrize("level_access", [access.MEMBERS, access.PAID])
def test_a_reader_without_access_gets_the_open_part_and_the_gate(client, world, tiers, level_access):
    article = restricted(world, tiers, level_access)
    html = client.get(article.url).content.decode()
    assert OPEN in html
    assert SECRET not in html
    assert 'class="gate members-only"' in html
    assert "/join/" in html and "/account/sign-in/" in html


def test_without_a_break_the_open_part_is_the_first_paragraph(client, world, tiers):
    article = restricted(world, tiers, access.MEMBERS, with_break=False)
    html = client.get(article.url).content.decode()
    assert OPEN in html and SECRET not in html


def test_a_free_member_reads_a_members_piece_but_not_a_paid_one(client, world, tiers):
    members_piece = restricted(world, tiers, access.MEMBERS)
    paid_piece = make_article(
        world.europe_section,
        title="Paid",
        access=access.PAID,
        body=[("paragraph", "<p>Open.</p>"), ("members_break", None), ("paragraph", "<p>paidonlyword</p>")],
    )
    member_client(client)
    assert SECRET in client.get(members_piece.url).content.decode()
    html = client.get(paid_piece.url).content.decode()
    assert "paidonlyword" not in html and 'class="gate members-only"' in html


def test_a_piece_for_one_tier_is_closed_to_another(client, world, tiers):
    article = restricted(world, tiers, access.PAID, tier=tiers["patron"])
    member_client(client, tier=tiers["supporter"])
    assert SECRET not in client.get(article.url).content.decode()
    client.logout()
    member_client(client, "patron@example.org", tier=tiers["patron"])
    assert SECRET in client.get(article.url).content.decode()


def test_staff_read_everything(client, world, tiers):
    from masthead.testing import login

    article = restricted(world, tiers, access.PAID)
    login(client, world)
    assert SECRET in client.get(article.url).content.decode()


def test_the_restricted_text_is_on_no_channel_an_anonymous_reader_can_reach(
    client, world, tiers, django_capture_on_commit_callbacks
):
    from masthead.core.models import MagazineSettings

    magazine = MagazineSettings.load()
    magazine.feed_full_text = True
    magazine.save()
    with django_capture_on_commit_callbacks(execute=True):
        article = restricted(world, tiers, access.MEMBERS)
        brief = publish(
            world.brief_index,
            BriefPage(
                title="A quick members take",
                slug="members-take",
                body=f"<p>{SECRET} brief</p>",
                access="members",
            ),
        )
    paths = [
        article.url,
        brief.url,
        world.brief_index.url,
        "/",
        world.europe_section.url,
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/quick-takes/rss/",
        f"/api/v1/articles/{article.pk}?fields=body_html,title",
        "/api/v1/articles?fields=body_html",
        f"/api/v1/briefs/{brief.pk}",
        "/api/v1/briefs",
        "/search/?q=harbour",
        "/search/?q=quick+members+take",
        "/sitemap.xml",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert SECRET not in response.content.decode(), path
    # Search does not find a piece by the words behind its gate.
    found = client.get(f"/search/?q={SECRET}").content.decode()
    assert article.url not in found and brief.url not in found
    assert article.url in client.get("/search/?q=harbour").content.decode()


def test_structured_data_marks_the_paywalled_part(client, world, tiers):
    import json
    import re

    article = restricted(world, tiers, access.MEMBERS)
    html = client.get(article.url).content.decode()
    blocks = [
        json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    data = next(b for b in blocks if b.get("@type") in ("NewsArticle", "AnalysisNewsArticle", "Article"))
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"]["isAccessibleForFree"] is False
    assert data["hasPart"]["cssSelector"] == ".members-only"
    assert 'class="gate members-only"' in html


def signed_in_cookies(email) -> str:
    """The Cookie header of a member signed in on a browser of their own:
    their session and the level cookie Django issues them."""
    from django.test import Client

    client = Client()
    member = accounts.find_or_create(email)
    client.force_login(member.user)
    response = client.get("/account/")
    assert response.status_code == 200
    level = response.cookies[access.COOKIE].value
    session = client.cookies["sessionid"].value
    return f"sessionid={session}; {access.COOKIE}={level}"


def test_cached_copies_are_kept_per_level_never_per_person(world, tiers, client, settings):
    """Through the page cache's front: a member's copy and an anonymous
    reader's are apart; two members at one level share one."""
    article = restricted(world, tiers, access.MEMBERS)
    path = article.url
    status, headers, body = wsgi_request(path)
    assert status == 200 and SECRET.encode() not in body
    status, headers, body = wsgi_request(path)
    assert headers["x-cache"] == "hit"

    cookies = [signed_in_cookies("one@example.org"), signed_in_cookies("two@example.org")]
    status, headers, body = wsgi_request(path, cookie=cookies[0])
    assert SECRET.encode() in body and headers["x-cache"] == "miss"
    assert headers["cache-control"].startswith("private")
    status, headers, body = wsgi_request(path, cookie=cookies[1])
    assert SECRET.encode() in body and headers["x-cache"] == "hit"
    # The anonymous copy is untouched.
    status, headers, body = wsgi_request(path)
    assert SECRET.encode() not in body and headers["x-cache"] == "hit"


def test_a_forged_or_voided_cookie_gets_the_anonymous_copy(world, tiers, settings):
    article = restricted(world, tiers, access.MEMBERS)
    genuine = signed_in_cookies("one@example.org")
    member = Member.objects.get(subscriber__email="one@example.org")
    session = genuine.split(";")[0]
    forged = f"{session}; {access.COOKIE}={member.pk}:tier:patron:99999999999999999999:forged"
    status, headers, body = wsgi_request(article.url, cookie=forged)
    assert headers.get("x-cache") is None  # a session without a genuine level: rendered by Django
    assert SECRET.encode() in wsgi_request(article.url, cookie=genuine)[2]
    # The front believes a level cookie, without asking for the session,
    # for LEVEL_COOKIE_MAX_AGE at most; then Django renews it or, with the
    # session gone, the reader is anonymous again.
    no_session = genuine.split("; ")[1]
    later = datetime.now(UTC) + timedelta(seconds=settings.LEVEL_COOKIE_MAX_AGE + 60)
    with time_machine.travel(later):
        assert SECRET.encode() not in wsgi_request(article.url, cookie=no_session)[2]
    # A change of tier (or a sign-out elsewhere) purges the member's tag.
    from masthead.pagecache import store

    store.purge([access.member_tag(member.pk)])
    status, headers, body = wsgi_request(article.url, cookie=genuine)
    assert headers.get("x-cache") is None  # no cached copy: Django renders it, from the database
    assert access.COOKIE in headers.get("set-cookie", "")  # and renews the cookie


def test_a_gate_sends_no_restricted_words_in_the_teaser_summary(world, tiers):
    body = [("members_break", None), ("paragraph", f"<p>{SECRET} opening words.</p>")]
    article = make_article(world.europe_section, title="No open part", body=body, access=access.MEMBERS)
    assert SECRET not in article.summary
