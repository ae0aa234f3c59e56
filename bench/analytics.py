"""Beacon ingestion through the production server on loopback: sustained
beacons from wrk, then every event counted in the database.

    bench/analytics [--duration 60] [--connections 64] [--database sqlite|postgres]
    bench/analytics --dashboard [--events 10000000] [--database sqlite|postgres]

Target: >= 5,000 events/s written with 0 errors on the 2-core machine.
wrk sends as fast as the server answers, past what the writer threads can
write; what they could not is dropped (analytics/batch.py) and reported."""

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from pages import PYTHON, log, site_env, start_server, wrk  # noqa: E402

from masthead.processes import free_port  # noqa: E402

AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--dashboard", action="store_true", help="time the dashboard over a large history instead"
    )
    parser.add_argument("--events", type=int, default=10_000_000, help="with --dashboard: page views to make")
    parser.add_argument("--rounds", type=int, default=20, help="with --dashboard: timed answers per case")
    args = parser.parse_args()
    if args.dashboard:
        import dashboard

        return dashboard.main(args)

    data = Path(tempfile.mkdtemp(prefix="masthead-bench-analytics-"))
    env = site_env(data)
    env.update(
        STATIC_MANIFEST="false",  # no page is rendered: nothing is collected
        # One address sends every beacon here: the flood limit would drop them.
        ANALYTICS_BEACONS_PER_IP_MINUTE="100000000",
    )
    drop = None
    if args.database == "postgres":
        from deploy.loopback import postgres_database

        env["DATABASE_URL"], drop = postgres_database(
            os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            f"masthead_bench_analytics_{os.getpid()}",
        )
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    beacon = {"p": 3, "u": "/europe/a-piece/", "r": "https://news.example.com/", "q": "?utm_source=bench"}
    body = json.dumps(beacon)
    script = data / "beacon.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(body)}\n"
        'wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"\n'
        f'wrk.headers["User-Agent"] = "{AGENT}"\n'
    )
    port = free_port()
    server = start_server("granian", port, env, args.workers)
    try:
        warm = wrk(f"http://127.0.0.1:{port}/a/", 16, 3, "-s", str(script))  # counted in the database too
        log(f"wrk: beacons, {args.connections} connections, {args.duration} s")
        started = time.monotonic()
        result = wrk(f"http://127.0.0.1:{port}/a/", args.connections, args.duration, "-s", str(script))
        elapsed = time.monotonic() - started
        time.sleep(5)  # the last batches' flush
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    import django

    django.setup()
    from masthead.analytics.models import Event

    written = Event.objects.count()
    if drop:
        drop()
    shutil.rmtree(data, ignore_errors=True)
    print(
        f"\nmasthead beacon ingestion: {args.database}, granian with {args.workers} workers, "
        f"wrk -t2 -c{args.connections} -d{args.duration}s on loopback\n"
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}\n"
    )
    latency = f"p50 {result['p50']:.2f} ms, p99 {result['p99']:.2f} ms"
    print(f"beacons answered: {result['rps']:,.0f}/s ({latency})")
    print(f"errors: {result['errors']}")
    answered = warm["requests"] + result["requests"]
    print(f"events in the database after the run: {written:,} ({written / elapsed:,.0f}/s over the run)")
    print(
        f"beacons answered but not written: {answered - written:,} of {answered:,} "
        f"({100 * (answered - written) / answered:.1f}%: dropped while the writer was a whole batch behind)"
    )
    print("target: >= 5,000 events/s written, 0 errors")
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
