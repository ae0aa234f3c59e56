"""Related stories by content: computed on publish by a task, stored, read
by the article page; pins win, exclusions never show; the demo's rails
favour the same region and countries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles.listings import related_ids
from masthead.articles.models import ArticlePage, ExcludedRelated, PinnedRelated
from masthead.discovery import related
from masthead.discovery.models import Fingerprint, Posting, RelatedStory, TermCount
from masthead.testing import make_article, wsgi_request

pytestmark = pytest.mark.django_db

CABLES = (
    "<p>Undersea cables carrying internet traffic were cut near the Baltic seabed; "
    "insurers and navies blame anchors dragged by freighters.</p>"
)
HARVEST = (
    "<p>The clove harvest on Zanzibar fell short after the long rains, "
    "and growers are selling spice futures early.</p>"
)


def article(world, section="europe", title="", body=CABLES, days_ago=1, **fields):
    """A published article whose publish task has run, as in production."""
    target = {"europe": world.europe_section, "asia": world.asia_section}[section]
    page = make_article(target, title=title, body=[("paragraph", body)], days_ago=days_ago, **fields)
    related.compute(page.pk)
    return page


def test_text_is_cut_into_folded_terms_without_stopwords():
    assert related.terms_of("The navies' cables and Europe’s ports: 2024, a b") == [
        "navy",
        "cable",
        "europe",
        "port",
    ]


def test_a_story_on_the_same_subject_outranks_unrelated_ones_even_in_another_region(world):
    source = article(world, title="Baltic cables cut by anchors")
    twin = article(world, "asia", title="Who drags anchors over undersea cables", days_ago=2)
    unrelated = article(world, "asia", title="Clove growers hedge", body=HARVEST, days_ago=1)
    rail = related.compute(source.pk)
    assert twin.pk in rail and unrelated.pk not in rail[: rail.index(twin.pk)]
    assert RelatedStory.objects.filter(article=source, related=twin).get().score > 0


def test_with_words_alike_the_same_region_and_shared_countries_win(world):
    source = article(world, title="Port strike", countries=["Tanzania"])
    same_region = article(world, title="A rail tender", body=CABLES)
    same_country = article(world, "asia", title="A rail tender again", body=CABLES, countries=["Tanzania"])
    elsewhere = article(world, "asia", title="A rail tender once more", body=CABLES)
    rail = related.compute(source.pk)
    assert rail.index(same_region.pk) < rail.index(elsewhere.pk)
    assert rail.index(same_country.pk) < rail.index(elsewhere.pk)


def test_recency_breaks_a_tie_between_equal_texts(world):
    source = article(world, title="Cables", days_ago=1)
    near = article(world, title="Cables again", days_ago=3)
    far = article(world, title="Cables again", days_ago=700)
    rail = related.compute(source.pk)
    assert rail.index(near.pk) < rail.index(far.pk)


def test_pins_come_first_and_exclusions_never_show(world):
    source = article(world, title="Cables cut")
    excluded = article(world, title="Cables cut again")  # the closest text of all
    pin = article(world, "asia", title="Clove growers hedge", body=HARVEST, days_ago=400)
    source.pinned_related = [PinnedRelated(related=pin, sort_order=0)]
    source.excluded_related = [ExcludedRelated(related=excluded, sort_order=0)]
    source.save_revision().publish()
    rail = related.compute(source.pk)
    assert rail[0] == pin.pk
    assert excluded.pk not in rail
    assert related_ids(source)[0] == pin.pk
    assert excluded.pk not in related_ids(source, limit=20)


def test_a_new_article_enters_the_rails_of_the_articles_it_matches(world):
    old = article(world, title="Cables cut near Gotland", days_ago=5)
    for n in range(related.STORED + 2):  # fill the old rail with weaker stories
        article(world, "asia", title=f"Clove growers, part {n}", body=HARVEST, days_ago=6)
    related.compute(old.pk)
    new = make_article(
        world.europe_section, title="More cables cut near Gotland", body=[("paragraph", CABLES)]
    )
    assert new.pk not in related.stored_ids(old.pk)
    related.compute(new.pk)
    assert related.stored_ids(old.pk)[0] == new.pk


def test_publishing_computes_the_rail_through_the_task_queue(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        older = article(world, title="Cables cut near Gotland", days_ago=5)
        newer = article(world, title="More cables cut near Gotland", days_ago=0)
    assert related.stored_ids(newer.pk)[0] == older.pk
    assert Posting.objects.filter(article=newer).exists()


def test_unpublishing_takes_an_article_out_of_the_candidates(world, django_capture_on_commit_callbacks):
    gone = article(world, title="Cables cut near Gotland")
    related.compute(gone.pk)
    assert TermCount.objects.get(term="gotland").articles == 1
    with django_capture_on_commit_callbacks(execute=True):
        gone.unpublish()
    assert not Posting.objects.filter(article=gone).exists()
    assert not Fingerprint.objects.filter(article=gone).exists()
    assert TermCount.objects.get(term="gotland").articles == 0
    assert related.compute(gone.pk) == []


def test_an_unpublished_story_drops_out_of_the_stored_rail_at_once(world):
    source = article(world, title="Cables cut")
    twin = article(world, title="Cables cut again")
    related.compute(source.pk)
    assert twin.pk in related_ids(source)
    twin.unpublish()
    assert twin.pk not in related_ids(source)


def test_the_page_reads_the_stored_rail_and_never_computes(client, world):
    source = article(world, title="Cables cut near Gotland")
    twin = article(world, "asia", title="More cables cut near Gotland", days_ago=300)
    related.compute(source.pk)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(source.url).content.decode()
    assert twin.title in html
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "discovery_posting" not in sql and "discovery_termcount" not in sql


def _rail(html: bytes) -> str:
    text = html.decode()
    return text[text.index('class="related"') :].split("</section>")[0]


def test_a_rewritten_rail_purges_its_article_page_and_no_listing(world, django_capture_on_commit_callbacks):
    old = article(world, title="Cables cut near Gotland", days_ago=5)
    new = make_article(
        world.europe_section, title="More cables cut near Gotland", body=[("paragraph", CABLES)], days_ago=1
    )
    listing = world.europe_section.url
    for path in (old.url, listing):
        wsgi_request(path)
    assert old.title.encode() in wsgi_request(listing)[2]  # it shows the old article's card
    status, headers, html = wsgi_request(old.url)
    assert headers["x-cache"] == "hit" and new.title not in _rail(html)
    with django_capture_on_commit_callbacks(execute=True):
        related.compute(new.pk)  # offers the new article to the old one's rail
    status, headers, html = wsgi_request(old.url)
    assert headers["x-cache"] == "miss" and new.title in _rail(html)
    # The section page shows the old article's card, not its rail: still stored.
    assert wsgi_request(listing)[1]["x-cache"] == "hit"


def test_the_demo_rails_favour_the_same_region_or_countries(db, settings, tmp_path):
    from masthead.demo.loader import load_demo_content

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    load_demo_content(log=lambda *_: None)
    related.compute_all()
    articles = {
        a.pk: a for a in ArticlePage.objects.live().prefetch_related("further_regions", "country_items")
    }

    def places(a):
        return {("region", r.pk) for r in [a.primary_region, *a.further_regions.all()]} | {
            ("country", c.tag_id) for c in a.country_items.all()
        }

    rail_shares, base_shares = [], []
    for pk, a in articles.items():
        others = [o for o in articles.values() if o.pk != pk]
        base = sum(bool(places(a) & places(o)) for o in others) / len(others)
        rail = related_ids(a)
        assert len(rail) == 3, a.title
        share = sum(bool(places(a) & places(articles[r])) for r in rail) / len(rail)
        assert share >= base, f"{a.title}: {share:.2f} of its rail shares a place, against {base:.2f} of all"
        rail_shares.append(share)
        base_shares.append(base)
    assert sum(rail_shares) / len(rail_shares) >= 2 * sum(base_shares) / len(base_shares)


def test_a_rail_write_that_loses_a_race_runs_again(world, monkeypatch):
    from django.db import IntegrityError

    from masthead.discovery import tasks

    source = article(world, title="Cables cut near Gotland")
    real, calls = related.compute, []

    def clash_once(article_id):
        calls.append(article_id)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint related_once")
        return real(article_id)

    monkeypatch.setattr(related, "compute", clash_once)
    assert tasks.refresh_related.call(source.pk) == related.stored_ids(source.pk)
    assert calls == [source.pk, source.pk]

    def always_clash(article_id):
        raise IntegrityError("again")

    monkeypatch.setattr(related, "compute", always_clash)
    with pytest.raises(IntegrityError):
        tasks.refresh_related.call(source.pk)
