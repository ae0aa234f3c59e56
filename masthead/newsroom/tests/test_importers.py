"""WordPress and Ghost imports, from export files written for these tests
(exports/): what each post becomes, re-runs, and broken files."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from masthead.articles.models import ArticlePage, AuthorPage, Region, SectionPage
from masthead.demo.pictures import draw_scene
from masthead.discovery.models import RelatedStory
from masthead.newsroom import schedule
from masthead.newsroom.importing import ghost, run_import, runs, tasks
from masthead.newsroom.importing.posts import ExportError, scheduled
from masthead.newsroom.models import ImportRecord, ImportRun, ImportUpload
from masthead.pagecache.models import Membership
from masthead.photos.models import Photo
from masthead.testing import login, publish

from .test_metadata_files import jpeg_with_credit

pytestmark = pytest.mark.django_db
EXPORTS = Path(__file__).parent / "exports"
WXR = (EXPORTS / "wordpress.xml").read_bytes()
GHOST = (EXPORTS / "ghost.json").read_bytes()
MAPPING = json.dumps({"regions": {"EU affairs": "europe"}, "default_kind": "news"})


@pytest.fixture
def media(tmp_path):
    """The pictures of the exports, as a media folder: one carries its
    credit in its IPTC data; the others are plain."""
    folder = tmp_path / "export-media"
    folder.mkdir()
    (folder / "harbour.jpg").write_bytes(draw_scene("Harbour", size=(320, 180)))
    (folder / "deck.jpg").write_bytes(jpeg_with_credit("Deck Photographer", "AFP"))
    (folder / "grain.jpg").write_bytes(draw_scene("Grain", size=(320, 180)))
    return folder


@pytest.fixture
def sections(world):
    home = world.home
    for slug in ("africa", "americas", "middle-east"):
        region = Region.objects.get(slug=slug)
        publish(home, SectionPage(title=region.name, slug=slug, region=region))


def html(rich_text) -> str:
    """Rich text's HTML without the keys the editor gives its blocks."""
    return re.sub(r' data-block-key="[^"]*"', "", rich_text.source)


def run(source, data, media, mapping=MAPPING, **kw):
    return run_import(source, data, mapping, media, **kw)


def test_wordpress_posts_become_articles(world, sections, media, client):
    report = run("wordpress", WXR, media)
    assert len(report.created) == 3 and not report.updated
    ferries = ArticlePage.objects.get(title="Why the Baltic ferries keep their routes & their secrets")
    assert ferries.live and ferries.first_published_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert (ferries.primary_region.slug, ferries.kind.slug) == ("europe", "analysis")
    assert ferries.dek == "Operators say the crossings are safe; regulators want to see the logs."
    assert sorted(t.name for t in ferries.countries.all()) == ["Finland", "Sweden"]
    assert [a.author.title for a in ferries.article_authors.all()] == ["Marta Øvergård"]
    # The featured picture, with the credit from its custom field.
    assert ferries.hero_image.credit == "REUTERS/Ana Lind"
    assert ferries.caption == "Fishing boats leave Tromsø before dawn."
    # The body: entities decoded, whitelisted markup, blocks for headings, quotes and pictures.
    blocks = [(b.block_type, b.value) for b in ferries.body]
    kinds = [kind for kind, _ in blocks]
    assert kinds == ["paragraph", "heading", "block_quote", "paragraph", "image", "link_card", "paragraph"]
    first = html(blocks[0][1])
    assert "<b>Baltic</b>" in first and "&amp; busy" in first and "café" in first
    assert blocks[2][1]["attribution"] == "A captain in Turku"
    assert blocks[4][1]["image"].credit == "AFP/Deck Photographer"  # read from the file's IPTC
    # The player is not loaded on the page: the embed is a link.
    assert blocks[5][1]["url"] == "https://www.youtube.com/embed/abc123"
    grouped = html(blocks[6][1])
    assert (
        "<i>text</i>" in grouped
        and "onclick" not in grouped
        and 'href="https://example.org/report"' in grouped
    )
    assert "tracker" not in "".join(str(v) for _, v in blocks)
    # The draft stays a draft, with no date; the plain-text post gets paragraphs.
    draft = ArticlePage.objects.get(title="Ankara’s müzakere gambit, explained")
    assert (
        not draft.live
        and draft.primary_region.slug == "middle-east"
        and draft.slug == "ankaras-muzakere-gambit-explained"
    )
    dakar = ArticlePage.objects.get(slug="dakar-port")
    assert dakar.live and dakar.kind.slug == "news" and [t.name for t in dakar.countries.all()] == ["Senegal"]
    assert "Plain text without paragraphs" in html(dakar.body[0].value)
    # Old addresses answer with a permanent redirect.
    response = client.get("/2024/03/baltic-ferries/")
    assert response.status_code == 301 and response["Location"].endswith(ferries.url)
    # And so do WordPress's ?p= links, for the posts that were published.
    response = client.get("/?p=11")
    assert response.status_code == 301 and response["Location"].endswith(ferries.url)
    assert not Redirect.objects.filter(redirect_page=draft).exists()
    # What was left out, and why.
    lines = "\n".join(report.lines())
    assert "“About us”: a page, not a post" in lines
    assert "“Home”: a nav_menu_item, not a post" in lines
    assert "“An old mistake”: in the bin" in lines
    assert "the term “Sport” (1 post) names no region, kind or country: a topic" in lines
    assert [t.name for t in ferries.topics.all()] == ["Sport"]
    assert "a <script> was removed" in lines
    assert "an embedded iframe became a link" in lines


