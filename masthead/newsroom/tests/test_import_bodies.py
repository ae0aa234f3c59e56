"""Imported bodies lose nothing: for every post of the export files written
for these tests (a block-editor post of every core block, a classic post of
WordPress's paragraph rules and shortcodes, a Ghost post of every card, and
Lexical and Mobiledoc documents), every word of the source's visible text
appears in the published article, in order, and its paragraphs, list items,
table cells, pictures and headings are as many as the source's."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from masthead.articles.models import ArticlePage
from masthead.newsroom.importing import ghost, run_import, wxr
from masthead.newsroom.models import ImportRecord
from masthead.photos.models import Photo

from .test_metadata_files import jpeg_with_credit

pytestmark = pytest.mark.django_db
EXPORTS = Path(__file__).parent / "exports"
WORDPRESS = (EXPORTS / "wordpress-bodies.xml").read_bytes()
GHOST = (EXPORTS / "ghost-cards.json").read_bytes()
PICTURES = [
    "2025/01/icebreaker.jpg",
    "2025/01/pilot.jpg",
    "2025/02/quay.jpg",
    "2024/09/barge.jpg",
    "2024/09/lock.jpg",
    "2024/09/crane.jpg",
]


@pytest.fixture
def uploads(tmp_path):
    """A copy of the sources' uploads trees, each picture credited in its file."""
    for number, relative in enumerate(PICTURES):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg_with_credit(f"Photographer {number}", "Ledger"))
    return tmp_path


@pytest.fixture
def imported(world, uploads):
    reports = [
        run_import("wordpress", WORDPRESS, None, uploads),
        run_import("ghost", GHOST, None, uploads),
    ]
    posts = [("wordpress", p) for p in wxr.parse(WORDPRESS).posts]
    posts += [("ghost", p) for p in ghost.parse(GHOST).posts]
    return reports, posts


