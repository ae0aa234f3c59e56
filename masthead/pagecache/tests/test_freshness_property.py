"""The invariant, tested with random histories: once an editor's action
returns, no read through the cache shows anything but the current state.

Hypothesis draws sequences of publish, edit, unpublish, move, re-region and
settings changes; after each action every live page is read through the
cache and compared with a fresh render of the same URL."""

from itertools import count

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from masthead.core.models import MagazineSettings
from masthead.pagecache import store
from masthead.testing import make_article, wsgi_request

_names = count(1)
ACTIONS = ["edit", "unpublish", "republish", "move", "region", "settings", "new", "delete"]


class Rollback(Exception):
    pass


def _fresh_name(prefix):
    return f"{prefix} {next(_names)}"


def apply(action, index, world):
    articles = list(type(world.article).objects.filter(path__startswith=world.home.path).order_by("pk"))
    article = articles[index % len(articles)] if articles else None
    if action == "edit" and article:
        revision = article.get_latest_revision_as_object()
        revision.title = _fresh_name("Edited headline")
        revision.dek = _fresh_name("A new standfirst")
        revision.save_revision().publish()
    elif action == "unpublish" and article and article.live:
        article.unpublish()
    elif action == "republish" and article and not article.live:
        article.get_latest_revision().publish()
    elif action == "move" and article:
        target_pk = (
            world.asia_section.pk
            if article.get_parent().pk == world.europe_section.pk
            else world.europe_section.pk
        )
        article.move(Page.objects.get(pk=target_pk), pos="last-child")
    elif action == "region" and article:
        revision = article.get_latest_revision_as_object()
        revision.primary_region = (
            world.asia if revision.primary_region_id == world.europe.pk else world.europe
        )
        revision.save_revision().publish()
    elif action == "settings":
        magazine = MagazineSettings.load()
        magazine.tagline = _fresh_name("Tagline")
        magazine.save()
    elif action == "new":
        section = type(world.europe_section).objects.get(pk=world.europe_section.pk)
        make_article(section, title=_fresh_name("Fresh piece"), days_ago=0, authors=[world.author])
    elif action == "delete" and article:
        article.delete()


def check_every_page():
    urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    for url in urls:
        status, headers, cached = wsgi_request(url)
        # A bogus session cookie bypasses the cache: a fresh render.
        _, _, fresh = wsgi_request(url, cookie="sessionid=none")
        assert status == 200, url
        assert cached == fresh, f"{url} ({headers.get('x-cache')}) shows an old state"


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 5)), min_size=1, max_size=4))
def test_no_read_after_an_action_shows_the_old_state(world, django_capture_on_commit_callbacks, history):
    try:
        with transaction.atomic():
            store.recent.clear()
            from django.core.cache import caches

            caches["pagecache"].clear()
            check_every_page()  # warm every page
            for action, index in history:
                with django_capture_on_commit_callbacks(execute=True):
                    apply(action, index, world)
                check_every_page()
            raise Rollback
    except Rollback:
        pass
