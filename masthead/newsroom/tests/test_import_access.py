"""Imports item by item, and access kept: an odd post is imported or skipped
with its reason, never refusing the file; a post readers could not see at
the source comes in as a draft that no reader gets anywhere."""

from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import ArticlePage
from masthead.newsroom.importing import run_import
from masthead.newsroom.models import ImportRecord

pytestmark = pytest.mark.django_db
EXPORTS = Path(__file__).parent / "exports"
ODD_WXR = (EXPORTS / "wordpress-odd.xml").read_bytes()
RESTRICTED_GHOST = (EXPORTS / "ghost-restricted.json").read_bytes()
# A word of each restricted post's body that no other page uses.
SECRET_WORDS = ("quillwort", "marramgrass", "samphire", "saltmarsh", "glasswort")
READER_URLS = (
    "/",
    "/europe/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/api/v1/articles",
    "/api/v1/articles?region=europe",
)


def lines(report) -> str:
    return "\n".join(report.lines())


def test_a_wordpress_post_without_a_title_or_with_markup_in_it_is_imported(world):
    report = run_import("wordpress", ODD_WXR, None, None)
    untitled = ArticlePage.objects.get(slug="tugboat-vote")
    assert untitled.live and untitled.title == "Tugboat crews in Rotterdam voted on Tuesday to accept the…"
    ice = ArticlePage.objects.get(slug="ice-route")
    assert ice.title == "Ice & the Northern Sea Route"
    text = lines(report)
    assert "untitled at the source: its title was made from its first words" in text
    assert "sticky in WordPress: consider it for the home page" in text
    assert "2 comments not imported" in text


def test_one_broken_post_is_skipped_with_its_reason_and_the_rest_imported(world):
    report = run_import("wordpress", ODD_WXR, None, None)
    assert "item 5 (WordPress id 35) “A post with a broken date”: the date “last Tuesday”" in lines(report)
    assert not ArticlePage.objects.filter(slug="broken-date").exists()
    assert len(report.created) == 4
    report = run_import("ghost", RESTRICTED_GHOST, None, None)
    text = lines(report)
    assert "post 5 (Ghost id r5) “A post dated yesterday”: the date “yesterday” is not an ISO date" in text
    assert "post 6 (Ghost id r6) “A broken Lexical document”: its content document is broken" in text
    assert len(report.created) == 4 and not ImportRecord.objects.filter(source_id__in=["r5", "r6"]).exists()


def test_restricted_posts_come_in_as_drafts_and_the_report_lists_them(world):
    wordpress = run_import("wordpress", ODD_WXR, None, None)
    ghost = run_import("ghost", RESTRICTED_GHOST, None, None)
    restricted = {
        "dredging-briefing": "password-protected in WordPress",
        "pilotage-memo": "private in WordPress",
        "sandbank-survey": "members-only in Ghost",
        "harbour-board": "for paying members in Ghost",
        "pilots-pay": "for chosen tiers in Ghost",
    }
    for slug, why in restricted.items():
        page = ArticlePage.objects.get(slug=slug)
        assert not page.live and page.first_published_at is None, slug
        assert why in lines(wordpress) + lines(ghost), why
    assert ArticlePage.objects.get(slug="kiel-locks").live
    assert len(wordpress.restricted) == 2 and len(ghost.restricted) == 3


def test_readers_get_restricted_posts_nowhere(world, client):
    run_import("wordpress", ODD_WXR, None, None)
    run_import("ghost", RESTRICTED_GHOST, None, None)
    call_command("reindex_search", verbosity=0)
    pages = ArticlePage.objects.filter(slug__in=["dredging-briefing", "pilotage-memo", "sandbank-survey"])
    for page in pages:
        assert client.get(f"/europe/{page.slug}/").status_code == 404
    # Each restricted post's title and a phrase of its body; searches echo
    # their query, so they are asked for the body's rare words only.
    shown_nowhere = (
        "dredging contract",
        "confidential figures",
        "pilotage rules",
        "internal only",
        "sandbank survey",
        "survey data",
        "harbour board",
        "read closely",
        "pay table",
        "ranks every pilot",
    )
    answers = [(url, client.get(url)) for url in READER_URLS]
    answers += [(f"search {w}", client.get("/search/", {"q": w})) for w in SECRET_WORDS]
    answers += [(f"api {w}", client.get("/api/v1/articles", {"q": w})) for w in SECRET_WORDS]
    for asked, answer in answers:
        assert answer.status_code in (200, 400), asked
        body = answer.content.decode().lower().replace("&#x27;", "'")
        for phrase in shown_nowhere:
            assert phrase not in body, (asked, phrase)
        if not asked.startswith(("search", "api")):
            assert not any(word in body for word in SECRET_WORDS), asked
    assert "kiel" in client.get("/feeds/rss/").content.decode().lower()  # the public one is there


def test_a_post_restricted_at_the_source_since_the_last_run_is_taken_down(world, client):
    run_import("wordpress", ODD_WXR, None, None)
    ice = ArticlePage.objects.get(slug="ice-route")
    assert ice.live and client.get(ice.url).status_code == 200
    now_private = ODD_WXR.replace(
        b"<wp:post_name><![CDATA[ice-route]]></wp:post_name>\n    <wp:status><![CDATA[publish]]>",
        b"<wp:post_name><![CDATA[ice-route]]></wp:post_name>\n    <wp:status><![CDATA[private]]>",
    )
    assert now_private != ODD_WXR
    report = run_import("wordpress", now_private, None, None)
    ice.refresh_from_db()
    assert not ice.live and "“Ice & the Northern Sea Route”: private in WordPress" in lines(report)
    assert client.get(ice.url or "/europe/ice-route/").status_code == 404
