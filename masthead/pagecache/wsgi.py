"""The front of the page cache: a WSGI wrapper that answers hits before
Django builds a request, routes a URL or opens a database connection."""

import logging
import time

from masthead.core import access
from masthead.pagecache import policy, store

log = logging.getLogger(__name__)

# Headers a 304 repeats (RFC 9110, 15.4.5).
_NOT_MODIFIED_HEADERS = {"cache-control", "etag", "vary", "cache-tag", "surrogate-key", "x-cache"}


class CachedApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            member = access.COOKIE in environ.get("HTTP_COOKIE", "")
            gen = store.gen_now() if member else None
            level = _member_level(environ, gen) if member else environ.get(access.ANONYMOUS_LEVEL_ENV, "")
            key = policy.key_for_environ(environ, level)
            entry, gen = store.lookup(key, gen) if key is not None else (None, None)
        except Exception:
            # The store is down: serve uncached rather than fail.
            log.warning("page cache unavailable; serving uncached", exc_info=True)
            key = None
        if key is None:
            return self.application(environ, start_response)
        if entry is None:
            environ[policy.KEY_ENV] = key
            environ[policy.GEN_ENV] = gen
            environ[policy.LEVEL_ENV] = level
            return self.application(environ, start_response)
        headers = [*entry.headers, ("X-Cache", "hit")]
        if policy.etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), entry.etag):
            start_response("304 Not Modified", [h for h in headers if h[0].lower() in _NOT_MODIFIED_HEADERS])
            return [b""]
        start_response("200 OK", [*headers, ("Content-Length", str(len(entry.body)))])
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else entry.body]


# Levels read from cookies, each with the gen it was checked at and the
# time its cookie stops being believed: a member's next hits, while nothing
# is purged, cost one dictionary lookup.
_levels: dict[str, tuple[str, int, float]] = {}
_LEVELS_KEPT = 10_000


def _member_level(environ, gen: int) -> str:
    """The level a signed-in member's cookie names, if it is genuine and no
    change of theirs was purged since it was issued; else "" (and a
    session, if any, sends the request on to Django, which renews it)."""
    value = access.cookie_value(environ.get("HTTP_COOKIE", ""))
    known = _levels.get(value)
    if known is not None and known[1] == gen and time.time() <= known[2]:
        return known[0]
    found = access.read_until(value)
    if found is None:
        return ""
    claim, until = found
    level = claim.level if store.unpurged_since(access.member_tag(claim.member_id), claim.gen) else ""
    if len(_levels) >= _LEVELS_KEPT:
        _levels.clear()
    _levels[value] = (level, gen, until)
    return level
