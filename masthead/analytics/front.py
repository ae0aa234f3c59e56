"""Beacons, answered in front of Django like the page cache's hits: the
reader never waits for a write, and nothing here reads or sets a cookie.

POST /a/       the beacon count.js sends (JSON, under 2 KB): 204
GET  /a/p.gif  the no-JavaScript fallback, an image in <noscript>: a 1×1 GIF

Malformed beacons get 400, oversized 413; a bot, a reader asking not to be
tracked (when the site honours it) or a flood from one address get the same
204 as anyone and are not counted."""

import threading
import time
from urllib.parse import parse_qs

from django.conf import settings

from masthead.core.pixel import GIF as PIXEL
from masthead.core.ratelimit import ip_from_environ

from . import counting
from .batch import batcher

_NO_STORE = [("Cache-Control", "no-store")]


class _Flood:
    """Beacons per address per minute, in this process: a flood is ignored
    without a round trip to a shared store."""

    def __init__(self):
        self.minute = 0
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def over(self, ip: str) -> bool:
        minute = int(time.monotonic() // 60)
        with self.lock:
            if minute != self.minute:
                self.minute, self.counts = minute, {}
            self.counts[ip] = count = self.counts.get(ip, 0) + 1
        return count > settings.ANALYTICS_BEACONS_PER_IP_MINUTE


flood = _Flood()


class BeaconApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/a/" and environ.get("REQUEST_METHOD") == "POST":
            return self._post(environ, start_response)
        if path == "/a/p.gif" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return self._pixel(environ, start_response)
        return self.application(environ, start_response)

    def _post(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= counting.MAX_BODY:
            return _answer(start_response, "413 Content Too Large" if length > 0 else "400 Bad Request")
        try:
            beacon = counting.parse(environ["wsgi.input"].read(length))
        except counting.BadBeacon:
            return _answer(start_response, "400 Bad Request")
        _count(environ, beacon)
        return _answer(start_response, "204 No Content")

    def _pixel(self, environ, start_response):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        page = (query.get("p") or [""])[0]
        path = (query.get("u") or [""])[0]
        if page.isdigit() and path.startswith("/") and len(path) <= 300 and 0 < int(page) < 2**31:
            _count(environ, counting.Beacon(int(page), path, "", ""))
        start_response(
            "200 OK", [("Content-Type", "image/gif"), *_NO_STORE, ("Content-Length", str(len(PIXEL)))]
        )
        return [PIXEL]


def _count(environ, beacon) -> None:
    agent = environ.get("HTTP_USER_AGENT", "")[:500]
    if counting.is_bot(agent) or counting.opted_out(environ):
        return
    ip = ip_from_environ(environ)
    if flood.over(ip):
        return
    host = environ.get("HTTP_HOST", "")
    batcher.add(counting.event(beacon, ip=ip, user_agent=agent, host=host))


def _answer(start_response, status: str):
    start_response(status, [*_NO_STORE, ("Content-Length", "0")])
    return [b""]
