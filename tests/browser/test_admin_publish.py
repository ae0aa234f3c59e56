"""An editor writes an article in the Wagtail admin, with a hero image,
saves a draft, edits it, publishes it, and readers see it on the home page."""

from playwright.sync_api import expect

from tests.browser.admin import body_paragraph, log_in, publish, settle

HEADLINE = "Harbour pilots warn of a crowded strait"


def test_editor_creates_edits_and_publishes_an_article_that_reaches_the_home_page(page, live_site, artifacts):
    site = live_site.url
    log_in(page, site, "editor", live_site.logins["editor"])

    # Pages → Home → Americas → Add child page (an article is the only kind allowed there).
    page.goto(site + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'Home'").click()
    page.get_by_role("link", name="Explore child pages of 'Americas'").click()
    page.get_by_role("link", name="Add child page").click()
    page.fill("#id_title", "Harbour pilots warn of a busy strait")
    page.fill("#id_dek", "Pilots say traffic has doubled since the detours began.")
    page.select_option("#id_kind", label="News")
    page.select_option("#id_primary_region", label="Americas")
    page.get_by_role("button", name="Choose an image").click()
    page.locator(".modal").get_by_text("A coastal radar station on a grey shore").click()
    expect(page.locator(".modal")).to_be_hidden()
    paragraph = body_paragraph(page)
    paragraph.press_sequentially(
        "Harbour pilots say the number of ships waiting for a pilot has doubled this year, "
        "and that the anchorages are now full most nights.",
        delay=5,
    )
    expect(paragraph).to_contain_text("anchorages are now full")
    settle(page)
    publish(page)

    # A reader sees it at the top of the home page's Latest stream.
    assert "Harbour pilots warn of a busy strait" in page.request.get(site + "/").text()

    # The editor corrects the headline and publishes again.
    # Publishing returns to the section's page list; open the article from it.
    page.get_by_role("link", name="Harbour pilots warn of a busy strait").first.click()
    page.fill("#id_title", HEADLINE)
    settle(page)
    publish(page)
    page.screenshot(path=artifacts / "admin-published.png")

    reader = page.context.browser.new_page()
    reader.goto(site + "/")
    latest = reader.locator(".latest .stream-item").first
    expect(latest.locator(".stream-title")).to_have_text(HEADLINE)
    latest.locator(".stream-title").click()
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".article-header .kicker a")).to_have_text(["News", "Americas"])
    expect(reader.locator("figure.hero img")).to_have_js_property("complete", True)
    expect(reader.locator("figure.hero figcaption")).to_contain_text("Photo: Jonas Vilks/Harbour Photo")
    reader.close()
