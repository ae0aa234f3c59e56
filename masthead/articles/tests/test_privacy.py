"""Wagtail's privacy on a page takes it out of every listing, feed, API
answer and mail, and the page cache, until it is lifted."""

from wagtail.models import PageViewRestriction

from masthead.articles.models import ArticleAuthor, ArticlePage
from masthead.testing import wsgi_request

LISTINGS = ("/", "/europe/", "/feeds/rss/", "/feeds/atom/", "/api/v1/articles")


def shows(path, title: bytes) -> bool:
    status, _, body = wsgi_request(path)
    assert status == 200, path
    return title in body


def test_a_private_article_leaves_the_listings_and_comes_back(world, django_capture_on_commit_callbacks):
    title = world.other_article.title.encode()
    assert all(shows(path, title) for path in LISTINGS)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=world.other_article, restriction_type="password", password="s3cret"
        )
    assert not any(shows(path, title) for path in LISTINGS)
    assert ArticleAuthor.objects.filter(page=world.other_article, listed_at__isnull=False).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert all(shows(path, title) for path in LISTINGS)
    assert ArticlePage.objects.get(pk=world.other_article.pk).listed_at is not None


def test_a_private_section_takes_its_articles_with_it(world, django_capture_on_commit_callbacks):
    title = world.other_article.title.encode()
    section = world.other_article.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert not shows("/", title)
    # An article published there while it is private is not listed either.
    with django_capture_on_commit_callbacks(execute=True):
        world.other_article.save_revision().publish()
    assert ArticlePage.objects.get(pk=world.other_article.pk).listed_at is None
    assert not shows("/feeds/rss/", title)
