"""Pictures fetched from the old site, side by side, each with a time limit
and a size limit; what comes back is checked as any upload is (type sniffed,
decompression bombs refused) when it is stored.

An export names any address it likes: addresses on this machine's own or
private networks are refused unless IMPORT_FETCH_PRIVATE is set (the source
site on a private network), so an export cannot make the server probe its
own network."""

import ipaddress
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings

USER_AGENT = "masthead-import/1 (+moving a magazine's archive)"


@dataclass
class Fetched:
    data: bytes = b""
    error: str = ""  # why there are no bytes, in a sentence


def _public(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return True  # unresolvable: the fetch itself will say so
    return all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


class _NoRedirectsOffSite(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to addresses the fetch itself may reach."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _allowed(newurl):
            raise urllib.error.HTTPError(newurl, code, "redirected to an address not fetched", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _allowed(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    return settings.IMPORT_FETCH_PRIVATE or _public(parsed.hostname)


_opener = urllib.request.build_opener(_NoRedirectsOffSite)


def fetch(url: str) -> Fetched:
    if not _allowed(url):
        return Fetched(error="not fetched: not an http(s) address of a public host")
    limit = settings.IMPORT_FETCH_MAX_MB * 1024 * 1024
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _opener.open(request, timeout=settings.IMPORT_FETCH_TIMEOUT) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                return Fetched(error=f"not fetched: over {settings.IMPORT_FETCH_MAX_MB} MB")
            data = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        return Fetched(error=f"the old site answered {error.code} {error.reason}")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Fetched(error=f"could not be fetched ({reason})")
    if len(data) > limit:
        return Fetched(error=f"not fetched: over {settings.IMPORT_FETCH_MAX_MB} MB")
    return Fetched(data=data)


def fetch_all(urls) -> dict[str, Fetched]:
    urls = list(dict.fromkeys(urls))
    if not urls:
        return {}
    with ThreadPoolExecutor(max_workers=min(settings.IMPORT_FETCH_WORKERS, len(urls))) as pool:
        return dict(zip(urls, pool.map(fetch, urls), strict=True))
