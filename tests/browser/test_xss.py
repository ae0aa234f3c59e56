"""Markup typed into the admin shows as text to readers and never runs,
checked in Chromium with the Content Security Policy switched off, so that
it is the page's markup, not the policy, that keeps the script inert.
The whole corpus, field by field, is in masthead/core/tests/test_xss.py."""

from urllib.parse import quote

from playwright.sync_api import expect

from tests.browser.admin import log_in, publish, settle

TITLE = '"><img src=x onerror="window.__xss=1"><svg onload=window.__xss=1>'
BODY = '</script><script>window.__xss=1</script> <a href="javascript:window.__xss=1">x</a>'


def test_markup_typed_in_the_admin_is_text_to_readers_and_never_runs(page, live_site, browser):
    site = live_site.url
    log_in(page, site, "editor", live_site.logins["editor"])
    page.goto(site + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'Home'").click()
    page.get_by_role("link", name="Explore child pages of 'Quick takes'").click()
    page.get_by_role("link", name="Add child page").click()
    page.fill("#id_title", TITLE)
    body = page.locator("[contenteditable=true]").first
    body.click()
    body.press_sequentially(BODY, delay=2)
    expect(body).to_contain_text("javascript:")
    settle(page)
    publish(page)

    reader = browser.new_context(bypass_csp=True)
    dialogs = []
    tab = reader.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(site + "/quick-takes/")
    tab.get_by_role("link", name=TITLE).first.click()
    expect(tab.locator("h1")).to_have_text(TITLE)
    expect(tab.locator("main")).to_contain_text(BODY)
    pages = [tab.url, site + "/quick-takes/", site + "/", site + "/search/?q=" + quote(TITLE)]
    for url in pages:
        tab.goto(url)
        tab.wait_for_load_state("load")
        assert tab.evaluate("typeof window.__xss") == "undefined", url
        assert tab.locator("img[src=x], svg[onload], a[href^=javascript]").count() == 0, url
    assert not dialogs
    reader.close()
