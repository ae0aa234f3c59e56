"""The front page as editors compose it: a lead they choose (or the newest
analysis), secondary stories, editors' picks, Latest and region rails, with
no story twice and every module hidden when empty."""

import pytest
from bs4 import BeautifulSoup

from masthead.articles.models import EditorsPick, SecondaryStory
from masthead.testing import make_article

pytestmark = pytest.mark.django_db
MODULES = {
    "lead": ".lead-story",
    "secondary": ".secondary-stories",
    "picks": ".picks",
    "latest": ".latest",
    "rails": ".region-rail",
}


def front(client) -> dict[str, list[str]]:
    """Each module's headlines, read off the page."""
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    titles = ".lead-title, .card-title, .stream-title"
    return {
        name: [t.get_text(strip=True) for module in soup.select(selector) for t in module.select(titles)]
        for name, selector in MODULES.items()
    }


def no_story_twice(modules):
    everything = [title for titles in modules.values() for title in titles]
    assert len(everything) == len(set(everything)), modules


def test_without_choices_the_newest_analysis_leads_and_no_story_shows_twice(world, client):
    for n in range(12):
        make_article(world.europe_section, title=f"Europe story {n}", days_ago=2 + n, revision=False)
    newest = make_article(world.analysis_section, title="The newest analysis", days_ago=0.5)
    modules = front(client)
    assert modules["lead"] == ["The newest analysis"] and newest
    assert 1 <= len(modules["secondary"]) <= 4 and not modules["picks"]
    assert "picks-heading" not in client.get("/").content.decode()  # hidden when empty
    no_story_twice(modules)


def test_an_editors_lead_stays_when_newer_analysis_appears(world, client):
    chosen = make_article(world.europe_section, title="An older piece an editor leads with", days_ago=9)
    world.home.lead_article = chosen
    world.home.save_revision().publish()
    make_article(world.analysis_section, title="Fresh analysis", days_ago=0.1)
    modules = front(client)
    assert modules["lead"] == ["An older piece an editor leads with"]
    assert "Fresh analysis" in modules["latest"] + modules["secondary"]
    no_story_twice(modules)


def test_chosen_secondary_stories_and_picks_in_the_editors_order(world, client):
    first = make_article(world.europe_section, title="Second in line", days_ago=3)
    second = make_article(world.europe_section, title="First in line", days_ago=4)
    pick = make_article(world.asia_section, title="Worth reading again", days_ago=300)
    gone = make_article(world.asia_section, title="Taken down since", days_ago=5)
    home = world.home
    home.secondary_stories = [SecondaryStory(article=second), SecondaryStory(article=first)]
    home.picks = [EditorsPick(article=pick, note="A year on, still right."), EditorsPick(article=gone)]
    home.picks_heading = "From the archive"
    home.save_revision().publish()
    gone.unpublish()
    modules = front(client)
    assert modules["secondary"] == ["First in line", "Second in line"]
    assert modules["picks"] == ["Worth reading again"]  # an unpublished pick is left out
    page = client.get("/").content.decode()
    assert "From the archive" in page and "A year on, still right." in page
    no_story_twice(modules)
