import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from wagtail.models import Page, Revision

from masthead.articles.models import ArticlePage, AuthorPage, BriefPage
from masthead.demo import content
from masthead.demo.loader import load_demo_content
from masthead.demo.scenes import SUBJECTS
from masthead.photos.models import Photo


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "photos": sorted(Photo.objects.values_list("title", "file_hash")),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
    }


@pytest.fixture(scope="module")
def module_demo(module_db, tmp_path_factory):
    """The demo magazine, loaded once for this module's tests."""
    data = tmp_path_factory.mktemp("demo")
    with module_db.unblock(), override_settings(MEDIA_ROOT=data / "media", DATA_DIR=data):
        return load_demo_content(log=lambda *_: None), data


@pytest.fixture
def demo(module_demo, db, settings):
    logins, data = module_demo
    settings.MEDIA_ROOT, settings.DATA_DIR = data / "media", data
    return logins


def test_demo_resembles_the_reference_magazine(demo):
    articles = ArticlePage.objects.live()
    assert articles.count() >= 15
    assert articles.values("primary_region").distinct().count() >= 4
    assert articles.values("kind").distinct().count() >= 3
    assert BriefPage.objects.live().count() >= 6
    authors = AuthorPage.objects.live()
    assert authors.count() >= 3 and all(a.bio for a in authors)
    lead = articles.order_by("-first_published_at").first()
    assert lead.kind.slug == "analysis"
    assert all(a.hero_image and a.hero_image.credit for a in articles)


def test_running_the_demo_loader_twice_changes_nothing(demo):
    before = snapshot()
    logins = load_demo_content(log=lambda *_: None)
    assert snapshot() == before
    assert [login.password for login in logins] == [login.password for login in demo]


def test_demo_logins_work(demo, client):
    for login in demo:
        response = client.post("/admin/login/", {"username": login.username, "password": login.password})
        assert response.status_code == 302, login.username
        client.logout()


def test_every_demo_picture_draws_what_its_caption_says_and_each_article_has_its_own(demo):
    # A key without a drawing of its own would fall back to a generic landscape.
    assert set(content.PICTURES) <= set(SUBJECTS)
    heroes = list(ArticlePage.objects.live().values_list("hero_image__title", flat=True))
    assert len(heroes) == len(set(heroes)), heroes
    hashes = list(Photo.objects.values_list("file_hash", flat=True))
    assert len(hashes) == len(set(hashes))
