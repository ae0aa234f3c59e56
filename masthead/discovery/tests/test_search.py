"""Search: queries made safe, filters, ordering, snippets, pagination and
the page itself, on whichever database the suite runs on."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.articles import filter_terms
from masthead.articles.models import ArticlePage, AuthorPage, BriefPage
from masthead.discovery import engine, search
from masthead.discovery.models import SearchEntry
from masthead.testing import make_article, publish, wsgi_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(world):
    make_article(
        world.asia_section,
        title="Tokyo and Manila sign a coast guard deal",
        dek="The agreement gives each navy's coast guard access to the other's ports.",
        body=[("paragraph", "<p>Coast guard cutters will share fuel and repair yards in Luzon.</p>")],
        days_ago=3,
    )
    make_article(
        world.europe_section,
        title="Baltic insurers price in sabotage",
        dek="Undersea cables are now a line item in shipping premiums.",
        body=[("paragraph", "<p>Insurers in Hamburg say the coast guard cannot watch every cable.</p>")],
        kind=world.news,
        authors=[world.author],
        days_ago=10,
    )
    publish(
        world.brief_index,
        BriefPage(
            title="Cables again",
            slug="cables-again",
            author=world.author,
            body="<p>Another cable cut, another coast guard shrug.</p>",
        ),
    )
    call_command("reindex_search", verbosity=0)
    call_command("update_index", verbosity=0)  # Wagtail's, for the equivalence test
    return world


def titles(query, **filters):
    _, results = search.search(search.parse(query), search.Filters(**filters), 1)
    return [r.page.title for r in results]


def test_parse_keeps_words_and_phrases_and_drops_syntax():
    q = search.parse('"coast guard" AND cables* NEAR( -x')
    assert q.phrases == ["coast guard"] and q.words == ["cables"]
    assert search.parse('"unbalanced quote').words == ["unbalanced", "quote"]
    assert search.parse("Europe's").words == ["Europe"]
    assert not search.parse("   ") and not search.parse('* - "" ()')
    long = search.parse("word " * 2000)
    assert long.note and len(" ".join(long.words)) <= search.MAX_QUERY


def test_relevance_finds_across_articles_briefs_and_authors(indexed):
    found = titles("coast guard")
    assert set(found) == {
        "Tokyo and Manila sign a coast guard deal",
        "Baltic insurers price in sabotage",
        "Cables again",
    }
    # In the title and the standfirst beats one mention in the body.
    assert found.index("Tokyo and Manila sign a coast guard deal") < found.index(
        "Baltic insurers price in sabotage"
    )
    assert titles("Ada Writer", type="authors") == ["Ada Writer"]


def test_phrases_and_filters(indexed):
    assert titles('"coast guard access"') == ["Tokyo and Manila sign a coast guard deal"]
    assert titles("coast guard", region=indexed.europe) == ["Baltic insurers price in sabotage"]
    assert titles("coast guard", kind=indexed.news) == ["Baltic insurers price in sabotage"]
    assert set(titles("coast guard", author=indexed.author)) == {
        "Baltic insurers price in sabotage",
        "Cables again",
    }
    assert titles("coast guard", type="briefs") == ["Cables again"]
    today = timezone.localdate()
    recent = titles("coast guard", start=today - timezone.timedelta(days=5), end=today)
    assert (
        "Baltic insurers price in sabotage" not in recent
        and "Tokyo and Manila sign a coast guard deal" in recent
    )


def test_filters_find_pages_as_published_without_a_reindex(world, django_capture_on_commit_callbacks):
    # Filters are matched as words of the index entry (articles.filter_terms),
    # so the entry a publish writes must carry them: a further region and an
    # author, kept in child rows saved after the page row, included.
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(
            world.europe_section,
            title="Ferry links across the Baltic",
            body=[("paragraph", "<p>Ferries carry more freight than last year.</p>")],
            authors=[world.author],
        )
    with django_capture_on_commit_callbacks(execute=True):
        article.further_regions.set([world.asia])
        article.save_revision().publish()
    assert titles("ferries", region=world.asia) == ["Ferry links across the Baltic"]
    assert titles("ferries", region=world.europe) == ["Ferry links across the Baltic"]
    assert titles("ferries", author=world.author) == ["Ferry links across the Baltic"]
    assert titles("ferries", kind=world.news) == []
    # Moved out of a region: gone from its filter at the next publish.
    with django_capture_on_commit_callbacks(execute=True):
        article.further_regions.set([])
        article.save_revision().publish()
    assert titles("ferries", region=world.asia) == []


def test_the_page_not_its_index_entry_decides_a_filter(indexed):
    # An entry still filed under a region the article has left (indexed
    # before a change no publish followed) does not bring it back.
    from masthead.articles.models import ArticlePage

    ArticlePage.objects.filter(title="Baltic insurers price in sabotage").update(primary_region=indexed.asia)
    assert titles("coast guard", region=indexed.europe) == []


def test_newest_first(indexed):
    found = titles("coast guard", newest_first=True)
    assert found == [
        "Cables again",
        "Tokyo and Manila sign a coast guard deal",
        "Baltic insurers price in sabotage",
    ]


def test_more_matches_than_the_window_are_said_so_and_dates_reach_older_ones(client, indexed, monkeypatch):
    monkeypatch.setattr(engine, "WINDOW", 2)
    html = client.get("/search/", {"q": "coast guard"}).content.decode()
    assert "More than 2 results" in html and "narrow the dates" in html
    assert "Tokyo and Manila" not in html  # indexed first, so outside the window
    today = timezone.localdate()
    older = titles(
        "coast guard", start=today - timezone.timedelta(days=4), end=today - timezone.timedelta(days=2)
    )
    assert older == ["Tokyo and Manila sign a coast guard deal"]


def test_drafts_crowding_the_newest_matches_leave_the_window_whole(indexed, monkeypatch):
    # PostgreSQL picks the newest matching entries before reading their
    # pages (engine._staged_rows); drafts are indexed too, so when they fill
    # every candidate the window is read again with the pages joined.
    monkeypatch.setattr(engine, "WINDOW", 2)
    for i in range(engine._candidates()):
        make_article(indexed.europe_section, title=f"Coast guard draft {i}", revision=False, live=False)
    call_command("reindex_search", verbosity=0)
    drafts = ArticlePage.objects.filter(live=False).values_list("pk", flat=True)
    assert SearchEntry.objects.filter(page_id__in=drafts).count() == len(drafts)  # indexed
    page, results = search.search(search.parse("coast guard"), search.Filters(), 1)
    assert {r.page.title for r in results} == {"Cables again", "Baltic insurers price in sabotage"}
    assert page.more


def test_other_backends_get_the_same_filters_through_wagtail(indexed, monkeypatch):
    # As with OpenSearch: Wagtail's own query over `Scope.pages()`.
    monkeypatch.setattr(engine, "available", lambda: False)
    assert set(titles("coast guard")) == {
        "Tokyo and Manila sign a coast guard deal",
        "Baltic insurers price in sabotage",
        "Cables again",
    }
    assert titles("coast guard", region=indexed.europe) == ["Baltic insurers price in sabotage"]
    assert set(titles("coast guard", author=indexed.author)) == {
        "Baltic insurers price in sabotage",
        "Cables again",
    }
    assert titles("coast guard", newest_first=True)[0] == "Cables again"


def test_snippets_are_escaped_and_highlight_the_terms():
    text = "Before <script>alert(1)</script> the Coast guard's cutters " + "filler " * 60
    snippet = search.highlight(text, ["coast", "guard"])
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>Coast</mark> <mark>guard&#x27;s</mark>" in snippet
    assert snippet.endswith(" …")


def test_unpublished_pages_are_never_found(indexed):
    article = indexed.article
    article.unpublish()
    assert article.title not in titles("Ships cables")


def test_publishing_updates_the_index_through_the_task_queue(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(world.europe_section, title="Zanzibar clove harvest", days_ago=0)
    assert titles("zanzibar") == ["Zanzibar clove harvest"]


# --- The page --------------------------------------------------------------


def test_the_page_shows_results_with_highlights_and_counts(client, indexed):
    response = client.get("/search/", {"q": "coast guard"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 results" in html and "<mark>coast</mark>" in html.lower()
    assert 'href="/asia-pacific/' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        '"unbalanced',
        "a AND OR NOT b",
        "NEAR(a b) * ^ ~ : ( ) { }",
        "'; DROP TABLE wagtailcore_page; --",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 東京",
        "%",
    ],
)
def test_bad_queries_answer_with_results_or_a_message(client, indexed, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert any(s in html for s in ("result", "Nothing found", "Type a word"))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "coast", "region": "atlantis"}, "There is no such choice"),
        ({"q": "coast", "start": "next tuesday"}, "Enter a date like"),
        ({"q": "coast\x00guard"}, "Null characters are not allowed"),
        ({"q": "coast", "start": "2026-11-20", "end": "2026-11-01"}, "before the “from” date"),
        ({"q": "coast", "type": "podcasts"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_named_and_nothing_breaks(client, indexed, params, message):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_pagination_and_bad_pages(client, indexed):
    for i in range(12):
        make_article(indexed.europe_section, title=f"Harbour story {i}", revision=False)
    call_command("reindex_search", verbosity=0)
    first = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "12 results, page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/search/", {"q": "harbour", "page": "2"}).content.decode()
    assert "page 2 of 2" in second and 'rel="prev"' in second
    for bad in ("3", "0", "two", "-1"):
        assert client.get("/search/", {"q": "harbour", "page": bad}).status_code == 404


def test_empty_state_names_the_query(client, indexed):
    html = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert "Nothing found" in html and "“zeppelin”" in html


def test_query_count_does_not_grow_with_results(client, indexed, django_assert_max_num_queries):
    for i in range(12):
        make_article(indexed.europe_section, title=f"Harbour story {i}", revision=False)
    call_command("reindex_search", verbosity=0)
    # PostgreSQL opens a transaction (two statements), sets a planner option
    # and reads the newest id in one, the planner's statistics (every ten
    # minutes), then the window from up to three ranges (one query each
    # here: no drafts crowd the newest matches).
    extra = 2 + 1 + 1 + engine.PG_RANGES - 1 if connection.vendor == "postgresql" else 0
    # 16: the results' bylines are one query more, whatever their number,
    # and the footer's standard pages one (shared by every page, like the
    # navigation, but counted here on a cold render).
    with django_assert_max_num_queries(16 + extra):
        client.get("/search/", {"q": "harbour"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's word-pair index")
def test_phrases_use_the_word_pair_index_and_find_what_the_vectors_find(indexed, monkeypatch):
    queries = [
        '"coast guard access"',  # three words: pairs, then the vector
        '"coast guard" cables',
        '"guard coast"',
        '"coast guard"',
        '"coast guard deal"',  # in a headline only
        '"price in sabotage" hamburg',  # the phrase in the headline, the word in the body
        '"access to the other\'s ports"',  # stop words between: no pair, the vector
    ]
    paired = {q: titles(q) for q in queries}
    query = search.parse('"coast guard"')
    with transaction.atomic(), connection.cursor() as cursor:
        pairs = engine._phrase_pairs(cursor, query.phrases)
        assert pairs == [(["coast guard"], True)]
        sql, params = engine._window_sql(query, search.candidates(search.Filters()), False, pairs)
        # The phrase is asked of the pairs, not the vectors, in an expression
        # the pair index answers (which index a tiny table's plan takes is
        # the planner's whim; bench/search shows it at 100,000).
        match = "discovery_word_pairs(e.body_vector) @> %s::text[]"
        assert match in sql and "body_vector @@" not in sql
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT e.id FROM {engine.ENTRY} e WHERE {match}", [["coast guard"]])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "discovery_search_pairs_gin" in plan
    # Without pairs every phrase is checked in the vectors: the same pages.
    monkeypatch.setattr(engine, "_phrase_pairs", lambda cursor, phrases: [([], False) for _ in phrases])
    assert {q: titles(q) for q in queries} == paired
    assert paired['"guard coast"'] == [] and len(paired['"coast guard"']) == 3
    assert paired['"coast guard deal"'] == ["Tokyo and Manila sign a coast guard deal"]
    assert paired['"price in sabotage" hamburg'] == ["Baltic insurers price in sabotage"]
    assert paired['"access to the other\'s ports"'] == ["Tokyo and Manila sign a coast guard deal"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's word-pair index")
def test_word_pairs_are_the_words_side_by_side():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT discovery_word_pairs(to_tsvector('english', %s))",
            ["Cable cuts in the strait, strait patrols: the cable cuts again, ministry of ports"],
        )
        assert sorted(cursor.fetchone()[0]) == ["cabl cut", "strait patrol", "strait strait"]
        phrases = ["cable cuts", "cable cuts strait", "ministry of ports", "cable"]
        pairs = engine._phrase_pairs(cursor, phrases)
    assert pairs == [(["cabl cut"], True), (["cabl cut", "cut strait"], False), ([], False), ([], False)]


def test_filter_choices_are_kept_until_an_author_or_region_changes(
    indexed, settings, django_capture_on_commit_callbacks
):
    settings.SEARCHES_PER_IP_MINUTE = 100

    def page():
        return wsgi_request("/search/", query="q=cable")[2].decode()

    assert "Ben Reporter" not in page() and '<option value="europe">Europe</option>' in page()
    with CaptureQueriesContext(connection) as read:
        page()
    assert not [q for q in read.captured_queries if q["sql"].startswith('SELECT "articles_region"')]
    ben = AuthorPage(title="Ben Reporter", slug="ben-reporter", bio="<p>Hi.</p>")
    with django_capture_on_commit_callbacks(execute=True):  # the purge, as on commit
        publish(indexed.author.get_parent(), ben)
    assert '<option value="ben-reporter">Ben Reporter</option>' in page()
    indexed.europe.name = "Europe and the Baltic"
    with django_capture_on_commit_callbacks(execute=True):
        indexed.europe.save()
    assert '<option value="europe">Europe and the Baltic</option>' in page()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_frequencies_from_the_planner_statistics(indexed, monkeypatch):
    monkeypatch.setitem(engine._stats, "at", float("-inf"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE discovery_searchentry")
        cursor.execute("ANALYZE articles_articlepage")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE (title_vector || body_vector) @@ 'coast'::tsquery) "
            "FROM discovery_searchentry"
        )
        entries, with_coast = cursor.fetchone()
        coast = engine._share(cursor, ["coast"], [])
        assert coast == pytest.approx(with_coast / entries, rel=0.01)
        # Together, as if independent; a pair the phrase index keeps.
        assert engine._share(cursor, ["coast", "guard"], []) < coast
        assert 0 < engine._share(cursor, [], ["coast guard"]) <= 1
        # A word never seen counts as the least common kept: no more.
        assert engine._share(cursor, ["zeppelin"], []) <= min(engine._stats["shares"].values())
        # A filter's word is a lexeme like any other: its share is the
        # share of entries filed under it.
        region = filter_terms.term("region", indexed.europe.pk)
        cursor.execute(
            "SELECT count(*) FILTER (WHERE (title_vector || body_vector) @@ %s::tsquery) "
            "FROM discovery_searchentry",
            [region],
        )
        (in_europe,) = cursor.fetchone()
        assert in_europe > 0
        assert engine._share(cursor, [region], []) == pytest.approx(in_europe / entries, rel=0.01)


def test_first_range_is_sized_by_the_expected_share():
    window = engine.WINDOW
    assert engine._first_span(None, 100_000) == 4 * window  # no statistics
    assert engine._first_span(0.001, 100_000) == 100_000  # rare: everything at once
    assert engine._first_span(0.1, 100_000) == 2 * (window + 1) * 10  # twice what the window needs
    assert engine._first_span(0.9, 100_000) == 4 * window  # never narrower than 4 windows


def test_reindex_search_rebuilds_the_entries_and_keeps_every_index(indexed):
    SearchEntry.objects.all().delete()
    with connection.cursor() as cursor:
        before = engine.secondary_indexes(cursor) if connection.vendor == "postgresql" else []
    assert titles("coast guard") == []
    call_command("reindex_search", verbosity=0)
    assert len(titles("coast guard")) == 3
    assert titles("coast guard", region=indexed.europe) == ["Baltic insurers price in sabotage"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            assert engine.secondary_indexes(cursor) == before
        assert {name for name, _ in before} >= {"discovery_search_text_gin", "discovery_search_pairs_gin"}


def test_results_carry_their_bylines(client, indexed):
    html = client.get("/search/", {"q": "coast guard"}).content.decode()
    assert html.count("By Ada Writer") == 2  # the Baltic article and the quick take; the other has no author


def test_an_entry_follows_its_page_through_edits_and_deletion(indexed, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.get(title="Baltic insurers price in sabotage")
    entry_id = SearchEntry.objects.get(page=article).pk
    article.title = "Baltic underwriters weigh cable cuts"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert titles("underwriters") == ["Baltic underwriters weigh cable cuts"] and titles("sabotage") == []
    assert SearchEntry.objects.get(page=article).pk == entry_id  # rewritten in place
    if connection.vendor == "postgresql":  # vectors only: the text is not kept twice
        assert SearchEntry.objects.filter(page=article, title="", body="").exists()
    article.delete()
    assert not SearchEntry.objects.filter(pk=entry_id).exists()
    assert titles("underwriters") == []
    if connection.vendor == "sqlite":  # the FTS5 table dropped its row too
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {engine.FTS} WHERE {engine.FTS} MATCH 'underwriters'")
            assert cursor.fetchone() == (0,)


def test_an_upgraded_install_fills_reader_searchs_index_when_it_migrates(indexed):
    from masthead.discovery.apps import fill_search_index

    SearchEntry.objects.all().delete()  # as migration 0006 leaves an install with pages
    fill_search_index(sender=None, using="default")
    assert len(titles("coast guard")) == 3
    ids = sorted(SearchEntry.objects.values_list("pk", flat=True))
    fill_search_index(sender=None, using="default")  # an indexed install: nothing to do
    assert sorted(SearchEntry.objects.values_list("pk", flat=True)) == ids
