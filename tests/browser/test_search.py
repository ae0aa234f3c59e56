"""A reader searches from the header without JavaScript, narrows the
results with the filters, and pages through them."""

import re

from playwright.sync_api import expect


def test_search_from_the_header_and_filter_without_javascript(browser, live_site, artifacts):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    # The demo's index is built by the task worker after loading: wait for it.
    for _ in range(60):
        page.goto(live_site.url + "/")
        page.get_by_label("Search the site").filter(visible=True).fill("insurance")
        page.get_by_role("button", name="Search", exact=True).first.click()
        if page.locator(".search-result").count():
            break
        page.wait_for_timeout(500)
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    results = page.locator(".search-result")
    expect(results.first.locator("mark").first).to_have_text(re.compile("^insurance", re.IGNORECASE))
    expect(page.locator(".result-count")).to_contain_text("result")
    page.screenshot(path=str(artifacts / "search-results.png"), full_page=True)

    page.get_by_text("Filters and order").click()
    page.get_by_label("Region").select_option(label="Middle East")
    page.get_by_label("Order").select_option(label="Newest first")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"region=middle-east.*order=newest"))
    for i in range(results.count()):
        expect(results.nth(i).locator(".kicker")).to_contain_text("Middle East")

    page.get_by_label("Search for").fill("zeppelin airship")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_role("status")).to_contain_text("Nothing found")
    expect(page.get_by_role("status")).to_contain_text("“zeppelin”")
    page.screenshot(path=str(artifacts / "search-nothing.png"), full_page=True)

    page.goto(live_site.url + "/search/?q=" + "x" * 10_000)
    expect(page.locator(".notice").first).to_contain_text("first 200 characters")
    context.close()
