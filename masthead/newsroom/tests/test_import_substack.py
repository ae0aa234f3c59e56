"""Substack's export: the zip of posts.csv and one HTML file a post, built
here from the files written for these tests (exports/substack/)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.articles.models import ArticlePage
from masthead.newsroom.importing import run_import
from masthead.newsroom.importing.posts import ExportError

from .test_import_access import READER_URLS

pytestmark = pytest.mark.django_db
FOLDER = Path(__file__).parent / "exports" / "substack"
SITE = "https://ledger.example.org"


def zipped(folder=FOLDER, skip=(), extra=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in skip:
                archive.write(path, name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_substack_export_comes_in_post_by_post(world, client):
    report = run_import("substack", zipped(), None, None, site=SITE)
    text = "\n".join(report.lines())
    assert len(report.created) == 4, text
    assert "posts.csv line 5 “A post whose body was lost”: its body, posts/140004.missing-body.html" in text
    assert "posts.csv line 6 “A post with a broken date”: the date “last tuesday” is not an ISO date" in text
    ferry = ArticlePage.objects.get(slug="the-ferry-tax")
    assert ferry.live and ferry.dek == "How a port fee became a toll on islanders"
    assert ferry.first_published_at.isoformat() == "2025-03-04T08:00:00+00:00"
    kinds = [block.block_type for block in ferry.body]
    # The picture could not be had here (not fetched): its caption stays.
    # Substack's own subscribe box is not the author's text: it goes.
    assert kinds == ["paragraph", "paragraph", "heading", "paragraph", "block_quote", "paragraph"]
    assert "Substack's subscribe box was left out" in text
    assert "The morning ferry at Hanko." in ferry.body[1].value.source
    assert "Type your email" not in str(ferry.body.raw_data) and "Thanks for reading" not in str(
        ferry.body.raw_data
    )
    assert "a Substack podcast: imported as an article" in text
    assert not ArticlePage.objects.get(slug="draft-notes").live
    # Substack's addresses answer with the new ones, and links between posts follow them.
    assert client.get("/p/the-ferry-tax").status_code == 301
    audio = ArticlePage.objects.get(slug="island-audio")
    assert f'href="{ferry.url}"' in client.get(audio.url).content.decode()


def test_paid_substack_posts_stay_out_of_readers_reach(world, client):
    report = run_import("substack", zipped(), None, None, site=SITE)
    briefing = ArticlePage.objects.get(slug="members-briefing")
    assert not briefing.live and briefing.first_published_at is None
    assert any("for paying subscribers in Substack" in line for line in report.restricted)
    call_command("reindex_search", verbosity=0)
    answers = [client.get(url) for url in READER_URLS] + [client.get("/search/", {"q": "minister numbers"})]
    assert briefing.get_parent().slug == "global"
    assert client.get("/global/members-briefing/").status_code == 404
    for answer in answers:
        assert "the minister had the numbers" not in answer.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04 not really", "not a zip file"),
        (zipped()[:300], "not a zip file"),
        (zipped(skip={"posts.csv"}), "the zip holds no posts.csv"),
        (zipped(skip={"posts.csv"}, extra={"posts.csv": "id,when\n1,2\n"}), "lacks the columns"),
    ],
)
def test_what_is_not_a_substack_export_is_refused_whole(db, data, message):
    with pytest.raises(ExportError, match=message):
        run_import("substack", data, None, None)
    assert not ArticlePage.objects.exists()
