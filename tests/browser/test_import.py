"""An administrator moves an archive in through the admin: uploads a
WordPress export, follows its progress while a worker imports it, reads the
kept report, and opens an imported article."""

from playwright.sync_api import expect

from .admin import log_in
from .conftest import ROOT

EXPORT = ROOT / "masthead" / "newsroom" / "tests" / "exports" / "wordpress-bodies.xml"


def test_an_administrator_imports_an_export_and_reads_its_report(browser, live_site, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_site.url, "admin", live_site.logins["admin"])
    page.goto(live_site.url + "/admin/import/")
    page.get_by_label("Source").select_option("wordpress")
    page.get_by_label("Export file").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_contain_text("Import report")
    expect(page.locator("body")).to_contain_text("wordpress-bodies.xml")
    # A worker imports it; until it is done the page says how far it has
    # come and reloads itself (no JavaScript), then it is the report.
    shown = page.locator(".import-progress, .import-items")
    expect(shown.first).to_be_visible()
    if page.locator(".import-progress").count():
        expect(page.locator(".import-progress")).to_contain_text("wordpress-bodies.xml")
        page.screenshot(path=str(artifacts / "import-progress.png"), full_page=True)
    rows = page.locator(".import-items tbody tr")
    expect(rows.filter(has_text="created")).to_have_count(2, timeout=60_000)
    # What could not come over is said on its row: the pictures were not given.
    expect(rows.filter(has_text="Gulf of Bothnia")).to_contain_text("not in the media folder")
    expect(rows.filter(has_text="Luleå")).not_to_contain_text("icebreaker")  # its own losses only
    page.screenshot(path=str(artifacts / "import-report.png"), full_page=True)
    expect(page.get_by_role("link", name="Download as CSV")).to_be_visible()
    page.get_by_role("link", name="Created (2)").click()
    expect(rows).to_have_count(2)
    # The imported article, as readers see it: its table, code and lists came over.
    with page.expect_navigation():
        rows.filter(has_text="Gulf of Bothnia").locator("td").nth(3).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("How the Gulf of Bothnia keeps its lanes open")
    expect(page.locator(".article-body table")).to_contain_text("Escorts")
    expect(page.locator(".article-body pre code")).to_contain_text("wait_for_escort()")
    expect(page.locator(".article-body ol[start='3'] li").first).to_have_text("Third step: book the slot")
    page.screenshot(path=str(artifacts / "imported-article.png"), full_page=True)
    page.close()