def test_a_rerun_creates_nothing_and_updates_what_changed(world, sections, media):
    run("wordpress", WXR, media)
    counts = (
        ArticlePage.objects.count(),
        AuthorPage.objects.count(),
        Photo.objects.count(),
        Redirect.objects.count(),
    )
    again = run("wordpress", WXR, media)
    assert len(again.unchanged) == 3 and not again.created and not again.updated
    edited = WXR.replace(
        b"Dakar\xe2\x80\x99s port expansion, in numbers", b"Dakar\xe2\x80\x99s port expansion, revised"
    )
    third = run("wordpress", edited, media)
    assert len(third.updated) == 1 and len(third.unchanged) == 2
    after = (
        ArticlePage.objects.count(),
        AuthorPage.objects.count(),
        Photo.objects.count(),
        Redirect.objects.count(),
    )
    assert after == counts
    page = ArticlePage.objects.get(slug="dakar-port")
    assert page.title == "Dakar’s port expansion, revised" and page.live
    assert ImportRecord.objects.filter(source="wordpress").count() == 3


def test_a_rerun_with_a_new_mapping_moves_what_it_places_elsewhere(world, sections, media, client):
    run("wordpress", WXR, media)
    ferries = ArticlePage.objects.get(slug="baltic-ferries")
    old_url = ferries.url
    report = run("wordpress", WXR, media, mapping=json.dumps({"regions": {"EU affairs": "africa"}}))
    assert len(report.updated) == 1 and len(report.unchanged) == 2, report.lines()
    ferries.refresh_from_db()
    assert ferries.primary_region.slug == "africa" and ferries.get_parent().specific.region.slug == "africa"
    assert client.get(ferries.url).status_code == 200 and ferries.url != old_url


def test_a_rerun_does_not_overwrite_what_an_editor_changed_here(world, sections, media):
    run("wordpress", WXR, media)
    page = ArticlePage.objects.get(slug="dakar-port")
    page.dek = "An editor's better standfirst."
    page.save_revision(user=world.users["editor"]).publish()
    changed = WXR.replace(b"Dakar\xe2\x80\x99s port expansion, in numbers", b"Dakar at the source, again")
    report = run("wordpress", changed, media)
    assert len(report.conflicts) == 1 and not report.updated
    conflict = report.conflicts[0]
    assert "edited here on" in conflict and "the source's version not applied" in conflict
    page.refresh_from_db()
    assert page.dek == "An editor's better standfirst." and page.title == "Dakar’s port expansion, in numbers"
    assert {i.source_id: i.outcome for i in report.items}["14"] == "conflict"


