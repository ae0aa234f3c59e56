"""How often one client may do something costly: sign up, search, report
a policy violation. Counts live in the default cache, so every app server
shares them when that is Redis.

A limit fails open: if the cache cannot be reached, the attempt is allowed
and a warning logged. A stopped Redis must not turn every search into an
error page (issue 7's fault tests stop it)."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

log = logging.getLogger("masthead.ratelimit")


def client_ip(request) -> str:
    """The client's address. Behind PROXY_HOPS proxies that each append the
    address they were reached from to X-Forwarded-For (a load balancer, a
    CDN), it is the one the outermost of them saw; anything further left
    in the header was written by the client and is not trusted."""
    hops = settings.PROXY_HOPS
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops][:45]
    return request.META.get("REMOTE_ADDR", "")


def over_limit(kind: str, value: str, limit: int, seconds: int = 3600) -> bool:
    """Counts one attempt; True once `value` made more than `limit` of this
    kind within `seconds` of its first."""
    key = f"rate:{kind}:{salted_hmac('masthead.rate', value or '-').hexdigest()}"
    try:
        cache.add(key, 0, seconds)
        try:
            return cache.incr(key) > limit
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            return False
    except Exception:  # noqa: BLE001  (the cache is down: allow, and say so)
        log.warning("rate limit %s not counted: the cache is unreachable", kind, exc_info=True)
        return False
