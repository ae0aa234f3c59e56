import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

from masthead.testing import build_world


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Tests make users by the dozen: hashing each password the way
    production does (PBKDF2, a million rounds) cost seconds per test."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def own_purge_journal(settings, tmp_path):
    """Each test's page store hears only its own purges (see pagecache/journal.py)."""
    if settings.PAGECACHE_JOURNAL:
        settings.PAGECACHE_JOURNAL = str(tmp_path / "pagecache-purges")


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: rendition lookups, stored pages
    and what renders share from one test's database must not leak into the
    next."""
    from masthead.core import tags
    from masthead.pagecache import store

    for cache in caches.all():
        cache.clear()
    store.recent.clear()
    tags.forget()
    yield
    store.recent.clear()
    tags.forget()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction open for a whole module and rolled back when it ends,
    for data its tests share (`module_world`): each test runs in a
    savepoint within it (pytest-django's `db`), so what a test changes is
    undone after it, as with Django's `TestCase.setUpTestData`. Yields the
    blocker to build the shared data with."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
    yield django_db_blocker
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_world(module_db, tmp_path_factory):
    """The world, built once for a module's tests."""
    media = tmp_path_factory.mktemp("media")
    with module_db.unblock(), override_settings(MEDIA_ROOT=media):
        return build_world(), media


@pytest.fixture
def world(module_world, db, settings):
    built, media = module_world
    settings.MEDIA_ROOT = media
    return built.fresh()


def pytest_collection_modifyitems(items):
    """Within each module, the tests that use shared data (`module_db`) run
    after the others: its transaction stays open until the module ends, and
    a test that expects an empty database, or commits for other processes
    to see, must not run inside it."""
    modules = {}
    for item in items:
        modules.setdefault(item.module, len(modules))
    items.sort(key=lambda item: (modules[item.module], "module_db" in item.fixturenames))
