"""How often one client may do something costly: sign up, search, report
a policy violation. Counts live in the default cache, so every app server
shares them when that is Redis.

A limit fails open: with Redis unreachable the default cache answers
misses (core/cache.py), so the attempt is allowed; a stopped Redis must
not turn every search into an error page."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_ip(request) -> str:
    """The client's address. Behind PROXY_HOPS proxies that each append the
    address they were reached from to X-Forwarded-For (a load balancer, a
    CDN), it is the one the outermost of them saw; anything further left
    in the header was written by the client and is not trusted."""
    return ip_from_environ(request.META)


def ip_from_environ(environ) -> str:
    """`client_ip` from a WSGI environ (the fronts answer before Django)."""
    hops = settings.PROXY_HOPS
    if hops:
        forwarded = [a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops][:45]
    return environ.get("REMOTE_ADDR", "")


def over_limit(kind: str, value: str, limit: int, seconds: int = 3600) -> bool:
    """Counts one attempt; True once `value` made more than `limit` of this
    kind within `seconds` of its first."""
    key = f"rate:{kind}:{salted_hmac('masthead.rate', value or '-').hexdigest()}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr, or the cache is unreachable
        cache.set(key, 1, seconds)
        return False
