"""Steps in the Wagtail admin that several browser tests take."""

from playwright.sync_api import expect


def log_in(page, site: str, username: str, password: str) -> None:
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/admin/")


def body_paragraph(page):
    """The first paragraph of the body, after adding one with the block menu."""
    page.locator("#panel-child-content-body-content").get_by_role(
        "button", name="Insert a block"
    ).first.click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = page.locator("#panel-child-content-body-content [contenteditable=true]").first
    expect(paragraph).to_be_editable()
    return paragraph


def settle(page):
    """Let the editor's autosave catch up, as it does between a person's
    keystrokes: past its pause (WAGTAIL_AUTOSAVE_INTERVAL, half a second),
    then until the save it began has been answered, however busy the server."""
    page.wait_for_timeout(700)
    expect(page.locator("#w-autosave-indicator")).not_to_have_attribute(
        "data-w-autosave-state-value", "saving", timeout=20_000
    )


def publish(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    # On a busy server Wagtail's editing-session check can answer while
    # this window's own autosave is saving, take that save for "a new
    # version in another window" and ask before publishing. There is no
    # other window here, so the editor goes ahead, as a person would.
    published = page.locator(".messages").filter(has_text="published")
    asks = page.get_by_role("dialog", name="You saved a new version in another window")
    expect(published.or_(asks).first).to_be_visible(timeout=20_000)
    if asks.is_visible():
        asks.get_by_role("button", name="Publish").click()
    expect(published).to_be_visible(timeout=20_000)
