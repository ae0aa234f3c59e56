"""The reader site as an editor-in-chief would judge it, in a real browser:
the front page's modules with no story or picture twice, bylines on every card, a
section's own Latest, the mobile header and its menu without JavaScript,
the footer's pages; and screenshots of every page type at three widths."""

import pytest
from playwright.sync_api import expect

from .conftest import LEAD_PATH, load_lazy_images

PHONE = {"width": 375, "height": 667}
PAGE_TYPES = {
    "home": "/",
    "article": LEAD_PATH,
    "section": "/europe/",
    "kind-section": "/analysis/",
    "author": "/authors/maren-holt/",
    "authors": "/authors/",
    "quick-takes": "/quick-takes/",
    "quick-take": "/quick-takes/sanctions-list-nobody-reads/",
    "search": "/search/?q=red+sea",
    "country": "/countries/finland/",
    "about": "/about/",
    "masthead": "/masthead/",
    "newsletters": "/newsletter/",
    "topic": "/topics/water/",
    "topics": "/topics/",
}


def headlines(page, selector) -> list[str]:
    return [
        t.strip()
        for t in page.locator(f"{selector} :is(.lead-title, .card-title, .stream-title)").all_inner_texts()
    ]


def test_the_front_page_shows_no_story_or_picture_twice_and_every_card_a_byline(browser, live_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_site.url + "/")
    modules = {
        name: headlines(page, selector)
        for name, selector in {
            "lead": ".lead-story",
            "secondary": ".secondary-stories",
            "picks": ".picks",
            "latest": ".latest",
            "rails": ".region-rail",
        }.items()
    }
    assert modules["lead"] and modules["secondary"] and modules["picks"] and modules["latest"]
    shown = [title for titles in modules.values() for title in titles]
    assert len(shown) == len(set(shown)), modules
    cards = page.locator(".card")
    assert cards.count() >= 6
    for n in range(cards.count()):
        expect(cards.nth(n).locator(".card-byline")).to_contain_text("By ")
        expect(cards.nth(n).locator(".card-byline")).to_contain_text("min read")
    # A rendition is named after its original's file, so one stem is one picture.
    sources = page.locator("main img").evaluate_all("images => images.map(i => i.getAttribute('src'))")
    pictures = [src.rsplit("/", 1)[1].split(".")[0] for src in sources]
    assert len(pictures) >= 6 and len(pictures) == len(set(pictures)), pictures
    page.close()


def test_a_section_lists_only_its_own_latest(browser, live_site):
    page = browser.new_page()
    page.goto(live_site.url + "/europe/")
    expect(page.locator(".listing-heading")).to_have_text("Latest in Europe")
    expect(page.locator(".latest")).to_have_count(0)  # no site-wide Latest beside it
    page.close()


def test_on_a_phone_the_first_headline_shows_at_once_and_the_menu_opens_without_javascript(
    browser, live_site
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site.url + "/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 120, header
    first = page.locator(".lead-title").bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"], first
    expect(page.locator(".subscribe-button")).to_be_visible()
    menu = page.locator("details.menu")
    expect(menu.locator(".site-nav-menu")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Europe")).to_be_visible()
    expect(menu.get_by_role("searchbox")).to_be_visible()
    menu.get_by_role("link", name="Europe").click()
    expect(page.locator("h1")).to_have_text("Europe")
    context.close()


def test_the_footer_links_the_standard_pages(browser, live_site):
    page = browser.new_page()
    page.goto(live_site.url + LEAD_PATH)
    footer = page.locator(".site-footer")
    for name in ("About us", "Masthead", "Contact", "Privacy", "Corrections policy"):
        expect(footer.get_by_role("link", name=name)).to_be_visible()
    footer.get_by_role("link", name="Masthead").click()
    expect(page.locator(".staff .author-name").first).to_be_visible()
    expect(page.locator(".staff")).to_contain_text("Middle East editor")
    page.close()


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_screenshots_of_every_page_type(browser, live_site, artifacts, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    for name, path in PAGE_TYPES.items():
        assert page.goto(live_site.url + path).status == 200, path
        load_lazy_images(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("name", ["article", "section", "quick-takes", "author", "about"])
def test_no_heading_sits_flush_against_the_header(browser, live_site, name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_site.url + PAGE_TYPES[name])
    header = page.locator(".site-header").bounding_box()
    first = page.locator("main :is(.kicker, h1)").first.bounding_box()
    assert first["y"] - (header["y"] + header["height"]) >= 20, (name, header, first)
    page.close()


def test_the_fonts_come_from_the_site_itself(browser, live_site):
    page = browser.new_page()
    fonts = []
    page.on("response", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.goto(live_site.url + LEAD_PATH)
    page.wait_for_load_state("networkidle")
    assert fonts and all(url.startswith(live_site.url + "/static/fonts/") for url in fonts), fonts
    family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert family.startswith('"Source Serif 4"'), family
    page.close()
