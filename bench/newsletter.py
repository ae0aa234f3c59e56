"""Newsletter delivery benchmark: one edition to N confirmed subscribers
(100,000 by default) through a local SMTP sink on loopback (aiosmtpd).

Reference, in the same run: a plain smtplib loop sending N messages of the
same size over one connection to the same sink. Then the real thing: the
edition's deliveries queued (`start_send`), sent by one `manage.py
deliver_newsletters` worker process, then again by two. Prints messages per second,
the ratio to the plain loop and each worker's peak memory (VmHWM).

    bench/newsletter [--subscribers N] [--database postgres://…]
"""

import argparse
import os
import smtplib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from masthead.processes import free_port  # noqa: E402

DATA = ROOT / "bench" / ".data" / "newsletter"


def log(text):
    print(f"· {text}", file=sys.stderr, flush=True)


def setup_django(database: str | None, port: int) -> dict:
    DATA.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SECRET_KEY": "bench-secret-key",
        "MASTHEAD_DATA_DIR": str(DATA),
        "DATABASE_URL": database or f"sqlite:///{DATA / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()
    return env


def fresh_database(env):
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)


def make_audience(count: int):
    from django.utils import timezone

    from masthead.newsletter.models import Delivery, Edition, Newsletter, Subscriber, Subscription

    Delivery.objects.all().delete()
    Edition.objects.all().delete()
    newsletter, _ = Newsletter.objects.get_or_create(
        slug="weekly-round-up", defaults={"name": "The Weekly Round-up"}
    )
    if Subscriber.objects.count() != count:
        Subscriber.objects.all().delete()
        now = timezone.now()
        for first in range(0, count, 10_000):
            made = Subscriber.objects.bulk_create(
                [
                    Subscriber(email=f"reader{i}@example.org", state="active", confirmed_at=now)
                    for i in range(first, min(count, first + 10_000))
                ]
            )
            if not made[0].pk:
                made = Subscriber.objects.filter(pk__gt=0).order_by("-pk")[: len(made)]
            Subscription.objects.bulk_create(
                [Subscription(subscriber=s, newsletter=newsletter, confirmed_at=now) for s in made]
            )
    return newsletter


def edition_for(newsletter):
    """An edition shaped like the demo's: an introduction and twelve
    stories in four regions, with pictures."""
    from django.utils import timezone

    from masthead.newsletter.models import Edition

    stories = [
        {
            "kicker": f"Analysis | Region {r}",
            "title": f"A headline of about this length, for story {r}.{s} of the week",
            "url": f"http://127.0.0.1:8000/region-{r}/story-{r}-{s}/",
            "teaser": "A teaser of some thirty words, as listings show before the reader decides to go on: "
            "enough to say what the piece argues and why it matters this week, and no more.…",
            "picture": {
                "url": f"http://127.0.0.1:8000/media/images/story-{r}-{s}.fill-1200x675.jpg",
                "alt": "A harbour at dawn",
                "width": 600,
                "height": 338,
                "credit": "Photo agency",
            },
        }
        for r in range(4)
        for s in range(3)
    ]
    content = {
        "intro": ["Welcome to this week's round-up.", "Reply to tell us what we missed."],
        "groups": [{"region": f"Region {r}", "stories": stories[r * 3 : r * 3 + 3]} for r in range(4)],
    }
    now = timezone.now()
    return Edition.objects.create(
        newsletter=newsletter,
        subject="The Weekly Round-up",
        period_start=now,
        period_end=now,
        content=content,
    )


def sample_message(edition) -> bytes:
    from masthead.newsletter import delivery, links, mime
    from masthead.newsletter.models import Subscriber

    subscriber = Subscriber.objects.order_by("pk").first()
    mail = delivery.edition_mail(edition)
    unsubscribe, preferences = links.manage_urls(subscriber, "weekly-round-up")
    return mime.build(mail.prepared, subscriber.email, "<bench@example.org>", unsubscribe, preferences)


def plain_loop(port: int, message: bytes, count: int) -> float:
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(count):
            smtp.sendmail("newsroom@localhost", [f"reader{i}@example.org"], message)
    return time.perf_counter() - start


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_workers(env, edition, workers: int, count: int) -> tuple[float, float, list[int]]:
    from masthead.newsletter import delivery
    from masthead.newsletter.models import Delivery

    start = time.perf_counter()
    queued = delivery.start_send(edition)
    queue_seconds = time.perf_counter() - start
    assert queued == count, queued
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "deliver_newsletters", "--idle", "0.1"], cwd=ROOT, env=env
        )
        for _ in range(workers)
    ]
    start = time.perf_counter()
    peaks = [0] * workers
    while Delivery.objects.filter(state="pending").exists():
        time.sleep(0.25)
        peaks = [max(p, peak_kib(proc.pid)) for p, proc in zip(peaks, procs, strict=True)]
    seconds = time.perf_counter() - start
    peaks = [max(p, peak_kib(proc.pid)) for p, proc in zip(peaks, procs, strict=True)]
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(30)
    sent = Delivery.objects.filter(state="sent").count()
    assert sent == count, f"only {sent} of {count} sent"
    return seconds, queue_seconds, peaks


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--database", help="a PostgreSQL URL; default SQLite in bench/.data")
    args = parser.parse_args()
    n = args.subscribers

    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "masthead.newsletter.smtp_sink", str(port), "-"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    try:
        env = setup_django(args.database, port)
        log("fresh database")
        fresh_database(env)
        log(f"{n} confirmed subscribers")
        newsletter = make_audience(n)
        edition = edition_for(newsletter)
        message = sample_message(edition)
        log(f"plain smtplib loop: {n} messages of {len(message)} bytes")
        plain = plain_loop(port, message, n)
        log("one worker")
        one, queue_one, peaks_one = run_workers(env, edition, 1, n)
        make_audience(n)
        log("two workers")
        two, _, peaks_two = run_workers(env, edition_for(newsletter), 2, n)
    finally:
        sink.terminate()
        sink.wait(30)

    from django.db import connection

    rows = [
        ("plain smtplib loop (reference)", n / plain, 1.0, "-"),
        ("masthead, 1 delivery worker", n / one, plain / one, f"{max(peaks_one) / 1024:.0f} MB"),
        (
            "masthead, 2 delivery workers",
            n / two,
            plain / two,
            " / ".join(f"{p / 1024:.0f} MB" for p in peaks_two),
        ),
    ]
    print(f"\nNewsletter delivery: {n:,} messages of {len(message):,} bytes to an aiosmtpd sink on loopback")
    print(f"database: {connection.vendor}; queueing the send: {queue_one:.1f} s; cores: {os.cpu_count()}\n")
    print(f"| {'run':<32} | {'messages/s':>10} | {'ratio to loop':>13} | {'peak memory':>15} |")
    print(f"|{'-' * 34}|{'-' * 12}|{'-' * 15}|{'-' * 17}|")
    for name, rate, ratio, memory in rows:
        print(f"| {name:<32} | {rate:>10,.0f} | {ratio:>13.2f} | {memory:>15} |")


if __name__ == "__main__":
    main()
