"""The review desk in the browser: a contributor writes a piece and
submits it; an editor previews it at phone and desktop widths, asks for a
change; the contributor revises and resubmits; the editor schedules it and
approves; readers do not see it until the worker's clock publishes it."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from .admin import body_paragraph, log_in, settle

HEADLINE = "Customs officers test a faster corridor at the Darien gap"
PATH = "/americas/customs-officers-test-a-faster-corridor-at-the-darien-gap/"


def open_actions(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def write_and_submit(page, site):
    page.goto(site + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'Home'").click()
    page.get_by_role("link", name="Explore child pages of 'Americas'").click()
    page.get_by_role("link", name="Add child page").click()
    page.fill("#id_title", HEADLINE)
    page.fill("#id_dek", "A pilot scheme clears lorries in hours instead of days.")
    page.select_option("#id_kind", label="News")
    page.select_option("#id_primary_region", label="Americas")
    body_paragraph(page).press_sequentially("Officers on both sides now share one inspection shed.", delay=5)
    settle(page)
    open_actions(page)
    page.get_by_role("button", name="Submit to Editor review").click()
    expect(page.locator(".messages")).to_contain_text("submitted for moderation")


def open_for_review(page, site):
    page.goto(site + "/admin/")
    panel = page.locator("section", has_text="Awaiting your review")
    expect(panel).to_contain_text(HEADLINE)
    panel.get_by_role("link", name=HEADLINE).first.click()
    expect(page.locator("#id_title")).to_have_value(HEADLINE)


def next_minute(after: timedelta) -> datetime:
    """The first whole minute at least `after` from now (the admin takes minutes)."""
    moment = datetime.now(UTC) + after
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


def test_submit_review_request_changes_approve_and_schedule(browser, live_site, artifacts):
    site = live_site.url
    writer = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(writer, site, "writer", live_site.logins["writer"])
    write_and_submit(writer, site)
    writer.screenshot(path=str(artifacts / "review-submitted.png"))

    editor = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(editor, site, "editor", live_site.logins["editor"])
    open_for_review(editor, site)
    # Preview at a phone's width, then a desktop's.
    editor.get_by_role("button", name="Toggle preview").click()
    editor.get_by_label("Preview in mobile size").check()
    preview = editor.frame_locator("iframe[title='Preview']:visible")
    expect(preview.locator("h1")).to_have_text(HEADLINE)
    editor.screenshot(path=str(artifacts / "review-preview-phone.png"))
    editor.get_by_label("Preview in desktop size").check()
    editor.screenshot(path=str(artifacts / "review-preview-desktop.png"))
    # Ask for a change, with a comment the writer reads.
    open_actions(editor)
    editor.get_by_role("button", name="Request changes").click()
    modal = editor.locator(".modal")
    modal.get_by_label("Comment", exact=True).fill("Name the ports on both sides, please.")
    modal.get_by_role("button", name="Request changes").click()
    expect(editor.locator(".messages")).to_contain_text("has been updated")

    writer.goto(site + "/admin/")
    writer.get_by_role("link", name=HEADLINE).first.click()
    expect(writer.locator("#id_title")).to_have_value(HEADLINE)
    writer.get_by_role("button", name="Toggle status").click()
    writer.screenshot(path=str(artifacts / "review-changes-requested.png"))
    expect(writer.locator("body")).to_contain_text("Name the ports on both sides, please.")
    paragraph = writer.locator("#panel-child-content-body-content [contenteditable=true]").first
    paragraph.press("End")
    paragraph.press_sequentially(" The shed sits between Puerto Obaldía and Sapzurro.", delay=5)
    settle(writer)
    open_actions(writer)
    writer.get_by_role("button", name="Resubmit to Editor review").click()
    expect(writer.locator(".messages")).to_contain_text("submitted for moderation")

    # The editor schedules it and approves: approval publishes at that time.
    open_for_review(editor, site)
    go_live = next_minute(timedelta(seconds=20))
    editor.get_by_role("button", name="Toggle status").click()
    editor.get_by_role("button", name="Set schedule").click()
    dialog = editor.locator("#schedule-publishing-dialog")
    dialog.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker covers the dialog's button; a person tabs to it.
    dialog.get_by_role("button", name="Save schedule").focus()
    editor.keyboard.press("Enter")
    open_actions(editor)
    editor.get_by_role("button", name="Approve and Publish").first.click()
    expect(editor.locator("tr", has_text=HEADLINE)).to_contain_text(re.compile("scheduled", re.I))
    editor.screenshot(path=str(artifacts / "review-scheduled.png"))
    # The admin's open tabs keep polling the server while the test waits.
    writer.close()
    editor.close()

    # Embargoed: readers cannot reach it before its time.
    reader = browser.new_page()
    assert reader.goto(site + PATH).status == 404
    assert HEADLINE not in reader.request.get(site + "/").text()
    # The worker's clock publishes it at its time.
    deadline = go_live + timedelta(seconds=90)
    while datetime.now(UTC) < deadline and reader.request.get(site + PATH).status != 200:
        reader.wait_for_timeout(2000)
    assert datetime.now(UTC) >= go_live
    assert reader.goto(site + PATH).status == 200
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator("main")).to_contain_text("Puerto Obaldía")
    # The clock purges right after its publish commits, so a reader may
    # catch the moment between the two: the home page follows within it.
    deadline = datetime.now(UTC) + timedelta(seconds=15)
    while HEADLINE not in reader.request.get(site + "/").text() and datetime.now(UTC) < deadline:
        reader.wait_for_timeout(250)
    reader.goto(site + "/")
    expect(reader.locator(".latest")).to_contain_text(HEADLINE)
    reader.close()