@pytest.mark.parametrize(
    "data, message",
    [
        (WXR[: len(WXR) // 2], "broken XML at line"),
        (b"<rss><channel><title>x</title></channel></rss>", "Not a WordPress export"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>', "declares XML entities"),
    ],
)
def test_a_broken_wordpress_file_is_refused_saying_where_and_nothing_is_imported(db, media, data, message):
    before = ArticlePage.objects.count()
    with pytest.raises(ExportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("wordpress", data, media)
    assert ArticlePage.objects.count() == before and not ImportRecord.objects.exists()


def ferries_last() -> bytes:
    """The export with the post that has a picture to store moved to the end."""
    text = WXR.decode()
    ferries = next(m for m in re.finditer(r"<item>.*?</item>", text, re.S) if "<wp:post_id>11<" in m[0])
    moved = text[: ferries.start()] + text[ferries.end() :]
    return moved.replace("</channel>", ferries[0] + "</channel>").encode()


def test_articles_written_in_bulk_are_what_wagtails_own_calls_make(
    world, sections, media, client, django_capture_on_commit_callbacks
):
    """New articles skip `add_child`, `save_revision` and `publish`; what
    those leave behind is there all the same: a revision an editor opens,
    the log, a sound tree, and what publishing sets off (search, related
    stories, the page cache's listings, the pictures' use)."""
    with django_capture_on_commit_callbacks(execute=True):
        run("wordpress", WXR, media)
    ferries = ArticlePage.objects.get(slug="baltic-ferries")
    section = ferries.get_parent()
    assert section.numchild == section.get_children().count() and ferries.url_path.endswith(
        "/baltic-ferries/"
    )
    assert ferries.live_revision_id == ferries.latest_revision_id and not ferries.has_unpublished_changes
    from_revision = ferries.get_latest_revision_as_object()
    assert from_revision.title == ferries.title and list(from_revision.body.raw_data) == list(
        ferries.body.raw_data
    )
    assert [a.author_id for a in from_revision.article_authors.all()] == [
        a.author_id for a in ferries.article_authors.all()
    ]
    actions = set(PageLogEntry.objects.filter(page=ferries).values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.publish"}
    login(client, world, "editor")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[ferries.pk]))
    assert edit.status_code == 200 and "Why the Baltic ferries" in edit.content.decode()
    # What publishing sets off, once for the batch.
    assert f'href="{ferries.url}"' in client.get("/search/", {"q": "ferries"}).content.decode()
    assert Membership.objects.filter(page_id=ferries.pk).exists()
    assert ReferenceIndex.get_references_to(ferries.hero_image).exists()
    assert RelatedStory.objects.filter(article=ferries).exists()
    assert not any(Page.find_problems())  # paths, depths and child counts as treebeard keeps them


def test_a_failure_halfway_through_a_batch_leaves_nothing_of_it(world, sections, media, settings, tmp_path):
    """The storage fails under the last post, after two went in: none stays."""
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "not-a-folder" / "media")
    before = (ArticlePage.objects.count(), AuthorPage.objects.count(), Photo.objects.count())
    with pytest.raises(OSError):
        run("wordpress", ferries_last(), media)
    assert (ArticlePage.objects.count(), AuthorPage.objects.count(), Photo.objects.count()) == before
    assert not ImportRecord.objects.exists() and not Redirect.objects.exists()


def test_a_failure_keeps_the_batches_before_it_whole_and_a_re_run_goes_on(
    world, sections, media, settings, tmp_path
):
    """Posts are written and committed a batch at a time: the batch the
    failure hits leaves nothing; the batches before it stay, the run says
    how far it came, and importing the file again completes it."""
    settings.IMPORT_BATCH = 2
    storage = settings.MEDIA_ROOT
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "not-a-folder" / "media")
    before = ArticlePage.objects.count()
    with pytest.raises(OSError):
        run("wordpress", ferries_last(), media, file_name="export.xml")
    stopped = ImportRun.objects.get()
    assert stopped.status == "failed" and stopped.finished_at
    assert f"The first 2 of {stopped.total} posts were imported whole" in stopped.error
    assert ArticlePage.objects.count() == before + 2 and ImportRecord.objects.count() == 2
    assert not ArticlePage.objects.filter(slug="baltic-ferries").exists()
    settings.MEDIA_ROOT = storage
    report = run("wordpress", ferries_last(), media)
    assert len(report.unchanged) == 2 and len(report.created) == 1
    assert ArticlePage.objects.get(slug="baltic-ferries").live


@pytest.mark.parametrize(
    "mapping, message",
    [
        ("{", "not JSON: line 1"),
        ('{"regions": {"EU": "atlantis"}}', "to the region “atlantis”, which does not exist"),
        ('{"colours": {}}', "unknown keys: colours"),
        ('{"default_kind": "poetry"}', "default_kind “poetry” does not exist"),
    ],
)
def test_a_bad_mapping_is_refused(db, media, mapping, message):
    with pytest.raises(ExportError, match=message):
        run("wordpress", WXR, media, mapping=mapping)


def test_ghost_posts_in_html_lexical_and_mobiledoc(world, sections, media):
    report = run("ghost", GHOST, media, mapping=None)
    assert len(report.created) == 5
    grain = ArticlePage.objects.get(slug="warsaw-grain")
    assert grain.live and grain.first_published_at == datetime(2024, 5, 2, 7, 30, tzinfo=UTC)
    assert [a.author.title for a in grain.article_authors.all()] == ["Lena Köhler", "Tomás Ruiz"]
    assert grain.dek == "Trains, not ships, carry the harvest now."
    assert (grain.caption, grain.credit) == ("Wagons at the border.", "Piotr Nowak/Agency")
    assert [t.name for t in grain.countries.all()] == ["Poland"]
    assert "— quietly" in html(grain.body[0].value) and grain.body[1].value["level"] == "h3"
    montevideo = ArticlePage.objects.get(slug="montevideo")
    assert (montevideo.primary_region.slug, montevideo.kind.slug) == ("americas", "opinion")
    body = [(b.block_type, b.value) for b in montevideo.body]
    assert [k for k, _ in body] == ["paragraph", "heading", "block_quote", "paragraph"]
    assert "<b>everyone</b>" in html(
        body[0][1]
    ) and '<a href="https://example.org/uy"><i> and listens</i></a>' in html(body[0][1])
    assert "<ol><li>Trade</li><li>Water</li></ol>" in html(body[3][1])
    lisbon = ArticlePage.objects.get(slug="lisbon-atlantic")
    sources = [html(b.value) if b.block_type == "paragraph" else b.value["text"] for b in lisbon.body]
    assert sources[0] == (
        '<p>Portugal looks <b>west</b>, as ever; see <a href="https://example.org/pt">the plan</a>.</p>'
    )
    assert sources[1] == "The ports" and "Leixões" in sources[2]
    assert "<i>HTML</i> card" in sources[3] and "Its second paragraph." in sources[5]
    assert not ArticlePage.objects.get(slug="krakow-draft").live
    # Scheduled in Ghost for 2030: scheduled here, as an editor's scheduled publish leaves it.
    summit = ArticlePage.objects.get(slug="vistula-summit")
    go_live = datetime(2030, 1, 1, tzinfo=UTC)
    assert not summit.live and summit.go_live_at == go_live
    assert summit.latest_revision.approved_go_live_at == go_live
    assert summit.status_string == "scheduled"
    lines = "\n".join(report.lines())
    assert "“Contact”: a page, not a post" in lines
    assert "scheduled in Ghost for 2030-01-01 00:00 UTC: scheduled here for the same time" in lines
    with time_machine.travel(go_live + timedelta(seconds=10), tick=False):  # the clock's next tick
        assert [page.pk for page in schedule.run_due().published] == [summit.pk]
    assert ArticlePage.objects.get(pk=summit.pk).live
    assert "#internal" not in lines  # Ghost's #tags are internal: neither a topic nor reported
    assert not any(t.name.startswith("#") for post in ArticlePage.objects.all() for t in post.topics.all())


@pytest.mark.parametrize(
    "data, message",
    [
        (GHOST[:500], "broken JSON at line"),
        (b'{"db": []}', "no db\\[0\\].data.posts"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_a_broken_ghost_file_is_refused_saying_where(db, media, data, message):
    with pytest.raises(ExportError, match=message):
        run("ghost", data, media)
    assert not ImportRecord.objects.exists()


def test_a_published_post_whose_picture_lacks_a_credit_is_kept_as_a_draft(world, sections, media):
    data = GHOST.replace(b' <a href=\\"https://agency.example\\">Photo: Piotr Nowak/Agency</a>', b"")
    report = run("ghost", data, media, mapping=None)
    grain = ArticlePage.objects.get(slug="warsaw-grain")
    assert not grain.live
    assert "kept as a draft. The picture “Wagons at the border.” has no credit" in "\n".join(report.lines())


def test_a_damaged_picture_is_left_out_with_a_note_and_its_post_imported(world, sections, media):
    (media / "harbour.jpg").write_bytes((media / "harbour.jpg").read_bytes()[:2000])
    report = run("wordpress", WXR, media)
    assert len(report.created) == 3
    ferries = ArticlePage.objects.get(title="Why the Baltic ferries keep their routes & their secrets")
    assert ferries.hero_image is None
    assert "harbour.jpg was not imported: This picture is damaged or incomplete" in "\n".join(report.lines())


def test_caption_and_credit_are_told_apart():
    assert ghost.caption_and_credit("Boats. Photo by Jane Doe") == {"caption": "Boats.", "credit": "Jane Doe"}
    assert ghost.caption_and_credit("A photograph of boats") == {
        "caption": "A photograph of boats",
        "credit": "",
    }


def test_the_command_reports_and_refuses_broken_files(world, sections, media, tmp_path, capsys):
    export = tmp_path / "export.xml"
    export.write_bytes(WXR)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(MAPPING)
    call_command(
        "import_export",
        "wordpress",
        str(export),
        "--media",
        str(media),
        "--mapping",
        str(mapping),
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert "3 created, 0 updated" in out and "Dry run" in out
    assert not ArticlePage.objects.filter(slug="dakar-port").exists()
    export.write_bytes(WXR[:3000])
    with pytest.raises(CommandError, match="broken XML at line .* Nothing was imported"):
        call_command("import_export", "wordpress", str(export))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_export", "wordpress", str(export), "--media", str(tmp_path / "nowhere"))


def test_an_admin_import_runs_as_a_task_and_its_page_follows_it(world, sections, media, client, settings):
    """The upload is read at once (a broken file is refused there), then a
    worker imports it; meanwhile its page shows how far it has come and
    follows it by itself, without JavaScript."""
    settings.IMPORT_MEDIA_ROOT = media.parent
    login(client, world, "administrator")
    queued = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "long"]}
    }
    with override_settings(TASKS=queued):
        form = {"source": "wordpress", "export": SimpleUploadedFile("export.xml", WXR), "media": media.name}
        response = client.post(
            reverse("newsroom_import"), {**form, "mapping": SimpleUploadedFile("m.json", MAPPING.encode())}
        )
        run = ImportRun.objects.get()
        url = reverse("newsroom_import_run", args=[run.pk])
        assert response.status_code == 302 and response["Location"] == url
        assert (run.status, run.done, run.total) == ("queued", 0, 3)
        page = client.get(url).content.decode()
        assert "waiting for a worker" in page and '<meta http-equiv="refresh" content="2">' in page
        assert not ArticlePage.objects.filter(slug="baltic-ferries").exists()
        runs.progress(run)(2, 3)  # as a worker's first batch commits
        page = client.get(url).content.decode()
        assert "2 of 3 posts imported" in page and '<progress max="3" value="2"' in page
        tasks.run_import.call(run.pk)
    page = client.get(url).content.decode()
    run.refresh_from_db()
    assert (run.status, run.done) == ("done", run.total) and run.finished_at
    assert "3 created" in page and "http-equiv" not in page
    assert ArticlePage.objects.get(slug="baltic-ferries").live
    assert not ImportUpload.objects.exists()  # the uploaded file is not kept


def test_administrators_import_through_the_admin(world, sections, media, client, settings):
    settings.IMPORT_MEDIA_ROOT = media.parent
    login(client, world, "administrator")
    form = {
        "source": "wordpress",
        "export": SimpleUploadedFile("export.xml", WXR),
        "mapping": SimpleUploadedFile("mapping.json", MAPPING.encode()),
        "media": media.name,
    }
    response = client.post(reverse("newsroom_import"), form, follow=True)
    page = response.content.decode()
    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("newsroom_import_run", args=[run.pk])
    assert "3 created, 0 updated, 0 unchanged" in page and "Download as CSV" in page
    ferries = ArticlePage.objects.get(slug="baltic-ferries")
    assert f'<a href="{ferries.url}">' in page and "a page, not a post" in page
    # The report, kept and downloadable: every item with its old and new address.
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("newsroom_import_csv", args=[run.pk])).content.decode()))
    )
    assert rows[0] == ["source id", "title", "old URL", "new URL", "outcome", "notes"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["11"][2:5] == ["/2024/03/baltic-ferries/", ferries.url, "created"]
    assert "is no region" not in by_id["11"][5] and "a <script> was removed" in by_id["11"][5]
    skipped = client.get(
        reverse("newsroom_import_run", args=[run.pk]), {"outcome": "skipped"}
    ).content.decode()
    rows = BeautifulSoup(skipped, "html.parser").select(".import-items tbody tr")
    assert rows and all("skipped" in row.get_text() for row in rows)
    assert not any("Why the Baltic ferries" in row.get_text() for row in rows)
    broken = {"source": "wordpress", "export": SimpleUploadedFile("export.xml", WXR[:3000])}
    page = client.post(reverse("newsroom_import"), broken).content.decode()
    assert "broken XML at line" in page and "Nothing was imported." in page
    login(client, world, "editor")
    from .test_roles import refused

    assert refused(client.get(reverse("newsroom_import")))


def test_a_scheduled_post_keeps_its_time_unless_it_has_passed_or_was_restricted():
    later, earlier = datetime.now(UTC) + timedelta(days=3), datetime.now(UTC) - timedelta(days=3)
    assert scheduled("WordPress", later, "") == (
        later,
        f"scheduled in WordPress for {later:%Y-%m-%d %H:%M} UTC: scheduled here for the same time",
    )
    assert scheduled("WordPress", earlier, "") == (
        None,
        "scheduled in WordPress for a time now past: imported as a draft",
    )
    assert scheduled("Ghost", later, "members-only in Ghost")[0] is None


def test_a_post_that_fails_after_writing_leaves_nothing_and_the_others_go_in(
    world, sections, media, monkeypatch
):
    """The Baltic ferries post makes its author and stores its picture, then
    fails its checks (a fault put there by the test): both go with it, from
    the savepoint taken before its first write; the other posts go in."""
    from django.core.exceptions import ValidationError

    from masthead.newsroom.importing import bulk

    check = bulk.Batch.check

    def failing(self, page):
        if "ferries" in page.title:
            raise ValidationError("this post does not validate")
        return check(self, page)

    monkeypatch.setattr(bulk.Batch, "check", failing)
    report = run("wordpress", WXR, media)
    assert len(report.created) == 2 and any("this post does not validate" in line for line in report.skipped)
    assert not ArticlePage.objects.filter(slug="baltic-ferries").exists()
    assert not AuthorPage.objects.filter(title="Marta Øvergård").exists()
    assert not Photo.objects.filter(credit="REUTERS/Ana Lind").exists()
