"""Real processes for the delivery tests: the SMTP sink and delivery
workers, sharing the test database (a file on SQLite)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

from masthead.processes import stop

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """The test database, as a URL another process can open."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), "worker tests need TEST_DATABASE_FILE"
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


class SmtpSink:
    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "masthead.newsletter.smtp_sink", str(self.port), str(self.log)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"
        return self

    def stop(self):
        stop(self.process)

    def received(self) -> list[tuple[str, str]]:
        if not self.log.exists():
            return []
        return [
            tuple(line.split("\t")) for line in self.log.read_text().splitlines() if line.count("\t") == 1
        ]


def start_worker(port: int, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
        "NEWSLETTER_LEASE_SECONDS": "3",
        "NEWSLETTER_BATCH": "50",
        "LOG_LEVEL": "ERROR",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "deliver_newsletters", "--idle", "0.2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
