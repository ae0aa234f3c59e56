"""The analytics dashboard over a large history: ten million page views
spread over 90 days and 2,000 pages, rolled up, then every number the
dashboard shows, timed.

    bench/analytics --dashboard [--events 10000000] [--database sqlite|postgres]

Target: p95 <= 200 ms for a dashboard answer (7, 30 and 90 days; the whole
site and one region; one piece's page) on SQLite and PostgreSQL."""

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = 2000
DAYS = 90


def _sqlite_fill(cursor, events: int, start: str):
    # Pages skewed as readers are (the product of two uniform draws), a few
    # sources, three device classes, a visitor among a large crowd.
    cursor.execute(
        f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {events - 1})
        INSERT INTO analytics_event (at, page_id, path, source, referrer, device, visitor)
        SELECT datetime('{start}', '+' || (i * {DAYS * 86400} / {events}) || ' seconds'),
               1 + (abs(random()) % {PAGES}) * (abs(random()) % {PAGES}) / {PAGES},
               '/p/',
               CASE abs(random()) % 10 WHEN 0 THEN 'news.example.com' WHEN 1 THEN 'bsky.app'
                    WHEN 2 THEN 'newsletter' ELSE '' END,
               '',
               CASE abs(random()) % 3 WHEN 0 THEN 'mobile' WHEN 1 THEN 'desktop' ELSE 'tablet' END,
               printf('%016x', abs(random()) % 3000000)
        FROM n
        """
    )


def _postgres_fill(cursor, events: int, start: str):
    cursor.execute(
        f"""
        INSERT INTO analytics_event (at, page_id, path, source, referrer, device, visitor)
        SELECT timestamptz '{start}' + (i::bigint * {DAYS * 86400} / {events}) * interval '1 second',
               1 + floor(random() * {PAGES})::int * floor(random() * {PAGES})::int / {PAGES},
               '/p/',
               (ARRAY['news.example.com', 'bsky.app', 'newsletter', '', '', '', '', '', '', ''])
                   [1 + floor(random() * 10)::int],
               '',
               (ARRAY['mobile', 'desktop', 'tablet'])[1 + floor(random() * 3)::int],
               lpad(to_hex(floor(random() * 3000000)::int), 16, '0')
        FROM generate_series(0, {events - 1}) AS i
        """
    )


def main(args):
    data = Path(tempfile.mkdtemp(prefix="masthead-bench-dashboard-"))
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "MASTHEAD_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
    drop = None
    if args.database == "postgres":
        sys.path.insert(0, str(ROOT))
        from deploy.loopback import postgres_database

        env["DATABASE_URL"], drop = postgres_database(
            os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            f"masthead_bench_dashboard_{os.getpid()}",
        )
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from masthead.analytics import dashboard, rollups

    today = timezone.localdate()
    first = today - timedelta(days=DAYS - 1)
    started = time.monotonic()
    print(f"filling {args.events:,} events over {DAYS} days ({args.database})", flush=True)
    with transaction.atomic(), connection.cursor() as cursor:
        fill = _postgres_fill if args.database == "postgres" else _sqlite_fill
        fill(cursor, args.events, f"{first} 00:00:00")
    filled = time.monotonic() - started
    print(f"filled in {filled:.0f} s; rolling up", flush=True)
    started = time.monotonic()
    for n in range(DAYS):
        rollups.roll_up(first + timedelta(days=n))
    rolled = time.monotonic() - started
    print(f"rolled up in {rolled:.0f} s", flush=True)
    if args.database == "postgres":
        # What autovacuum does soon after a bulk load: without statistics the
        # planner reads ten million rows for the last five minutes' visitors.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    cases = {
        "7 days, whole site": lambda: dashboard.overview(7),
        "30 days, whole site": lambda: dashboard.overview(30),
        "90 days, whole site": lambda: dashboard.overview(90),
        "90 days, one page": lambda: dashboard.page_numbers(1, 90),
    }
    timings = {}
    for name, case in cases.items():
        case()  # warm
        times = []
        for _ in range(args.rounds):
            began = time.perf_counter()
            case()
            times.append((time.perf_counter() - began) * 1000)
        timings[name] = times
    if drop:
        drop()
    print(
        f"\nmasthead analytics dashboard: {args.events:,} events, {PAGES:,} pages, {DAYS} days, "
        f"{args.database}\n"
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; fill {filled:.0f} s, roll-up {rolled:.0f} s\n"
    )
    print(f"{'answer':<22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for name, times in timings.items():
        p95 = statistics.quantiles(times, n=20)[18]
        worst = max(worst, p95)
        print(f"{name:<22} {statistics.median(times):>8.1f} {p95:>8.1f} {max(times):>8.1f}")
    print(f"\nworst p95 {worst:.1f} ms (target <= 200 ms)")
