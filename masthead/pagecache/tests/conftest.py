import pytest
from django.core.cache import caches

from masthead.pagecache import store


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches["pagecache"].clear()
    store.recent.clear()
    yield
    caches["pagecache"].clear()
    store.recent.clear()
