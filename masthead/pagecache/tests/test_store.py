"""The store's freshness rule, on local memory and on a real Redis."""

import uuid

import pytest
from django.core.cache import caches
from django.utils import timezone

from masthead.pagecache import store
from masthead.redis_testing import REDIS_URL, forget, require_redis


@pytest.fixture(params=["locmem", "redis"])
def backend(request, settings):
    if request.param == "redis":
        require_redis()
        prefix = f"test-{uuid.uuid4().hex}"
        settings.PAGECACHE_SYNC_URL = REDIS_URL  # processes' own copies of gen, kept in step
        settings.CACHES = {
            **settings.CACHES,
            "pagecache": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            },
        }
    yield request.param
    if request.param == "redis":
        forget(prefix)
    store.recent.clear()


def entry(tags, gen, body=b"<p>page</p>"):
    return store.Entry(200, (("Content-Type", "text/html"),), body, tuple(tags), gen, '"x"')


def test_an_entry_is_fresh_until_one_of_its_tags_is_purged(backend):
    gen = store.current_gen()
    store.put("k", entry(["page:1", "list:latest"], gen))
    assert store.lookup("k")[0] is not None
    store.purge(["page:2"])
    assert store.lookup("k")[0] is not None  # an unrelated purge
    store.purge(["list:latest"])
    assert store.lookup("k")[0] is None


def test_a_render_that_began_before_a_purge_is_stale_even_if_stored_after(backend):
    began = store.current_gen()  # the render reads the old state...
    store.purge(["page:1"])  # ...the change commits and purges...
    store.put("k", entry(["page:1"], began))  # ...and then the old render is stored
    assert store.lookup("k")[0] is None
    store.put("k", entry(["page:1"], store.current_gen()))
    assert store.lookup("k")[0] is not None


def test_a_lost_tag_version_makes_entries_stale(backend):
    store.put("k", entry(["page:1"], store.current_gen()))
    store.purge(["page:9"])  # so the entry's gen is behind and tags are checked
    caches["pagecache"].delete("t:page:1")
    store.recent.clear()
    assert store.lookup("k")[0] is None


def test_a_lost_tag_version_marked_again_by_a_new_render_keeps_old_copies_stale(backend):
    # What a Redis restart does: a process keeps its copy of the old page,
    # the tag versions are gone, and another render stores under the same tag.
    store.put("old", entry(["page:1"], store.current_gen()))
    assert store.lookup("old")[0] is not None  # in this process's copy
    store.purge(["page:9"])  # the counter moves on, so the copy is checked again
    caches["pagecache"].delete("t:page:1")
    store.put("new", entry(["page:1"], store.current_gen()))
    assert store.lookup("new")[0] is not None
    assert store.lookup("old")[0] is None


def test_a_lost_counter_restarts_above_every_earlier_value(backend):
    old = store.purge(["page:1"])
    caches["pagecache"].delete(store.GEN)
    assert store.current_gen() > old


def test_the_process_copy_is_rechecked_after_any_purge(backend):
    store.put("k", entry(["page:1"], store.current_gen()))
    assert store.lookup("k")[0] is not None  # now in this process's copy
    store.purge(["page:1"])
    assert store.lookup("k")[0] is None


def purge_in_another_process(data_dir, tags):
    """What the clock or the task worker does: a purge in its own process."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "MASTHEAD_DATA_DIR": str(data_dir), "SECRET_KEY": "x", "REDIS_URL": ""}
    code = f"import django; django.setup(); from masthead.pagecache import store; store.purge({tags!r})"
    env["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=settings.BASE_DIR)


def test_purges_by_other_processes_reach_the_in_memory_store(settings, tmp_path):
    assert settings.PAGECACHE_JOURNAL == str(tmp_path / "pagecache-purges")
    gen = store.current_gen()
    store.put("a", entry(["page:1"], gen))
    store.put("b", entry(["page:2"], gen))
    assert store.lookup("a")[0] is not None  # the first look notes where the journal ends
    purge_in_another_process(tmp_path, ["page:1"])
    assert store.lookup("a")[0] is None
    assert store.lookup("b")[0] is not None


def test_a_restarted_journal_empties_the_store(settings, tmp_path):
    from masthead.pagecache import journal

    (tmp_path / "pagecache-purges").write_bytes(b"1 page:0\n" * (journal.LIMIT // 9))
    gen = store.current_gen()
    store.put("a", entry(["page:1"], gen))
    assert store.lookup("a")[0] is not None
    purge_in_another_process(tmp_path, ["page:99"])  # past the limit: a new file
    assert store.lookup("a")[0] is None


@pytest.mark.django_db
def test_a_purge_the_store_refused_is_tried_again_later(settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from masthead.pagecache import store, tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def unreachable(tags):
        raise ConnectionError("the store is unreachable")

    monkeypatch.setattr(store, "purge", unreachable)
    tasks.purge_store.call(["page:7"])
    retry = DBTaskResult.objects.get(task_path="masthead.pagecache.tasks.purge_store")
    assert retry.args_kwargs == {"args": [["page:7"], 2], "kwargs": {}}
    assert retry.run_after > timezone.now()
