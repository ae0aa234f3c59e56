import pytest
from django.core.cache import caches

from masthead.testing import build_world


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
