"""The back of the page cache: collects the tags a render shows and stores
cacheable responses. Outermost middleware, so it stores the final headers."""

import logging

from masthead.core import access, tags
from masthead.pagecache import policy, store

log = logging.getLogger(__name__)

# Not stored: recomputed for each answer, or specific to this one.
_UNSTORED_HEADERS = {"content-length", "set-cookie", "x-cache"}


def _cacheable(request, response) -> bool:
    return (
        request.method == "GET"
        and getattr(request, "pagecache_page", None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(request, "is_preview", False)
        # Rendered for the level the key was made for (a member's renewed
        # cookie, or a change of tier the cookie does not know yet: not stored).
        and access.level_of(request) == request.environ.get(policy.LEVEL_ENV)
        and (access.level_of(request) != access.ANONYMOUS or not request.user.is_authenticated)
    )


def _share_site(request) -> None:
    """Wagtail looks up the site and its root page (three queries) for every
    request; they change only with a purge (`settings`), so a render shares
    them with others of the same generation. Wagtail reads them from here."""
    from wagtail.models import Site

    def find():
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018  (fetched once, kept on the shared object)
        return site

    # get_host() refuses a host not in ALLOWED_HOSTS (a 400) before any lookup.
    request._wagtail_site = tags.shared(f"site:{request.get_host()}:{request.get_port()}", find)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.environ.get(policy.KEY_ENV)
        gen = request.environ.get(policy.GEN_ENV)
        with tags.collecting(gen) as found:
            if gen is not None:
                _share_site(request)
            response = self.get_response(request)
        if key is not None and _cacheable(request, response):
            return self._store(request, key, gen, found, response)
        if getattr(request, "pagecache_page", None) is not None:
            # A reader page shown to staff, with a session, or restricted:
            # keep it out of shared caches too.
            response.headers.setdefault("Cache-Control", "private, no-cache")
        return response

    def _store(self, request, key, gen, found, response):
        body = response.content
        ordered = sorted(found)
        response["Cache-Control"] = policy.cache_control(request.environ.get(policy.LEVEL_ENV, ""))
        response["ETag"] = policy.etag_for(body)
        response["Cache-Tag"] = ",".join(ordered)
        response["Surrogate-Key"] = " ".join(ordered)
        entry = store.Entry(
            status=200,
            headers=tuple((k, v) for k, v in response.items() if k.lower() not in _UNSTORED_HEADERS),
            body=body,
            tags=tuple(ordered),
            gen=gen,
            etag=response["ETag"],
        )
        try:
            store.put(key, entry)
        except Exception:
            log.warning("page cache unavailable; response not stored", exc_info=True)
        response["X-Cache"] = "miss"
        return response
