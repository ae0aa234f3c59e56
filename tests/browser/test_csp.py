"""The Content Security Policy: sent on reader pages (cached or not) and in
the admin (which also allows inline script and style); what it blocks
reaches the server's log through /csp-report/; and the site and the admin
work under it. The other browser tests run
under it too: live_site fails the run if any page of theirs was blocked."""

import time

from playwright.sync_api import expect

from tests.browser.admin import log_in
from tests.browser.conftest import CSP_PROBE as PROBE
from tests.browser.conftest import LEAD_PATH, csp_violations


def test_the_policy_is_sent_and_what_it_blocks_is_reported(page, live_site):
    # A miss, then a hit from the page cache: a few tries, as the worker may
    # still be purging what the demo's loading queued when this test starts.
    for _ in range(20):
        response = page.request.get(live_site.url + LEAD_PATH)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy
        assert "report-uri /csp-report/" in policy
        if response.headers.get("x-cache") == "hit":
            break
        time.sleep(0.5)
    assert response.headers.get("x-cache") == "hit"
    # An injected inline script does not run, and the browser says so.
    page.goto(f"{live_site.url}/?{PROBE}=1")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.append(s); }"
    )
    assert page.evaluate("() => window.injected") is None
    deadline = time.monotonic() + 10
    while not [v for v in csp_violations(live_site) if PROBE in v] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [v for v in csp_violations(live_site) if PROBE in v], "no CSP report reached the server"


def test_reader_pages_and_the_admin_work_under_the_policy(page, live_site):
    site = live_site.url
    for path in ("/", LEAD_PATH, "/europe/", "/quick-takes/", "/search/?q=cable", "/newsletter/"):
        page.goto(site + path)
        expect(page.locator("main")).to_be_visible()
    log_in(page, site, "admin", live_site.logins["admin"])
    # The admin allows inline script and style (Wagtail writes them), nothing more.
    admin_policy = page.request.get(site + "/admin/").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy and "object-src 'none'" in admin_policy
    assert "default-src 'self'" in admin_policy and "img-src 'self' data:" in admin_policy
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/reports/site-history/"):
        page.goto(site + path)
        expect(page.locator("main")).to_be_visible()
    page.goto(site + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'Home'").click()
    page.get_by_role("link", name="Explore child pages of 'Europe'").click()
    page.get_by_role("link", name="Baltic").first.click()  # the lead article's edit form
    expect(page.locator("#id_title")).to_be_visible()
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview']:visible")
    expect(preview.locator("h1")).to_be_visible()
    page.wait_for_timeout(1000)  # reports are sent a moment after the page
    assert [v for v in csp_violations(live_site) if PROBE not in v] == []
