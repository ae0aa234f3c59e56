"""The production recipe brought up on loopback (deploy/loopback.py):
PostgreSQL and Redis (servers of the tests' own), two app servers behind
nginx, two workers, and a real SMTP server for the newsletter. PostgreSQL only: the recipe is for it
(SQLite is the embedded, one-machine set-up)."""

import os
import shutil
from pathlib import Path

import pytest

from deploy.loopback import Cluster
from masthead.newsletter.tests.processes import SmtpSink
from masthead.processes import free_port
from masthead.redis_testing import require_redis

from .servers import PrivatePostgres, PrivateRedis


@pytest.fixture(scope="package")
def recipe_parts():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the production recipe runs on PostgreSQL (this is the SQLite pass)")
    require_redis()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (scripts/test installs it when run as root)")
        pytest.skip("nginx is not installed")


@pytest.fixture(scope="package")
def sink(recipe_parts, tmp_path_factory):
    sink = SmtpSink(free_port(), tmp_path_factory.mktemp("smtp") / "received.log").start()
    yield sink
    sink.stop()


@pytest.fixture(scope="package")
def servers(recipe_parts):
    """A PostgreSQL and a Redis server of these tests' own: the fault tests
    stop and restart them (tests/production/servers.py)."""
    postgres, redis = PrivatePostgres().init(), PrivateRedis().start()
    yield postgres, redis
    redis.stop()
    postgres.destroy()


@pytest.fixture(scope="package")
def cluster(sink, servers):
    """One cluster for every test here, in file order: the backup drill,
    the cluster tests (which kill an app server, restarted, and a worker,
    not), then the fault tests."""
    postgres, redis = servers
    cluster = Cluster(
        postgres_url=postgres.admin_url,
        redis_url=redis.url,
        extra_env={
            # The tests sign in with a password alone; production keeps two factors.
            "STAFF_2FA_REQUIRED": "false",
            # All the readers here come from one address.
            "SEARCHES_PER_IP_MINUTE": "1000000",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_TIMEOUT": "5",
            # A killed worker's claimed batch is taken over after this.
            "NEWSLETTER_LEASE_SECONDS": "4",
            "NEWSLETTER_BATCH": "50",
            # Sends take seconds, not a blink, so a worker can be killed mid-send.
            "NEWSLETTER_MAX_RATE": "150",
        },
    )
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
