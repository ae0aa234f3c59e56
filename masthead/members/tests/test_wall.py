"""The registration wall (off by default): after N articles in 30 days an
anonymous reader gets the opening and an invitation to sign up, counted in
one signed cookie, through the page cache, never leaking the walled copy to
other readers or the full one past the wall."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from masthead.members import meter
from masthead.testing import make_article, wsgi_request

pytestmark = pytest.mark.django_db
WORDS = ["firstlynx", "secondheron", "thirdmarmot"]


@pytest.fixture
def pieces(world):
    return [
        make_article(
            world.europe_section,
            title=f"Piece {n}",
            body=[
                ("paragraph", "<p>An opening everyone may read.</p>"),
                ("paragraph", f"<p>The rest, with {word} in it.</p>"),
            ],
        )
        for n, word in enumerate(WORDS)
    ]


def read(page, jar: dict, **headers):
    """A GET through the whole front, keeping the meter cookie like a browser."""
    kept = f"{meter.COOKIE}={jar['meter']}" if jar.get("meter") else ""
    cookie = "; ".join(c for c in (kept, headers.pop("cookie", "")) if c)
    path = page if isinstance(page, str) else page.url
    status, response, body = wsgi_request(path, cookie=cookie, **headers)
    set_cookie = response.get("set-cookie", "")
    if set_cookie.startswith(meter.COOKIE):
        jar["meter"] = set_cookie.split(";")[0].split("=", 1)[1]
    return status, response, body.decode()


def test_off_by_default_no_cookie_and_no_mark(pieces):
    jar = {}
    for piece in pieces * 2:
        status, headers, body = read(piece, jar)
        assert status == 200 and "set-cookie" not in headers and "x-masthead-metered" not in headers
    assert WORDS[2] in body


def test_past_the_limit_an_article_is_walled_and_nothing_leaks(pieces, world, settings):
    settings.MEMBERS_REGISTRATION_WALL = 2
    jar = {}
    for piece, word in zip(pieces[:2], WORDS, strict=False):
        status, headers, body = read(piece, jar)
        assert word in body and "Sign up free to keep reading" not in body
        assert "HttpOnly" in headers["set-cookie"] and "Max-Age=2592000" in headers["set-cookie"]
        assert headers["cache-control"] == "private, max-age=0" and "x-masthead-metered" not in headers
    for _ in range(2):  # walled, from Django and then from the cache's "wall" copy
        status, headers, body = read(pieces[2], jar)
        assert status == 200 and WORDS[2] not in body and "An opening everyone may read." in body
        assert "Sign up free to keep reading" in body and "2 articles a month" in body
        assert "set-cookie" not in headers and headers["cache-control"].startswith("private")
    assert headers["x-cache"] == "hit"
    assert WORDS[0] in read(pieces[0], jar)[2]  # a piece already counted stays open
    assert "set-cookie" not in read("/", jar)[1]  # the front page is not an article: never counted
    # Other readers: a new one reads everything; a forged or garbled cookie counts as none.
    assert WORDS[2] in read(pieces[2], {})[2]
    assert WORDS[2] in read(pieces[2], {"meter": jar["meter"][:-3] + "abc"})[2]
    assert read(pieces[2], {}, cookie='masthead_meter="\\x00;;=')[0] == 200
    # A signed-in reader (a session) is never metered; they have their own levels.
    status, headers, _ = read(pieces[2], jar, cookie="sessionid=abc")
    assert meter.COOKIE not in headers.get("set-cookie", "") and "x-masthead-metered" not in headers
    # Thirty days on, the count starts again.
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert WORDS[2] in read(pieces[2], jar)[2]


def test_the_privacy_page_says_so(world, client, settings):
    from masthead.articles.models import StandardPage
    from masthead.testing import publish

    privacy = publish(world.home, StandardPage(title="Privacy", slug="privacy", counting_notice=True))
    assert "scrambled code for each article" not in client.get(privacy.url).content.decode()
    settings.MEMBERS_REGISTRATION_WALL = 5
    assert "Everyone may read 5 articles a month" in client.get(privacy.url).content.decode()
