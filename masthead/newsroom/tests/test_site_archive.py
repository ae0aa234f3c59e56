"""The whole site to an archive and back into an empty install: every
page renders the same, every picture file is back, subscribers and their
consent too; a damaged archive changes nothing."""

import hashlib
import tarfile
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from wagtail.models import Page

from masthead.articles.models import ArticlePage, Correction
from masthead.newsletter.models import Newsletter, Subscriber, Subscription
from masthead.newsroom.site_archive import (
    ArchiveError,
    empty_database,
    export_site,
    restore_site,
    site_is_empty,
)
from masthead.pagecache import store
from masthead.testing import PASSWORD

pytestmark = pytest.mark.django_db


def rendered(client) -> dict[str, str]:
    for cache in caches.all():
        cache.clear()
    store.recent.clear()
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        pages[page.url] = response.content.decode()
    for path in ("/search/?q=cables", "/feeds/rss/", "/api/v1/articles", "/countries/"):
        pages[path] = client.get(path).content.decode()
    return pages


def media_files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_export_then_restore_into_an_empty_install_gives_the_same_site(world, client, settings, tmp_path):
    article = world.article
    article.corrections = [Correction(text="The cable is 1,200 km long, not 1,000.")]
    article.countries.add("Finland")
    article.save_revision().publish()
    weekly = Newsletter.objects.create(name="The Weekly", slug="weekly", is_default=True)
    reader = Subscriber.objects.create(email="reader@example.org", state=Subscriber.State.ACTIVE)
    Subscription.objects.create(subscriber=reader, newsletter=weekly, confirmed_at=reader.created_at)
    call_command("reindex_search", verbosity=0)
    before = rendered(client)
    files_before = media_files(Path(settings.MEDIA_ROOT))
    archive = tmp_path / "site.tar.gz"
    call_command("export_site", str(archive), stdout=open("/dev/null", "w"))

    # An empty install: a new database and an empty media folder.
    empty_database()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert site_is_empty()
    call_command("restore_site", str(archive), stdout=open("/dev/null", "w"))

    after = rendered(client)
    assert after.keys() == before.keys()
    for url in before:
        assert after[url] == before[url], url
    assert media_files(Path(settings.MEDIA_ROOT)) == files_before
    assert Subscription.objects.get(subscriber__email="reader@example.org").newsletter.slug == "weekly"
    assert ArticlePage.objects.get(pk=article.pk).corrections.count() == 1
    # Users and their rights came back: the editor signs in again.
    assert client.post("/admin/login/", {"username": "editor", "password": PASSWORD}).status_code == 302


def test_a_damaged_or_foreign_archive_changes_nothing(world, tmp_path):
    archive = tmp_path / "site.tar.gz"
    export_site(archive)
    before = ArticlePage.objects.count()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(ArchiveError, match="damaged or cut short"):
        restore_site(cut, force=True)
    plain = tmp_path / "notes.txt"
    plain.write_text("not an archive")
    with pytest.raises(ArchiveError, match="not a site archive"):
        restore_site(plain, force=True)
    odd = tmp_path / "odd.tar.gz"
    with tarfile.open(odd, "w:gz") as tar:
        tar.add(plain, arcname="readme.txt")
    with pytest.raises(ArchiveError, match="lacks manifest.json"):
        restore_site(odd, force=True)
    assert ArticlePage.objects.count() == before


def test_restoring_over_a_site_that_is_not_empty_is_refused(world, tmp_path):
    archive = tmp_path / "site.tar.gz"
    export_site(archive)
    with pytest.raises(CommandError, match="restore into an empty one. Nothing was changed"):
        call_command("restore_site", str(archive))
