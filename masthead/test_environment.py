"""A pytest plugin loaded first (`-p` in pyproject.toml): it fixes the
environment before pytest-django reads the settings, so `pytest` alone
behaves like `make test`."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("MASTHEAD_DATA_DIR", tempfile.mkdtemp(prefix="masthead-test-"))
os.makedirs(os.path.join(os.environ["MASTHEAD_DATA_DIR"], "static"), exist_ok=True)
os.environ.setdefault("STATIC_MANIFEST", "false")
# SQLite tests use a file so that worker processes started by a test see its data.
os.environ.setdefault("TEST_DATABASE_FILE", os.path.join(os.environ["MASTHEAD_DATA_DIR"], "test.sqlite3"))
# Tasks run inline in unit tests; the browser tests' server uses the real queue.
os.environ.setdefault("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['VENDOR'] if 'VENDOR' in db else db['ENGINE'].rsplit('.', 1)[-1]} ({db['NAME']})"


# Payments go to the fake Stripe the members tests start (STRIPE_API_BASE).
os.environ.setdefault("STRIPE_SECRET_KEY", "sk_test_masthead_tests")
os.environ.setdefault("STRIPE_WEBHOOK_SECRET", "whsec_masthead_tests")
os.environ.setdefault("STRIPE_ALLOW_TEST_KEYS", "true")
# Beacons are written when a test flushes them, never by the writer thread
# from its own connection, outside the test's transaction: its timer and its
# half-batch trigger are out of a unit test's reach.
os.environ.setdefault("ANALYTICS_FLUSH_SECONDS", "3600")
os.environ.setdefault("ANALYTICS_BATCH", "100000")
