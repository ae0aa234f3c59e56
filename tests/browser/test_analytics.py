"""A reader reads in Chromium, with JavaScript and without; a bot reads too.
The piece's readers page, the dashboard and the most-read rail then show
exactly the readers' views, and no response set a cookie."""

import re

from playwright.sync_api import expect

from .admin import log_in

PIECE = "/europe/nordic-ministers-pool-seabed-surveillance/"
TITLE = "Nordic ministers agree to pool seabed surveillance data"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
# Headless Chromium says so in its user agent, and is rightly taken for a
# robot: the readers here present themselves as the desktop browser it is.
READER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
)


def views_of(page, site, page_id) -> int:
    page.goto(f"{site}/admin/analytics/page/{page_id}/")
    return int(re.search(r"(\d+)\s+page views", page.locator("main").inner_text()).group(1))


def test_views_reach_the_dashboard_and_the_rail(browser, page, live_site, artifacts):
    site = live_site.url
    log_in(page, site, "editor", live_site.logins["editor"])
    page.goto(site + PIECE)
    page_id = int(page.locator("body").get_attribute("data-page"))
    before = views_of(page, site, page_id)

    readers = browser.new_context(user_agent=READER)
    reader = readers.new_page()
    for _ in range(6):
        reader.goto(site + PIECE + "?utm_source=browser-test")
        reader.wait_for_timeout(100)
    assert readers.cookies() == []  # no cookie, ever, for a reader
    readers.close()
    plain = browser.new_context(java_script_enabled=False, user_agent=READER)
    reader = plain.new_page()
    for _ in range(2):
        reader.goto(site + PIECE)
    plain.close()
    robots = browser.new_context(user_agent=BOT)
    robots.new_page().goto(site + PIECE)
    robots.close()

    # The editor's own look above, in headless Chromium, was not counted either.
    want = before + 6 + 2
    for _ in range(60):
        if views_of(page, site, page_id) >= want:
            break
        page.wait_for_timeout(1000)
    page.wait_for_timeout(3000)  # nothing more arrives: the bot was not counted
    assert views_of(page, site, page_id) == want
    expect(page.locator("main")).to_contain_text("browser-test")
    page.screenshot(path=str(artifacts / "analytics-piece.png"), full_page=True)

    page.goto(site + "/admin/analytics/?period=7")
    expect(page.locator("main")).to_contain_text(TITLE)
    page.screenshot(path=str(artifacts / "analytics-dashboard.png"), full_page=True)

    for _ in range(60):
        page.goto(site + "/")
        rail = page.locator(".most-read")
        if rail.count() and TITLE in rail.inner_text():
            break
        page.wait_for_timeout(1000)
    expect(page.locator(".most-read")).to_contain_text(TITLE)
