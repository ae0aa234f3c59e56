"""Standard pages (About, Contact, Privacy…): written in the admin, linked
from every page's footer when editors say so, purged exactly."""

import pytest
from wagtail.rich_text import RichText

from masthead.articles.models import StandardPage
from masthead.testing import publish, wsgi_request

pytestmark = pytest.mark.django_db


def standard(world, title, slug, **fields):
    body = [("paragraph", RichText("<p>We answer every letter within a week.</p>"))]
    return publish(world.home, StandardPage(title=title, slug=slug, body=body, **fields))


def test_a_standard_page_shows_its_text_and_is_linked_from_every_footer(world, client):
    contact = standard(world, "Contact", "contact", intro="How to reach us.", show_in_menus=True)
    standard(world, "Internal notes", "notes")  # not in menus: not in the footer
    page = client.get(contact.url).content.decode()
    assert "We answer every letter within a week." in page and "How to reach us." in page
    for target in (world.home, world.article, world.europe_section):
        footer = client.get(target.url).content.decode().split('class="site-footer"')[1]
        assert f'href="{contact.url}">Contact</a>' in footer and "Internal notes" not in footer


def test_a_masthead_page_lists_the_staff_with_their_roles(world, client):
    world.author.role = "Deputy editor"
    world.author.save_revision().publish()
    masthead = standard(world, "Masthead", "masthead", list_staff=True)
    page = client.get(masthead.url).content.decode()
    assert "Ada Writer" in page and "Deputy editor" in page


def test_the_privacy_page_says_what_the_settings_count(world, client, settings):
    privacy = standard(world, "Privacy", "privacy", counting_notice=True)
    settings.ANALYTICS_RAW_DAYS = 14
    page = client.get(privacy.url).content.decode()
    assert "What we count" in page and "deleted after 14 days" in page and "Do Not Track" in page
    assert "newsletters do not count whether you open them" in page
    settings.NEWSLETTER_ENGAGEMENT, settings.ANALYTICS_HONOUR_DNT = True, False
    page = client.get(privacy.url).content.decode()
    assert "each copy carries an invisible picture" in page and "Do Not Track" not in page
    assert "What we count" not in client.get(standard(world, "Terms", "terms").url).content.decode()


def test_a_new_footer_page_purges_every_cached_page(world, django_capture_on_commit_callbacks):
    for target in (world.home, world.article):
        wsgi_request(target.url)
    assert wsgi_request(world.article.url)[1]["x-cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        standard(world, "Republishing", "republishing", show_in_menus=True)
    for target in (world.home, world.article):
        assert b">Republishing</a>" in wsgi_request(target.url)[2]
