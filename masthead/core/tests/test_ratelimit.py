"""Rate limits on search and CSP reports (sign-ups: newsletter tests;
sign-ins: newsroom tests), counted per client address, trusting only as
many X-Forwarded-For entries as there are proxies, and failing open when
the cache is down."""

import json
import logging

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory, override_settings

from masthead.core.ratelimit import client_ip, over_limit

pytestmark = pytest.mark.django_db
UNREACHABLE_REDIS = {
    "default": {"BACKEND": "masthead.core.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    "hops, forwarded, expected",
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged first entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not through them
    ],
)
def test_the_client_address_trusts_only_the_proxies_configured(settings, hops, forwarded, expected):
    settings.PROXY_HOPS = hops
    request = request_from("10.0.0.2", forwarded)
    assert client_ip(request) == expected
    assert get_client_ip_address(request) == expected  # the sign-in lockout counts the same


def search(client, q, ip="192.0.2.1"):
    return client.get("/search/", {"q": q}, REMOTE_ADDR=ip)


@override_settings(SEARCHES_PER_IP_MINUTE=3)
def test_searches_are_limited_per_address(client, world):
    for word in ("cable", "grid", "port"):
        assert search(client, word).status_code == 200
    assert client.get("/search/", REMOTE_ADDR="192.0.2.1").status_code == 200  # the empty form is free
    blocked = search(client, "ferry")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    html = blocked.content.decode()
    assert "Too many searches" in html and 'value="ferry"' in html  # the query is kept in the box
    assert search(client, "ferry", ip="198.51.100.7").status_code == 200
    # Not stored by the page cache: the next reader of that address is not refused.
    assert search(client, "ferry", ip="198.51.100.8").status_code == 200


@override_settings(CSP_REPORTS_PER_IP_MINUTE=2)
def test_csp_reports_are_limited_per_address(client, caplog):
    report = json.dumps({"csp-report": {"violated-directive": "img-src", "blocked-uri": "x"}})
    with caplog.at_level(logging.WARNING, logger="masthead.csp"):
        answers = [
            client.post("/csp-report/", report, content_type="application/csp-report").status_code
            for _ in range(4)
        ]
    assert answers == [204, 204, 429, 429]
    assert caplog.text.count("CSP violation") == 2


def test_a_limit_fails_open_when_the_cache_is_down(client, world, caplog):
    with override_settings(CACHES=UNREACHABLE_REDIS, SEARCHES_PER_IP_MINUTE=1):
        with caplog.at_level(logging.WARNING, logger="masthead.core.cache"):
            assert not over_limit("search", "192.0.2.1", 0)
            assert search(client, "cable").status_code == 200
            assert search(client, "port").status_code == 200
        assert "the cache is unreachable" in caplog.text
