"""CDN purges go through Wagtail's frontend-cache HTTP backend to a real
HTTP server on loopback that records the PURGE requests it gets."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from masthead.pagecache import tasks


class Recorder(BaseHTTPRequestHandler):
    seen: list

    def do_PURGE(self):
        self.seen.append((self.command, self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    Recorder.seen = []
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield Recorder.seen
    server.shutdown()


def test_publishing_purges_the_page_and_its_listings_at_the_cdn(
    world, purge_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.article.title = "Ships, cables and anchors"
        world.article.save_revision().publish()
    paths = {path for _, path, _ in purge_server}
    assert world.article.url in paths
    assert all(command == "PURGE" for command, _, _ in purge_server)


def test_tags_map_to_the_pages_that_show_them(world):
    urls = tasks.urls_for_tags(
        [f"page:{world.article.pk}", f"list:region:{world.europe.pk}", f"list:author:{world.author.pk}"]
    )
    assert any(u.endswith(world.article.url) for u in urls)
    assert any(u.endswith(world.europe_section.url) for u in urls)
    assert any(u.endswith(world.author.url) for u in urls)
    assert any(u.endswith(world.home.url) for u in urls)
