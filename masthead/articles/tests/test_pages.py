"""The reader pages, rendered in-process."""

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
    html = get(client, world.analysis_section).split('id="latest-heading"')[0]
    assert "Ships and cables" in html
    assert "Ports and borders" not in html


def test_section_paginates_newest_first(client, world):
    for i in range(13):
        make_article(world.europe_section, title=f"Filler {i}", days_ago=10 + i, revision=False)
    first = get(client, world.europe_section)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = get(client, world.europe_section, page=2)
    assert "Filler 12" in second


def test_a_page_number_that_is_not_a_page_is_a_clear_404(client, world):
    for bad in ("abc", "0", "99", "-1", "1.5"):
        response = client.get(world.europe_section.url, {"page": bad})
        assert response.status_code == 404
        assert b"Page not found" in response.content


def test_home_shows_lead_latest_region_rails_quick_takes_and_signup(client, world):
    make_article(world.asia_section, title="Straits and shoals", days_ago=3)
    html = get(client, world.home)
    assert 'id="lead-heading"' in html and "Ships and cables" in html
    assert 'id="latest-heading"' in html and "Ports and borders" in html
    assert 'id="region-asia-pacific"' in html and "Straits and shoals" in html
    assert 'id="quick-takes-heading"' in html and "A quick thought" in html
    assert 'id="newsletter-heading"' in html and "does not store your address" in html


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


def test_newsletter_placeholder_stores_nothing_and_says_so(client, world):
    response = client.post("/newsletter/sign-up/", {"email": "reader@example.org"})
    assert response.status_code == 503
    assert b"does not store your address" in response.content
    assert client.get("/newsletter/sign-up/").status_code == 405
