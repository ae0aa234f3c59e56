"""The registration wall, off unless MEMBERS_REGISTRATION_WALL is set: after
that many articles in 30 days, an anonymous reader is asked to sign up free.

A WSGI layer outside the page cache, so cached answers are counted too. The
count lives in the reader's browser, in one signed cookie listing a short
hash of each article's path and the day it was first read (nothing else,
for 30 days). A reader past the limit who opens an article not on their
list is rendered, and cached, at the level "wall" (core/access.py): the
article's opening, then an invitation to sign up.

It is a soft wall, as every meter is: a reader who deletes the cookie, or
reads in a private window, starts again; and behind a CDN, only the
requests that reach masthead are counted. Signed-in readers, staff, and
answers without the metered mark (everything but a public article) are
never counted."""

import time
from hashlib import blake2b
from http.cookies import SimpleCookie

from django.conf import settings
from django.core import signing

from masthead.core import access
from masthead.pagecache import policy

COOKIE = "masthead_meter"
DAYS = 30
_SALT = "masthead.members.meter"
_METERED = access.METERED_HEADER.lower()


def _today() -> int:
    return int(time.time() // 86400)


def _key(path: str) -> str:
    return blake2b(path.encode(), digest_size=4).hexdigest()


def read(header: str) -> dict[str, int]:
    """The articles a reader's cookie lists, {path hash: day}, those of the
    last 30 days only; empty for a missing, forged or garbled cookie."""
    try:
        morsel = SimpleCookie(header).get(COOKIE)
    except Exception:  # a malformed Cookie header: as if there were none
        return {}
    if morsel is None:
        return {}
    try:
        value = signing.Signer(salt=_SALT).unsign(morsel.value)
    except signing.BadSignature:
        return {}
    seen, oldest = {}, _today() - DAYS
    for item in value.split("-") if value else []:
        key, _, day = item.partition(".")
        if len(key) == 8 and day.isdigit() and int(day) > oldest:
            seen[key] = int(day)
    return seen


def cookie(seen: dict[str, int], secure: bool) -> str:
    value = signing.Signer(salt=_SALT).sign("-".join(f"{k}.{d}" for k, d in seen.items()))
    flags = "; Secure" if secure else ""
    return f"{COOKIE}={value}; Max-Age={DAYS * 86400}; Path=/; HttpOnly; SameSite=Lax{flags}"


def _anonymous(environ) -> bool:
    cookies = environ.get("HTTP_COOKIE", "")
    return access.COOKIE not in cookies and settings.SESSION_COOKIE_NAME not in cookies


class MeterApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        limit = settings.MEMBERS_REGISTRATION_WALL
        if not limit:
            return self.application(environ, start_response)
        counted = environ.get("REQUEST_METHOD") in ("GET", "HEAD") and _anonymous(environ)
        seen = read(environ.get("HTTP_COOKIE", "")) if counted else {}
        key = _key(environ.get("PATH_INFO", ""))
        over = counted and key not in seen and len(seen) >= limit
        if over:
            environ[access.ANONYMOUS_LEVEL_ENV] = access.WALLED

        def start(status, headers, exc_info=None):
            metered = any(name.lower() == _METERED for name, _ in headers)
            headers = [(name, value) for name, value in headers if name.lower() != _METERED]
            if counted and metered and not over and key not in seen and status.startswith("200"):
                seen[key] = _today()
                # Never stored by a shared cache with one reader's cookie.
                headers = [(n, v) for n, v in headers if n.lower() != "cache-control"]
                headers.append(("Cache-Control", "private, max-age=0"))
                headers.append(("Set-Cookie", cookie(seen, policy.is_https(environ))))
            return start_response(status, headers, exc_info)

        return self.application(environ, start)
