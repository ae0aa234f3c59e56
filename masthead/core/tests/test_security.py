"""Production hardening: the deploy checks, the security headers and the
Content Security Policy, its reports, HTTPS before the page cache, and
error pages that tell readers nothing about the machine."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import path

import masthead.urls
from masthead.pagecache import policy

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_reader_pages_carry_the_security_headers_and_a_strict_policy(client, world):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy_header = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy_header and "object-src 'none'" in policy_header
    assert "frame-ancestors 'self'" in policy_header and "unsafe" not in policy_header


def test_the_admin_allows_inline_script_and_style_only(client, world):
    header = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in header and "style-src 'self' 'unsafe-inline'" in header
    assert "unsafe-eval" not in header and "object-src 'none'" in header


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000)
def test_https_redirects_and_hsts(client, world):
    response = client.get("/europe/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    secure = client.get("/europe/", secure=True)
    assert secure.status_code == 200 and "max-age=31536000" in secure["Strict-Transport-Security"]


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_with_https_required_the_page_cache_leaves_plain_http_to_the_redirect():
    plain = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_HOST": "example.org", "wsgi.url_scheme": "http"}
    assert policy.key_for_environ(plain) is None
    assert policy.key_for_environ({**plain, "wsgi.url_scheme": "https"})
    assert policy.key_for_environ({**plain, "HTTP_X_FORWARDED_PROTO": "https"})


def test_a_csp_report_is_logged(client, caplog):
    report = {"csp-report": {"violated-directive": "script-src-elem", "blocked-uri": "inline",
                             "document-uri": "https://example.org/europe/"}}  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="masthead.csp"):
        response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src-elem blocked inline on https://example.org/europe/" in caplog.text


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "A report is a JSON document."),
        ("[1, 2]", 'A report is {"csp-report": {...}}.'),
        ('{"csp-report": "x"}', 'A report is {"csp-report": {...}}.'),
        ('{"csp-report": {"a": "' + "x" * 20_000 + '"}}', "A report is at most 16 KB."),
    ],
)
def test_bad_csp_reports_are_refused_with_a_reason(client, caplog, body, message):
    with caplog.at_level(logging.WARNING, logger="masthead.csp"):
        response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 400 and response.content.decode() == message
    assert "CSP violation" not in caplog.text
    assert client.get("/csp-report/").status_code == 405


def _boom(request):
    raise RuntimeError("database password is hunter2")


def _database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [path("boom/", _boom), path("db-gone/", _database_gone), *masthead.urls.urlpatterns]
handler500 = masthead.urls.handler500


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_errors_show_our_pages_and_no_trace_or_settings(client, world, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong on our side" in html
    assert "hunter2" not in html and "Traceback" not in html and "SECRET_KEY" not in html
    assert "hunter2" in caplog.text  # it goes to the log, for us
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and "There is no page at this address" in missing.content.decode()
    assert "urlpatterns" not in missing.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_unreachable_database_is_a_503_to_come_back_to(client, world):
    client.raise_request_exception = False
    response = client.get("/db-gone/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Back in a moment" in html and "127.0.0.1" not in html
