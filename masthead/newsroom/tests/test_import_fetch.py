"""Pictures fetched from the old site: a real HTTP server on loopback stands
in for it (the only stand-in), serving its uploads tree, and failing in the
ways old sites fail."""

import time
from http.server import BaseHTTPRequestHandler

import pytest

from masthead.articles.models import ArticlePage
from masthead.newsroom.importing import run_import
from masthead.photos.models import Photo
from masthead.processes import serving

from .test_import_bodies import PICTURES, WORDPRESS
from .test_metadata_files import jpeg_with_credit

pytestmark = pytest.mark.django_db
OLD_SITE = b"https://ledger.example.org"


class OldSite(BaseHTTPRequestHandler):
    files: dict = {}
    asked: list = []

    def do_GET(self):
        self.asked.append(self.path)
        name = self.path.removeprefix("/wp-content/uploads/")
        if name == "2025/01/pilot.jpg":
            time.sleep(3)  # longer than the import waits
        body = self.files.get(name)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site(settings):
    settings.IMPORT_FETCH_PRIVATE = True  # the old site is on loopback here
    settings.IMPORT_FETCH_TIMEOUT = 1
    settings.IMPORT_FETCH_MAX_MB = 1
    OldSite.files = {
        relative: jpeg_with_credit(f"Photographer {n}", "Ledger") for n, relative in enumerate(PICTURES)
    }
    OldSite.files["2025/02/quay.jpg"] = b"<html>not a picture</html>"
    OldSite.files["2025/01/icebreaker.jpg"] = jpeg_with_credit("Big", "Ledger") + b"\0" * (2 << 20)
    OldSite.asked = []
    with serving(OldSite) as (_, url):
        yield url.encode()


def test_pictures_come_from_the_old_site_and_failures_are_listed(world, old_site, tmp_path):
    data = WORDPRESS.replace(OLD_SITE, old_site)
    before = Photo.objects.count()
    report = run_import("wordpress", data, None, tmp_path, fetch=True)
    notes = "\n".join(report.notes)
    assert "2025/01/icebreaker.jpg: not fetched: over 1 MB" in notes
    assert "2025/01/pilot.jpg: could not be fetched (timed out)" in notes
    assert "2025/02/quay.jpg was not imported" in notes  # sniffed: not an image
    # The resized copy's name is asked for as the original, once for both posts.
    assert OldSite.asked.count("/wp-content/uploads/2025/01/icebreaker.jpg") == 1
    assert "/wp-content/uploads/2025/01/icebreaker-1024x683.jpg" not in OldSite.asked
    # Posts come in with what could be fetched, and say what could not.
    assert len(report.created) == 2 and not report.skipped
    assert Photo.objects.count() == before  # every picture failed here
    # A folder copy wins over fetching; what it has is not fetched again.
    folder = tmp_path / "uploads"
    for relative in PICTURES:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(jpeg_with_credit(relative, "Ledger"))
    OldSite.asked.clear()
    report = run_import("wordpress", data, None, folder, fetch=True)
    assert not OldSite.asked and len(report.updated) == 2
    lanes = ArticlePage.objects.get(slug="bothnia-lanes")
    assert lanes.hero_image is not None and lanes.live


def test_addresses_on_private_networks_are_not_fetched(world, settings, tmp_path):
    settings.IMPORT_FETCH_PRIVATE = False
    with serving(OldSite) as (_, url):
        OldSite.asked = []
        report = run_import(
            "wordpress", WORDPRESS.replace(OLD_SITE, url.encode()), None, tmp_path, fetch=True
        )
    assert not OldSite.asked
    assert "not fetched: not an http(s) address of a public host" in "\n".join(report.notes)