def words(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.find_all(["script", "style", "button", "svg"]):
        hidden.decompose()
    return re.findall(r"\w+", soup.get_text(" ").lower())


def missing_in_order(source: list[str], shown: list[str]) -> list[str]:
    """The first source word `shown` lacks, in order, with what came before."""
    position = 0
    for index, word in enumerate(source):
        try:
            position = shown.index(word, position) + 1
        except ValueError:
            return source[max(0, index - 5) : index + 1]
    return []


def body_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return str(BeautifulSoup(response.content, "html.parser").select_one(".article-body"))


# Paragraphs are counted outside lists, tables, captions, quotes and cards,
# where the source and the page may differ in wrapping without losing any.
NOT_A_PARAGRAPH = "li, td, th, figcaption, blockquote, .pull-quote, .link-card, .kept-html, .kg-callout-card"
NOT_A_PICTURE = ".kg-bookmark-card, .kg-audio-card"


def counts(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    outside = {id(tag) for tag in soup.select(f":is({NOT_A_PARAGRAPH}) p")}
    no_picture = {id(tag) for tag in soup.select(f":is({NOT_A_PICTURE}) img")}
    return {
        "paragraphs": sum(1 for p in soup.find_all("p") if id(p) not in outside and p.get_text().strip()),
        "list items": len(soup.select("li")) - len(soup.select(".gallery li")),
        "table cells": sum(1 for cell in soup.select("td, th") if cell.get_text().strip()),
        "pictures": sum(1 for img in soup.find_all("img") if id(img) not in no_picture and img.get("src")),
        "headings": len(soup.select("h1, h2, h3, h4, h5, h6")),
    }


def test_every_word_and_every_part_of_every_body_comes_over(imported, client):
    reports, posts = imported
    for report in reports:
        assert not report.skipped and not report.updated, report.lines()
    assert len(posts) == 5
    for source, post in posts:
        page = ImportRecord.objects.get(source=source, source_id=post.source_id).page.specific
        assert page.live, (post.title, page)
        body = body_of(client, page)
        assert not missing_in_order(words(post.html), words(body)), (
            post.title,
            missing_in_order(words(post.html), words(body)),
        )
        assert counts(body) == counts(post.html), post.title


def test_each_source_construct_becomes_its_block(imported, client):
    lanes = ArticlePage.objects.get(slug="bothnia-lanes")
    assert lanes.title == "How the Gulf of Bothnia keeps its lanes open"  # text, never markup
    kinds = [block.block_type for block in lanes.body]
    assert kinds == [
        *["paragraph", "heading", "heading", "heading", "heading", "heading"],
        *["image", "gallery", "link_card", "html", "pull_quote", "table", "preformatted"],
        *["preformatted", "preformatted", "paragraph", "numbered_list", "numbered_list", "separator"],
        *["paragraph", "paragraph"],
    ]
    first = lanes.body[0].value.source
    for kept in ("<sub>2</sub>", "<sup>3</sup>", "<code>ice_class</code>", "<s>two escorts</s>", "“we wait"):
        assert kept in first
    # One paragraph: inline elements never split a sentence; spaces between tags stay.
    assert "<i>then</i> <b>waited</b>" in first
    assert [b.value["level"] for b in lanes.body if b.block_type == "heading"] == [
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
    figure, gallery = lanes.body[6].value, lanes.body[7].value
    assert figure["caption"] == "The breaker waits for the morning convoy."
    assert figure["image"].description == "A red icebreaker in a white sea"  # alt stays alt
    assert [item["caption"] for item in gallery["images"]] == ["The pilot boat leaves Kemi.", ""]
    # The quote holds a link, so it stays HTML: link and attribution kept.
    quote = lanes.body[9].value
    assert '<a href="https://ice.example.org/chart" rel="noopener nofollow">ice chart</a>' in quote
    assert "<cite>A harbour master in Kemi</cite>" in quote
    assert gallery["caption"] == "Two ports, one morning."
    assert lanes.body[8].value["url"] == "https://www.youtube.com/watch?v=ice123"
    table = lanes.body[11].value
    assert [c["heading"] for c in table.columns] == [
        "Port",
        "Escorts",
    ] and table.caption == "Escorts in January."
    code, pre, verse = (lanes.body[i].value for i in (12, 13, 14))
    assert code["style"] == "code" and 'if ice_class < "IA":\n    wait_for_escort()\n\nlog' in code["text"]
    assert pre["style"] == "preformatted" and verse["style"] == "verse" and "\n    the lanes" in verse["text"]
    third, countdown = lanes.body[16].value, lanes.body[17].value
    assert (third["start"], third["reversed"], countdown["start"], countdown["reversed"]) == (
        3,
        False,
        2,
        True,
    )
    # Links to another imported post follow it: to its page, not the old site.
    lulea = ArticlePage.objects.get(slug="lulea-port")
    body = body_of(client, lanes)
    assert body.count(f'href="{lulea.url}"') == 2 and "ledger.example.org/2025" not in body
    # One picture used by several posts is stored once.
    assert Photo.objects.filter(title__in=["Pilot boat"]).count() == 1
    # The classic post: WordPress's paragraphs and line breaks, and its shortcodes.
    first = lulea.body[0].value.source
    assert re.search(r"ore all winter.<br/>\s*The breakers", first)
    kinds = [block.block_type for block in lulea.body]
    assert kinds[:8] == [
        "paragraph",
        "paragraph",
        "image",
        "gallery",
        "gallery",
        "link_card",
        "link_card",
        "link_card",
    ]
    assert lulea.body[2].value["caption"] == "Pilots board at the outer buoy."
    assert "html" in kinds and "table" in kinds


def test_ghost_cards_and_documents(imported, client):
    danube = ArticlePage.objects.get(slug="danube-cards")
    kinds = [block.block_type for block in danube.body]
    assert kinds[:6] == ["paragraph", "image", "gallery", "link_card", "link_card", "preformatted"]
    river = ArticlePage.objects.get(slug="river-ports")
    # __GHOST_URL__ links are links within the site, and follow the page.
    assert f'href="{river.url}"' in body_of(client, danube)
    assert danube.body[4].value["title"] == "River freight report"
    assert danube.body[5].value["language"] == "python"
    first = river.body[0].value.source
    assert "<code>code</code>" in first and "<s>struck</s>" in first and "<sub>2</sub>" in first
    assert "<br/>A second line." in first
    assert river.body[1].value["level"] == "h5"
    soft = ArticlePage.objects.get(slug="soft-breaks")
    assert "First line<br/><i>second line</i> ends it." in soft.body[0].value.source
    assert [b.block_type for b in soft.body] == ["paragraph", "preformatted", "gallery", "paragraph"]


def test_a_dry_run_writes_no_file_and_no_row(world, uploads, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    photos = Photo.objects.count()
    report = run_import("wordpress", WORDPRESS, None, uploads, dry_run=True)
    assert len(report.created) == 2 and any("would bring in 2025/01/pilot.jpg" in n for n in report.notes)
    assert not ArticlePage.objects.filter(slug__in=["bothnia-lanes", "lulea-port"]).exists()
    assert Photo.objects.count() == photos and not ImportRecord.objects.exists()
    assert not any(path.is_file() for path in (tmp_path / "media").rglob("*"))


def test_an_import_into_a_fresh_install_needs_no_mapping(db, uploads, client):
    """Migrated and nothing else: the home page, the sections and the
    authors' index are made, and a category no region matches becomes one."""
    data = WORDPRESS.replace(b'nicename="europe"><![CDATA[Europe]]>', b'nicename="arctic"><![CDATA[Arctic]]>')
    report = run_import("wordpress", data, None, uploads)
    lines = "\n".join(report.lines())
    assert len(report.created) == 2 and not report.skipped, lines
    assert "the region “Arctic” was made from the source's category" in lines
    assert "the section “Arctic” was made" in lines
    lanes = ArticlePage.objects.get(slug="bothnia-lanes")
    assert lanes.live and lanes.primary_region.name == "Arctic" and lanes.kind.slug == "analysis"
    assert lanes.get_parent().specific.region == lanes.primary_region
    assert client.get(lanes.url).status_code == 200
    home = client.get("/")
    assert home.status_code == 200 and "How the Gulf of Bothnia" in home.content.decode()


def test_each_item_lists_its_own_losses_once(world, tmp_path):
    report = run_import("wordpress", WORDPRESS, None, tmp_path)  # no pictures at all
    items = {item.source_id: item.notes for item in report.items}
    assert items["200"].count("2025/01/icebreaker.jpg: not in the media folder") == 1
    assert not any("icebreaker" in note for note in items["201"])  # 201 never shows it
    assert all(len(notes) == len(set(notes)) for notes in items.values())


def test_a_quote_keeps_its_links(world):
    from masthead.newsroom.importing import html_blocks

    converted = html_blocks.convert(
        '<blockquote><p>As the pilot <a href="https://example.org/log">wrote</a>, we wait.</p>'
        "<p>Then we <em>go</em>.</p><cite>A harbour pilot</cite></blockquote>"
        "<blockquote><p>No links here.</p></blockquote>",
        lambda src, alt: None,
    )
    (kind, kept), (plain_kind, plain) = converted.blocks
    assert kind == "html" and plain_kind == "block_quote" and plain["quote"] == "No links here."
    assert '<a href="https://example.org/log" rel="noopener nofollow">wrote</a>, we wait.</p>' in kept
    assert "<p>Then we <em>go</em>.</p><p><cite>A harbour pilot</cite></p></blockquote>" in kept


def test_an_export_cannot_smuggle_a_script_link_into_a_page(world):
    from masthead.newsroom.importing import html_blocks

    converted = html_blocks.convert(
        '<p>Read <a href="javascript:alert(1)">this</a>.</p>'
        '<div class="kg-card kg-button-card"><a href="javascript:alert(2)">Go now</a></div>'
        '<figure class="kg-card kg-bookmark-card">'
        '<a class="kg-bookmark-container" href=" JavaScript:alert(3)">'
        '<div class="kg-bookmark-title">Bookmarked</div></a></figure>',
        lambda src, alt: None,
    )
    stored = str([value.source if hasattr(value, "source") else value for _, value in converted.blocks])
    assert "javascript" not in stored.lower()
    assert "Go now" in stored and "Bookmarked" in stored  # the words stay


@pytest.mark.parametrize(
    "url, accepted",
    [
        ("https://example.org/a", True),
        ("/europe/old-path/", True),
        ("javascript:alert(1)", False),
        ("//evil.example/x", False),
        ("ftp://example.org/f", False),
    ],
)
def test_a_link_card_takes_web_addresses_and_site_paths_only(url, accepted):
    from django.core.exceptions import ValidationError

    from masthead.core.blocks import LinkCardBlock

    block = LinkCardBlock()
    value = block.to_python({"url": url, "title": "", "description": ""})
    if accepted:
        block.clean(value)
    else:
        with pytest.raises(ValidationError):
            block.clean(value)


def test_a_ghost_export_zip_brings_its_own_pictures(world, tmp_path):
    """Ghost's export as a zip: the JSON and the site's content/images/
    folder, pictures read from it with nothing fetched and no folder given."""
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("magazine.ghost.2024-09-12.json", GHOST)
        for n, relative in enumerate(p for p in PICTURES if p.startswith("2024/09/")):
            archive.writestr(f"content/images/{relative}", jpeg_with_credit(f"Zipped {n}", "Ledger"))
    report = run_import("ghost", packed.getvalue(), None, None)
    assert len(report.created) == 3 and not any("not in the media folder" in n for n in report.notes)
    danube = ArticlePage.objects.get(slug="danube-cards")
    assert [b.block_type for b in danube.body][1:3] == ["image", "gallery"]
    assert danube.body[1].value["image"].credit.startswith("Ledger")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04broken", "broken or truncated zip"),
        (b"PK\x03\x04" + b"\0" * 40, "broken or truncated zip"),
    ],
)
def test_a_broken_ghost_zip_is_refused_whole(db, data, message):
    from masthead.newsroom.importing.posts import ExportError

    with pytest.raises(ExportError, match=message):
        run_import("ghost", data, None, None)


PLAIN_TEXTS = [
    "Plain text.",
    'A &amp; B &lt;c&gt; "q" it\'s',
    "  lead   spaces\n and\tnewline  ",
    "",
    " ",
    "a&nbsp;b",
    "&#39;quoted&#39; &amp;amp;",
    "trail \n",
    "nb\xa0sp \xa0 x",
    "x\u2003 ",
    "\u2003em space\u2003",
    "\u200bzero width",
    "é — “curly”",
]


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_a_paragraph_of_text_alone_is_cleaned_as_draftails_round_trip_cleans_it(text):
    """Such paragraphs skip the round trip through Draftail's converter (most
    of an import's time): what they get must be what the round trip gives,
    but for the block key Draftail adds."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from masthead.core.blocks import INLINE_FEATURES
    from masthead.newsroom.importing.html_blocks import _clean

    html = f"<p>{text}</p>"
    draftail = ContentstateConverter(features=INLINE_FEATURES)
    expected = draftail.to_database_format(draftail.from_database_format(html))
    keys = re.compile(r' data-block-key="[^"]*"')
    assert keys.sub("", _clean(html, False)) == keys.sub("", expected)
