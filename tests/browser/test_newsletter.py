"""A reader signs up from an article, confirms from the demo inbox,
changes newsletters and unsubscribes in one click; then the editor drafts
an edition, previews it, sends it, and it reaches the subscriber."""

import re

from playwright.sync_api import expect

from .admin import log_in
from .conftest import LEAD_PATH


def open_latest_mail(page, site, to: str, subject: str):
    """The newest demo-inbox mail to `to` with `subject`, waiting for the worker."""
    for _ in range(60):
        page.goto(site + "/demo/inbox/")
        row = page.locator("tr", has_text=to).filter(has_text=subject).first
        if row.count():
            row.get_by_role("link").click()
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"no mail '{subject}' to {to} in the demo inbox")


def test_reader_signs_up_confirms_manages_and_unsubscribes(page, live_site, artifacts):
    site = live_site.url
    page.goto(site + LEAD_PATH)
    box = page.locator(".newsletter-box")
    box.get_by_label("Email address").fill("Reader.One@Example.org")
    box.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    open_latest_mail(page, site, "reader.one@example.org", "Confirm your subscription")
    page.screenshot(path=str(artifacts / "newsletter-confirm-mail.png"), full_page=True)
    page.locator("a[href*='/newsletter/confirm/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    expect(page.locator("main")).to_contain_text("The Weekly Round-up")

    page.get_by_role("link", name="Change your newsletters").click()
    page.get_by_label("Africa Alert").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator("[role=status]")).to_contain_text("Saved.")
    expect(page.get_by_label("Africa Alert")).to_be_checked()
    page.screenshot(path=str(artifacts / "newsletter-preferences.png"), full_page=True)
    preferences = page.url

    # Signing up again with a known address: the same answer, a reminder mail.
    page.goto(site + "/newsletter/")
    page.get_by_label("Email address").fill("reader.one@example.org")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    open_latest_mail(page, site, "reader.one@example.org", "already subscribed")

    page.goto(preferences)
    page.get_by_role("button", name="Unsubscribe from everything").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    page.screenshot(path=str(artifacts / "newsletter-unsubscribed.png"), full_page=True)


LOOKED_AT = ("h1", "h2.region", "h3.headline a", "p.teaser")


def looks(locator) -> list:
    """What a reader sees of an element's style."""
    return locator.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.fontFamily, s.fontSize, s.fontWeight, s.color, s.lineHeight, s.marginBottom]; }"
    )


def test_editor_drafts_previews_and_sends_an_edition(page, live_site, artifacts):
    site = live_site.url
    # A subscriber to receive it.
    page.goto(site + "/newsletter/")
    page.get_by_label("Email address").fill("weekly.reader@example.org")
    page.get_by_role("button", name="Sign up").click()
    open_latest_mail(page, site, "weekly.reader@example.org", "Confirm your subscription")
    page.locator("a[href*='/newsletter/confirm/']").first.click()
    page.get_by_role("button", name="Confirm my subscription").click()

    log_in(page, site, "editor", live_site.logins["editor"])
    page.goto(site + "/admin/snippets/newsletter/edition/draft/")
    page.get_by_role("button", name="Draft the edition").click()
    expect(page.locator(".messages")).to_contain_text("Drafted")
    edition_id = re.search(r"/edit/(\d+)/", page.url).group(1)
    page.locator("#id_intro").fill("A short note from the editors for this week.")
    # The preview beside the form shows the mail as it will arrive.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview']:visible")
    expect(preview.locator("h1")).to_be_visible()
    preview_looks = {sel: looks(preview.locator(sel).first) for sel in LOOKED_AT}
    page.screenshot(path=str(artifacts / "newsletter-edition-editor.png"), full_page=True)
    page.locator("footer").get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text("updated")

    page.goto(site + f"/admin/snippets/newsletter/edition/send/{edition_id}/")
    page.get_by_label("Send a test to").fill("editor@example.org")
    page.get_by_role("button", name="Send the test").click()
    expect(page.locator(".messages")).to_contain_text("test is on its way")
    page.get_by_role("button", name="Send now").click()
    expect(page.locator(".messages")).to_contain_text("Sending to")
    for _ in range(60):
        if "Sent" in page.locator("main p").first.inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator('[data-count="pending"]')).to_have_text("0")
    page.screenshot(path=str(artifacts / "newsletter-progress.png"), full_page=True)

    open_latest_mail(page, site, "weekly.reader@example.org", "Weekly Round-up")
    expect(page.locator(".mail-headers")).to_contain_text("List-Unsubscribe-Post")
    page.get_by_role("link", name="Open the HTML version").click()
    expect(page.locator("h1")).to_contain_text("The Weekly Round-up")
    page.screenshot(path=str(artifacts / "newsletter-edition-mail.png"), full_page=True)
    assert {sel: looks(page.locator(sel).first) for sel in LOOKED_AT} == preview_looks
    open_latest_mail(page, site, "editor@example.org", "[Test]")
