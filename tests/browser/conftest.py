"""A live demo site for the browser tests: a fresh database (SQLite, or a
throwaway PostgreSQL database when the suite runs on PostgreSQL), the demo
content, and an app server as in production (DEBUG off, hashed static
files; two processes sharing the page cache in Redis), started once per
test session. Without Redis (only allowed outside CI) there is one server
process. Several app servers and workers: tests/production/."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.loopback import postgres_database
from masthead.processes import free_port, stop, wait_for_port
from masthead.redis_testing import REDIS_URL, forget, redis_up

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LEAD_PATH = "/europe/baltic-cable-cuts-test-europe-keeps-failing/"
CSP_PROBE = "csp-probe"  # the one page test_csp makes break the policy, on purpose


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def start_server(port: int, env: dict):
    """The production server (scripts/serve), two worker processes when the
    page cache is shared in Redis, else one. Its log goes to `server.log` in
    the site's data folder, where CSP reports land (see csp_violations)."""
    workers = "2" if env.get("REDIS_URL") else "1"
    log = open(Path(env["MASTHEAD_DATA_DIR"]) / "server.log", "a")  # noqa: SIM115 - the server keeps it
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env={**env, "PORT": str(port), "WEB_WORKERS": workers},
        stderr=log,
    )
    try:
        wait_for_port(port, server)
    except RuntimeError:
        server.kill()
        raise
    return server


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if k != "TASK_BACKEND"}
    env.update(
        DEBUG="false",
        SECRET_KEY="browser-tests-secret-key",
        MASTHEAD_DATA_DIR=str(data),
        STATIC_MANIFEST="true",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEMO_MODE="true",
        CLOCK_INTERVAL="5",  # the schedule clock ticks often, so the scheduling test waits less
    )
    drop = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        server = env["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"], drop = postgres_database(f"{server}/postgres", f"masthead_browser_{os.getpid()}")
    else:
        env["DATABASE_URL"] = f"sqlite:///{data / 'db.sqlite3'}"

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)

    redis_prefix = None
    if redis_up():
        redis_prefix = f"browser{os.getpid()}"
        env.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix)
    elif os.environ.get("CI") == "true":
        raise RuntimeError(f"Redis is not reachable at {REDIS_URL}")

    # The site's address is known before its content is made, as in `make
    # demo`: the edition already sent links to it and shows its pictures.
    port = free_port()
    env["SITE_URL"] = f"http://127.0.0.1:{port}"  # the address mails link to
    # Payments: the fake Stripe `make demo` runs, sending its events here.
    stripe_port, stripe_pages = free_port(), free_port()
    env.update(
        STRIPE_SECRET_KEY="sk_test_browser",
        STRIPE_WEBHOOK_SECRET="whsec_browser",
        STRIPE_API_BASE=f"http://127.0.0.1:{stripe_port}",
        PAYMENT_PAGE_ORIGINS=f"http://127.0.0.1:{stripe_pages}",
        MEMBERS_UPKEEP_INTERVAL="5",
        ANALYTICS_UPKEEP_INTERVAL="2",
        ANALYTICS_FLUSH_SECONDS="1",
    )
    fake_stripe = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "masthead.demo.fake_stripe",
            "--port",
            str(stripe_port),
            "--pages-port",
            str(stripe_pages),
            "--webhook",
            f"{env['SITE_URL']}/members/stripe/webhook/",
            "--secret",
            "whsec_browser",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    manage("load_demo_content")
    servers = [fake_stripe, start_server(port, env)]
    # The task worker (RQ with Redis) and the newsletter delivery worker, as `make demo` runs them.
    servers.append(subprocess.Popen([str(ROOT / "scripts" / "worker")], cwd=ROOT, env=env))
    try:
        logins = json.loads((data / "demo-logins.json").read_text())
        url = f"http://127.0.0.1:{port}"
        site = type("LiveSite", (), {"url": url, "logins": logins, "data": data})
        yield site
        # Every browser test ran under the Content Security Policy: whatever
        # it blocked on any page, in any test, fails the run here.
        time.sleep(1)  # reports are sent a moment after the page
        blocked = [v for v in csp_violations(site) if CSP_PROBE not in v]  # test_csp's own
        assert blocked == [], "the Content Security Policy blocked something"
    finally:
        stop(*servers)
        if drop:
            drop()
        if redis_prefix:
            forget(redis_prefix)


def csp_violations(site) -> list[str]:
    """The CSP reports the servers have logged so far."""
    log = site.data / "server.log"
    return [line for line in log.read_text().splitlines() if "CSP violation" in line]


@pytest.fixture(scope="session")
def artifacts():
    path = ARTIFACTS / (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_lazy_images(page):
    """Scroll through the page so lazy pictures load, then wait for them."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 400) {
                window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30));
            }
            window.scrollTo(0, 0);
            await Promise.all([...document.images].map(img => img.complete ? null :
                new Promise(r => { img.onload = img.onerror = r; })));
        }"""
    )
