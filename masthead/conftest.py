import pytest
from django.core.cache import caches

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
    """Each test starts with empty caches: rendition lookups and stored
    pages from one test's database must not leak into the next."""
    from masthead.pagecache import store

    for cache in caches.all():
        cache.clear()
    store.recent.clear()
    yield
    store.recent.clear()


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()
