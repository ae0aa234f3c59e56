"""The read-only content API: what it serves, its filters, pages and
fields, its refusals; and schemathesis over the whole OpenAPI schema."""

import json
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from masthead.discovery.api import api
from masthead.testing import make_article
from masthead.wsgi import application

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    return client.get(f"/api/v1{path}", params)


def test_articles_are_listed_newest_first_with_their_fields(client, world):
    response = get(client, "/articles")
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    items = response.json()["items"]
    assert [i["title"] for i in items] == ["Ships and cables", "Ports and borders"]
    first = items[0]
    assert first["url"].startswith("http") and first["url"].endswith(world.article.url)
    assert first["region"] == {"slug": "europe", "name": "Europe"}
    assert first["authors"][0]["name"] == "Ada Writer"
    assert first["image"]["credit"] == "REUTERS/Jane Doe" and first["image"]["url"].endswith(".jpg")
    assert "body_html" not in first  # asked for by name only


def test_fields_keep_only_what_is_named(client, world):
    items = get(client, "/articles", fields="id,title,body_html").json()["items"]
    assert set(items[0]) == {"id", "title", "body_html"}
    detail = get(client, f"/articles/{world.article.pk}", fields="title").json()
    assert detail == {"title": "Ships and cables"}


def test_filters_by_region_kind_author_country_and_dates(client, world):
    tagged = make_article(world.asia_section, title="Manila talks", countries=["Philippines"], days_ago=0.5)
    listed = get(client, "/articles", fields="title,countries").json()["items"][0]
    assert listed["countries"] == [{"slug": "philippines", "name": "Philippines", "code": "PH"}]

    def titles(**params):
        return [i["title"] for i in get(client, "/articles", fields="title", **params).json()["items"]]

    assert titles(region="asia-pacific") == ["Manila talks"]
    assert "Manila talks" not in titles(kind="news")
    by_author = titles(author=world.author.slug)
    assert world.article.title in by_author and "Manila talks" not in by_author
    assert titles(country="philippines") == ["Manila talks"]
    since = (timezone.now() - timedelta(hours=13)).isoformat()
    assert titles(since=since) == ["Manila talks"]
    assert tagged.title not in titles(until=(timezone.now() - timedelta(hours=13)).isoformat())


def test_pages_follow_the_next_cursor_to_the_end(client, world):
    for n in range(5):
        make_article(world.europe_section, title=f"Piece {n}", days_ago=3 + n, revision=False)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "fields": "id"} | ({"cursor": cursor} if cursor else {})
        body = get(client, "/articles", **params).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7


def test_a_list_costs_the_same_queries_whatever_its_length(client, world):
    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            assert get(client, "/articles", limit=limit).status_code == 200
        return len(captured)

    for n in range(6):
        make_article(world.europe_section, days_ago=3 + n, revision=False)
    queries(1)  # the site and content types, cached from then on
    assert queries(2) == queries(8)


def test_unpublished_pieces_are_not_served(client, world):
    world.article.unpublish()
    assert get(client, f"/articles/{world.article.pk}").status_code == 404
    assert world.article.title not in str(get(client, "/articles").json())


def test_briefs_sections_and_authors(client, world):
    brief = get(client, "/briefs").json()["items"][0]
    assert brief["title"] == world.brief.title and brief["author"]["name"] == "Ada Writer"
    assert get(client, f"/briefs/{world.brief.pk}").json()["text"]
    sections = get(client, "/sections").json()
    assert {s["title"] for s in sections} >= {"Europe", "Asia-Pacific", "Analysis"}
    assert get(client, f"/sections/{sections[0]['id']}").status_code == 200
    authors = get(client, "/authors").json()
    assert authors[0]["name"] == "Ada Writer"
    assert get(client, f"/authors/{authors[0]['id']}").json()["slug"] == world.author.slug


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/articles", {"region": "atlantis"}, 400, "no region “atlantis”"),
        ("/articles", {"author": "ada\x00writer"}, 400, "no author"),
        ("/briefs", {"author": "\x00"}, 400, "no author"),
        ("/articles", {"country": "atlantis"}, 400, "no country"),
        ("/articles", {"fields": "title,password"}, 400, "Unknown field(s): password"),
        ("/articles", {"cursor": "yesterday"}, 400, "cursor"),
        ("/articles", {"limit": "0"}, 422, "greater than or equal to 1"),
        ("/articles", {"limit": "many"}, 422, "valid integer"),
        ("/articles", {"since": "soon"}, 422, "datetime"),
        ("/briefs", {"since": "0001-01-01T00:00:00+23:59"}, 422, "out of range"),
        (
            "/articles",
            {"since": "2030-01-01T00:00:00Z", "until": "2020-01-01T00:00:00Z"},
            400,
            "since is after",
        ),
        ("/articles/999999", {}, 404, "Not Found"),
        ("/articles/abc", {}, 422, "valid integer"),
        ("/briefs/26039461895614565974016", {}, 422, "less than or equal to 2147483647"),
        ("/authors", {"offset": "-1"}, 422, "greater than or equal to 0"),
    ],
)
def test_bad_parameters_get_a_clear_error(client, world, path, params, status, says):
    response = get(client, path, **params)
    assert response.status_code == status
    assert says in json.dumps(response.json(), ensure_ascii=False)


def test_the_api_only_reads(client, world):
    assert client.post("/api/v1/articles", {}).status_code == 405
    assert client.delete(f"/api/v1/articles/{world.article.pk}").status_code == 405


def test_the_schema_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/briefs",
        "/api/v1/briefs/{brief_id}",
        "/api/v1/sections",
        "/api/v1/sections/{section_id}",
        "/api/v1/authors",
        "/api/v1/authors/{author_id}",
    }


# The schema as the site generates it; cases go through the WSGI application.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@pytest.fixture
def keep_connection(world):
    """Like Django's test client, keep the test's database connection open
    across requests (an in-memory test database would vanish with it)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(case, keep_connection):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
