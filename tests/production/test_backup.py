"""The backup drill: scripts/backup of the running cluster (database, media,
site archive), scripts/restore into a new database and media folder, and
an app server on the restored copy serving what was written last, with its
pictures."""

import re
import subprocess
import urllib.request

from deploy.loopback import ROOT, postgres_database
from masthead.processes import free_port, stop, wait_for_port

HEADLINE = "Backups: what the ferry logs kept"
WRITE = f"""
from django.utils import timezone
from masthead.articles.models import ArticlePage
from masthead.newsletter.models import Newsletter, Subscriber, Subscription
page = ArticlePage.objects.get(slug="baltic-cable-cuts-test-europe-keeps-failing")
page.title = "{HEADLINE}"
page.save_revision().publish()
s = Subscriber.objects.create(email="kept@example.org", state="active", confirmed_at=timezone.now())
Subscription.objects.create(subscriber=s, newsletter=Newsletter.objects.get(slug="weekly-round-up"))
print(ArticlePage.objects.live().count(), Subscriber.objects.count())
"""
COUNT = """
from masthead.articles.models import ArticlePage
from masthead.newsletter.models import Subscriber
print(ArticlePage.objects.live().count(), Subscriber.objects.count())
"""
ARTICLE = "/europe/baltic-cable-cuts-test-europe-keeps-failing/"


def run(script, env, *args):
    done = subprocess.run([str(ROOT / "scripts" / script), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_backup_restores_into_a_new_database_and_serves_what_was_written(cluster, tmp_path):
    counts = cluster.manage("shell", "--no-imports", "-c", WRITE).split()
    backup = tmp_path / "backup"
    run("backup", cluster.env, str(backup))
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "site.tar.gz"}

    server = cluster.postgres_url.rsplit("/", 1)[0]
    database_url, drop = postgres_database(f"{server}/postgres", f"masthead_restored_{cluster.port}")
    port = free_port()
    restored = {
        **cluster.env,
        "DATABASE_URL": database_url,
        "MASTHEAD_DATA_DIR": str(tmp_path / "restored"),
        "CACHE_KEY_PREFIX": f"restored{port}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PORT": str(port),
        "WEB_WORKERS": "1",
    }
    app = None
    try:
        run("restore", restored, str(backup))
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT, env=restored, check=True,
        )  # fmt: skip
        check = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "--no-imports", "-c", COUNT],
            cwd=ROOT, env=restored, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert check.stdout.split() == counts
        app = subprocess.Popen([str(ROOT / "scripts" / "serve")], cwd=ROOT, env=restored)
        wait_for_port(port, app)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{ARTICLE}", timeout=15) as response:
            html = response.read().decode()
        assert f"<h1>{HEADLINE}</h1>" in html
        pictures = set(re.findall(r'src="(/media/images/[^"]+)"', html))
        assert pictures
        for src in pictures:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{src}", timeout=15) as response:
                assert response.status == 200 and response.headers["Content-Type"].startswith("image/")
    finally:
        stop(app)
        drop()
