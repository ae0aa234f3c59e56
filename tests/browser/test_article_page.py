"""The demo's lead article in real Chromium: every part of the page, and the
related-stories expander by mouse, by keyboard and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import LEAD_PATH, load_lazy_images


@pytest.fixture
def article(page, live_site):
    page.goto(live_site.url + LEAD_PATH)
    return page


def test_lead_article_shows_every_element_top_to_bottom(article):
    header = article.locator(".article-header")
    expect(header.locator(".kicker a")).to_have_text(["Analysis", "Europe"])
    expect(header.locator(".kicker a").first).to_have_attribute("href", "/analysis/")
    expect(header.locator("h1")).to_have_text("The Baltic cable cuts are a test Europe keeps failing")
    expect(header.locator(".dek")).to_contain_text("Sabotage on the seabed")
    expect(header.locator(".byline a")).to_have_text("Maren Holt")
    expect(header.locator(".byline time").first).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d\d-\d\dT")
    )
    hero = article.locator("figure.hero")
    expect(hero.locator("picture source[type='image/avif']")).to_have_count(1)
    expect(hero.locator("img")).to_have_js_property("complete", True)
    expect(hero.locator("figcaption")).to_contain_text("Photo: Elin Sørby/Northlight Images")
    body = article.locator(".article-body")
    expect(body.locator("h2")).to_have_count(2)
    expect(body.locator(".block-quote blockquote")).to_have_count(1)
    expect(body.locator(".pull-quote")).to_have_count(1)
    expect(body.locator(".body-figure figcaption .credit")).to_have_count(1)
    expect(body.locator(".source-note")).to_contain_text("Sources:")
    expect(article.locator(".author-bios")).to_contain_text("naval analyst")
    cards = article.locator(".related .card")
    expect(cards).to_have_count(3)
    for i in range(3):
        card = cards.nth(i)
        expect(card.locator(".kicker a")).to_have_count(2)
        expect(card.locator(".card-title a")).to_be_visible()
        expect(card.locator("picture img")).to_have_count(1)
        expect(card.locator(".credit")).to_contain_text("Photo: ")
        expect(card.locator(".teaser p").first).not_to_be_empty()
        expect(card.locator("summary")).to_contain_text("Keep reading")
    # Pinned by the editor, in the editor's order.
    expect(cards.first.locator(".card-title")).to_have_text(
        "Nordic ministers agree to pool seabed surveillance data"
    )
    expect(article.locator("#latest-heading")).to_be_visible()
    expect(article.locator(".latest .stream-item")).to_have_count(6)
    expect(article.locator(".quick-takes .stream-item").first).to_be_visible()
    expect(article.locator("#newsletter-heading")).to_be_visible()
    expect(article.locator("main .social-links a").first).to_have_text("Bluesky")
    # And in that order on the page.
    order = article.evaluate(
        """() => ['.kicker', 'h1', '.dek', '.byline', 'figure.hero', '.article-body', '.author-bios',
                 '.related', '.latest', '.quick-takes', '.newsletter-box', 'main > .social']
            .map(s => document.querySelector('main ' + s) || document.querySelector(s))
            .map(e => e.getBoundingClientRect().top + window.scrollY)"""
    )
    assert order == sorted(order), order


def test_keep_reading_expands_in_place_and_show_less_collapses_by_mouse(article):
    card = article.locator(".related .card").first
    rest = card.locator(".teaser-rest")
    expect(rest).to_be_hidden()
    card.get_by_text("Keep reading").click()
    expect(rest).to_be_visible()
    expect(card.locator("summary .less")).to_be_visible()
    expect(card.locator("summary .more")).to_be_hidden()
    expect(card.locator(".ellipsis")).to_be_hidden()
    card.get_by_text("Show less").click()
    expect(rest).to_be_hidden()
    expect(card.locator("summary .more")).to_be_visible()
    expect(card.locator("summary .less")).to_be_hidden()


def test_keep_reading_and_show_less_work_from_the_keyboard(article):
    card = article.locator(".related .card").nth(1)
    rest = card.locator(".teaser-rest")
    card.locator(".card-title a").focus()
    # From the headline link, Tab reaches the expander (the picture is not focusable).
    article.keyboard.press("Tab")
    expect(card.locator("summary")).to_be_focused()
    article.keyboard.press("Enter")
    expect(rest).to_be_visible()
    article.keyboard.press("Space")
    expect(rest).to_be_hidden()


def test_expander_works_without_javascript(browser, live_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site.url + LEAD_PATH)
    card = page.locator(".related .card").first
    card.get_by_text("Keep reading").click()
    expect(card.locator(".teaser-rest")).to_be_visible()
    card.get_by_text("Show less").click()
    expect(card.locator(".teaser-rest")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name,path", [("article", LEAD_PATH), ("home", "/")])
def test_screenshots(page, live_site, artifacts, width, name, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_site.url + path)
    load_lazy_images(page)
    # Nothing may stick out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)


def test_country_links_lead_to_each_countrys_page(article, artifacts):
    links = article.locator(".article-countries a")
    expect(links).to_have_text(["Estonia", "Finland", "Russia", "Sweden"])
    links.filter(has_text="Finland").click()
    expect(article.locator("h1")).to_have_text("Finland")
    expect(article.locator(".cards .card-title")).to_contain_text(
        ["The Baltic cable cuts are a test Europe keeps failing"]
    )
    article.screenshot(path=artifacts / "country-1280.png", full_page=True)
    article.get_by_role("link", name="Countries").first.click()
    expect(article.locator(".country-list")).to_contain_text("Finland")
    article.screenshot(path=artifacts / "countries-1280.png")
