"""The reader pages, rendered in-process."""

import re

from masthead.testing import make_article


def get(client, target, **params):
    response = client.get(target.url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_article_page_shows_kicker_headline_dek_byline_and_hero(client, world):
    html = get(client, world.article)
    assert '<a href="/analysis/">Analysis</a>' in html
    assert '<a href="/europe/">Europe</a>' in html
    assert "<h1>Ships and cables</h1>" in html
    assert world.article.dek in html
    assert '<a href="/authors/ada-writer/">Ada Writer</a>' in html
    assert "Photo: REUTERS/Jane Doe" in html


def test_article_picture_offers_avif_and_webp_with_a_jpeg_fallback(client, world):
    html = get(client, world.article)
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert "srcset=" in html and "sizes=" in html
    assert ".jpg" in html


def test_teaser_cards_lazy_load_their_pictures(client, world):
    make_article(world.europe_section, hero_image=world.photo, days_ago=5)
    html = get(client, world.other_article)
    related = html.split('id="related-heading"')[1]
    assert 'loading="lazy"' in related


def test_section_lists_primary_and_further_region_articles_newest_first(client, world):
    elsewhere = make_article(world.asia_section, days_ago=0.5, title="Seen from Tokyo")
    elsewhere.further_regions = [world.europe]
    elsewhere.save_revision().publish()
    html = get(client, world.europe_section)
    assert html.index("Seen from Tokyo") < html.index("Ships and cables") < html.index("Ports and borders")


def test_kind_section_lists_only_that_kind(client, world):
    html = get(client, world.analysis_section)
    assert "Ships and cables" in html
    assert "Ports and borders" not in html


def test_a_section_shows_only_its_own_latest(client, world):
    """Every article a region's page shows is of that region: no site-wide
    Latest beside its own list (nor on a country's page)."""
    make_article(world.asia_section, days_ago=0.1, title="Fresh from Manila")
    html = get(client, world.europe_section)
    assert "Latest in Europe" in html and "Fresh from Manila" not in html
    assert "Fresh from Manila" in get(client, world.home)


def _link(html, rel):
    return html.split(f'rel="{rel}" href="?')[1].split('"')[0].replace("&amp;", "&")


def test_section_pages_by_key_newest_first_and_back(client, world):
    for i in range(25):
        make_article(world.europe_section, title=f"Filler {i:02}", days_ago=10 + i, revision=False)
    first = get(client, world.europe_section)
    assert 'rel="prev"' not in first and "Filler 09" in first and "Filler 10" not in first
    cursor = _link(first, "next")
    assert cursor.startswith("before=")
    second = client.get(world.europe_section.url + "?" + cursor).content.decode()
    assert "Filler 10" in second and "Filler 21" in second and "Filler 09" not in second
    third = client.get(world.europe_section.url + "?" + _link(second, "next")).content.decode()
    assert "Filler 22" in third and "Filler 24" in third and 'rel="next"' not in third
    back = client.get(world.europe_section.url + "?" + _link(third, "prev")).content.decode()
    assert back.split('class="rails"')[0] == second.split('class="rails"')[0]


def test_a_page_position_stays_valid_when_its_edge_item_is_unpublished(client, world):
    for i in range(14):
        make_article(world.europe_section, title=f"Filler {i:02}", days_ago=10 + i, revision=False)
    cursor = _link(get(client, world.europe_section), "next")
    edge = world.europe_section.get_children().get(title="Filler 09").specific
    edge.unpublish()
    second = client.get(world.europe_section.url + "?" + cursor).content.decode()
    assert "Filler 10" in second


def test_a_listing_position_that_is_not_one_is_a_clear_404(client, world):
    for params in (
        {"before": "abc"},
        {"before": "1-"},
        {"before": "-1-5"},
        {"before": "999999999999999999-1"},
        {"after": "1.5-2"},
        {"before": "1-1", "after": "1-1"},
        {"after": "9999999999999999-1"},  # nothing newer than the far future
    ):
        response = client.get(world.europe_section.url, params)
        assert response.status_code == 404, params
        assert b"Page not found" in response.content


def test_unknown_query_parameters_are_ignored(client, world):
    assert client.get(world.europe_section.url, {"utm_source": "mail", "page": "x"}).status_code == 200


def test_home_shows_lead_latest_region_rails_quick_takes_and_signup(client, world):
    # A region rail shows what Latest does not: older pieces than its six.
    for i in range(6):
        make_article(world.europe_section, title=f"Newer {i}", kind=world.news, days_ago=0, revision=False)
    make_article(world.asia_section, title="Straits and shoals", kind=world.news, days_ago=3)
    html = get(client, world.home)
    assert 'id="lead-heading"' in html and "Ships and cables" in html
    assert 'id="latest-heading"' in html and "Newer 5" in html
    assert 'id="region-asia-pacific"' in html and "Straits and shoals" in html
    assert 'id="quick-takes-heading"' in html and "A quick thought" in html
    assert 'id="newsletter-heading"' in html and 'name="source" value="box-home"' in html


def test_home_lead_is_the_editors_choice_when_set(client, world):
    world.home.lead_article = world.other_article
    world.home.save_revision().publish()
    html = get(client, world.home)
    assert html.split('id="lead-heading"')[1].index("Ports and borders") < 500


def test_author_page_lists_their_articles_and_quick_takes(client, world):
    html = get(client, world.author)
    assert "Ships and cables" in html and "Ports and borders" in html and "A quick thought" in html


def test_brief_index_lists_briefs_and_brief_page_shows_its_author(client, world):
    assert "A quick thought" in get(client, world.brief_index)
    assert "Ada Writer" in get(client, world.brief)


def test_the_sign_up_box_carries_no_per_visitor_token(client, world):
    """The box is on cached pages: it must not vary by visitor (sign-up is CSRF-exempt)."""
    html = get(client, world.article)
    box = html.split('class="newsletter-box"')[1].split("</section>")[0]
    assert "csrfmiddlewaretoken" not in box and 'action="/newsletter/sign-up/"' in box


def test_every_card_and_latest_item_names_its_authors(client, world):
    import re

    for url in ("/", world.europe_section.url, world.author.url, world.brief.url):
        html = client.get(url).content.decode()
        cards = re.findall(r'<article class="card">.*?</article>', html, re.S)
        # The author's own page lists their quick takes without repeating their name.
        items = [] if url == world.author.url else re.findall(r'<li class="stream-item">.*?</li>', html, re.S)
        assert cards or items, url
        for block in cards + items:
            assert "Ada Writer" in block, (url, block[:200])


def story_links(html: str) -> list[str]:
    """The address of every story a page shows: each headline of the lead,
    a card or a stream item (a card's other links repeat its headline's)."""
    import re

    return re.findall(
        r'class="(?:lead-title|card-title|stream-title)"[^>]*>\s*<a href="([^"]+)"', html
    ) + re.findall(r'<a class="stream-title" href="([^"]+)"', html)


def test_no_story_appears_twice_on_the_home_page_or_an_article(client, world):
    for i in range(14):
        section = world.europe_section if i % 2 else world.asia_section
        make_article(section, title=f"Story {i}", days_ago=i + 3, revision=i < 2)
    home = story_links(client.get("/").content.decode())
    assert len(home) > 10 and len(home) == len(set(home)), sorted(home)
    article = story_links(client.get(world.article.url).content.decode())
    assert len(article) == len(set(article)), sorted(article)


def test_articles_and_cards_carry_reading_time_and_articles_plain_share_links(client, world):
    words = " ".join(["word"] * 690)
    long = make_article(world.europe_section, title="A long read", body=[("paragraph", f"<p>{words}</p>")])
    assert long.word_count == 690 and long.reading_minutes == 3
    page = get(client, long)
    assert "3 min read" in page.split('class="article-body"')[0]
    share = page.split('class="share"')[1].split("</aside>")[0]
    assert "https://bsky.app/intent/compose?text=A%20long%20read%20http" in share
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http" in share and "mailto:?subject=" in share
    assert "<script" not in share
    assert re.search(rf'value="https?://[^"]+{long.url}" readonly', share)
    card = get(client, world.europe_section).split("A long read")[1].split("</article>")[0]
    assert "3 min read" in card
