"""Which requests may be answered from, or stored in, the page cache."""

from hashlib import blake2b
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

# Set on the WSGI environ by the front of the cache for the render behind it.
KEY_ENV = "masthead.pagecache.key"
GEN_ENV = "masthead.pagecache.gen"
# The access level the key was made for ("" for anonymous readers).
LEVEL_ENV = "masthead.pagecache.level"


def _skip_prefixes() -> tuple[str, ...]:
    return tuple(settings.PAGECACHE_SKIP_PREFIXES) + tuple(
        p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/")
    )


def key_for_environ(environ, level: str = "") -> str | None:
    """The cache key of a GET or HEAD of a reader page by an anonymous
    reader, or by a member whose level the front has read from their signed
    cookie (`level`), else None: a session without a level (staff, or a
    member whose cookie must be renewed) is never answered from the cache.

    Query parameters that pages do not read (utm_source and the like) are
    left out of the key, so campaign links share one entry.
    """
    if not settings.PAGECACHE_ENABLED:
        return None
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if not level and f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
        return None
    if settings.SECURE_SSL_REDIRECT and not is_https(environ):
        return None  # Django answers it with the redirect to HTTPS
    path = environ.get("PATH_INFO", "")
    if path.startswith(_skip_prefixes()):
        return None
    query = environ.get("QUERY_STRING", "")
    if query:
        read = settings.PAGECACHE_PATH_QUERY_PARAMS.get(path, settings.PAGECACHE_QUERY_PARAMS)
        # Runs of spaces are one space, as the pages read them: "cable  cuts" is "cable cuts".
        kept = sorted(
            (k, " ".join(v.split())) for k, v in parse_qsl(query, keep_blank_values=True) if k in read
        )
        query = urlencode(kept)
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    raw = f"{host.lower()}|{path}|{query}" + (f"|{level}" if level else "")
    raw = raw.encode("utf-8", "surrogateescape")
    return blake2b(raw, digest_size=16).hexdigest()


def is_https(environ) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header and environ.get(header[0], "").split(",")[0].strip() == header[1]:
        return True
    return environ.get("wsgi.url_scheme") == "https"


def cache_control(level: str = "") -> str:
    if level:
        # A member's copy: kept in masthead's own store, never in a CDN's.
        return "private, max-age=0"
    return (
        f"public, max-age=0, s-maxage={settings.PAGECACHE_SHARED_MAX_AGE}, "
        f"stale-while-revalidate={settings.PAGECACHE_STALE_WHILE_REVALIDATE}"
    )


def etag_for(body: bytes) -> str:
    return '"' + blake2b(body, digest_size=12).hexdigest() + '"'


def etag_matches(header: str, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return etag in candidates
