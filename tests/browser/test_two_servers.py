"""Two app servers share the page cache in Redis: an editor publishes
through one, and readers of either see the new state at once."""

import urllib.request

import pytest

from tests.browser.admin import log_in, publish, settle

ARTICLE = "/middle-east/basra-water-crisis-outpaces-politics/"
NEW_HEADLINE = "In Basra, the water crisis is outrunning the politics"


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Cache"), response.read().decode()


def test_a_publish_through_one_server_is_fresh_on_the_other_at_once(page, live_site):
    if len(live_site.urls) < 2:
        pytest.skip("one server: Redis is not running")
    first, second = live_site.urls
    for site in (first, second):  # both servers have both pages cached
        for path in (ARTICLE, "/middle-east/"):
            fetch(site + path)
            assert fetch(site + path)[0] == "hit"

    log_in(page, first, "editor", live_site.logins["editor"])
    page.goto(first + "/admin/pages/")
    page.get_by_role("link", name="Explore child pages of 'Home'").click()
    page.get_by_role("link", name="Explore child pages of 'Middle East'").click()
    page.get_by_role(
        "link", name="In Basra, a water crisis outpaces the politics meant to solve it"
    ).first.click()
    page.fill("#id_title", NEW_HEADLINE)
    settle(page)
    publish(page)

    for site in (second, first):
        cache, html = fetch(site + ARTICLE)
        assert f"<h1>{NEW_HEADLINE}</h1>" in html, (site, cache)
        assert NEW_HEADLINE in fetch(site + "/middle-east/")[1], site
