"""Page-serving benchmark: warm pages against nginx serving the same bytes,
a signed-in member against an anonymous reader on the same pages, cold
renders at archive scale, and publish-to-fresh.

    bench/run [--articles 100000] [--duration 10] [--server granian|gunicorn|both]

Everything runs on loopback on this machine, in one run, so the ratios to
nginx compare like with like. The archive is generated once into
bench/.data/ and reused while its size matches.
"""

import argparse
import http.client
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from masthead.processes import free_port, wait_for_port  # noqa: E402

PYTHON = sys.executable


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def site_env(data: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-secret-key-not-for-production",
        MASTHEAD_DATA_DIR=str(data),
        DATABASE_URL=f"sqlite:///{data / 'db.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_MANIFEST="true",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench{os.getpid()}",
        TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(data: Path, articles: int, env: dict) -> None:
    def manage(*args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    marker = data / f"corpus-{articles}.done"
    if marker.exists():
        log(f"archive of {articles:,} articles: reusing {data}")
        manage("migrate", "--no-input", "-v", "0")  # the code may have moved on since
        manage("collectstatic", "--no-input", "-v", "0")
        return
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)

    started = time.monotonic()
    log(f"making an archive of {articles:,} articles in {data} (once)")
    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    manage("load_demo_content")
    manage("make_corpus", "--articles", str(articles))
    marker.write_text("")
    log(f"archive made in {time.monotonic() - started:.0f} s")


def start_server(kind: str, port: int, env: dict, workers: int):
    if kind == "granian":
        args = [
            str(Path(PYTHON).parent / "granian"),
            "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--blocking-threads", "4", "--no-ws", "--log-level", "warning",
            "masthead.wsgi:application",
        ]  # fmt: skip
    else:
        args = [
            PYTHON, "-m", "gunicorn", "masthead.wsgi:application", "-b", f"127.0.0.1:{port}",
            "-w", str(workers), "--log-level", "warning", "--backlog", "2048",
        ]  # fmt: skip
    proc = subprocess.Popen(args, cwd=ROOT, env=env)
    wait_for_port(port, proc, timeout=60)
    return proc


def start_nginx(root: Path, port: int):
    conf = root / "nginx.conf"
    conf.write_text(
        f"""
worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
    }}
}}
"""
    )
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(root), "-g", "daemon off;"])
    wait_for_port(port, proc, timeout=60)
    return proc


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int, duration: int, *extra: str) -> dict:
    """wrk's figures for `url`; `extra` are more wrk options (a Lua script)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if "99" not in latency:
        raise RuntimeError(f"wrk gave no latency distribution for {url}:\n{out}")
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "requests": int(re.search(r"(\d+) requests in", out)[1]),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "errors": socket_errors + (int(non_2xx[1]) if non_2xx else 0),
    }


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def cold_renders(port: int, paths: list[str]) -> dict:
    """Each path requested once, never before: every answer is a render."""
    times, misses = [], 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        started = time.perf_counter()
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        misses += response.getheader("X-Cache") == "miss"
    conn.close()
    if misses != len(paths):
        raise RuntimeError(f"only {misses} of {len(paths)} answers were renders")
    return {"p50": statistics.median(times), "p99": percentile(times, 99), "n": len(times)}


def member_cookies(port: int) -> str:
    """A signed-in member's Cookie header, as their browser holds it: a
    session made as signing in makes one, and the level cookie the site
    issues on their first page."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from masthead.members import accounts

    member = accounts.find_or_create("bench.member@example.org", source="bench")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(member.user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.user.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/account/", headers={"Host": "127.0.0.1", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    conn.close()
    level = re.search(r"masthead_level=([^;]+)", " ".join(response.msg.get_all("Set-Cookie") or []))
    if level is None:
        raise RuntimeError("the site issued no level cookie to the member")
    return f"{cookie}; masthead_level={level.group(1)}"


def publish_to_fresh(ports: list[int], rounds: int = 5) -> dict:
    """Publish a headline change in this process (same database and Redis as
    the servers), then read the article and the home page from every
    server until all show it. Returns the worst round's times, in ms: the
    publish action itself (Wagtail's revision, log, references), and from
    its return until every server answered with the new state."""
    from masthead.articles.models import ArticlePage

    worst = {"publish": 0.0, "fresh": 0.0, "reads": 0}
    for n in range(rounds):
        article = ArticlePage.objects.filter(listed_at__isnull=False).order_by("-listed_at").first()
        for port in ports:  # both pages warm on every server first
            for path in (article.url, "/", "/", article.url):
                get(port, path)
        title = f"Benchmark headline {os.getpid()}-{n}"
        started = time.perf_counter()
        article.title = title
        article.save_revision().publish()
        returned = time.perf_counter()
        pending, reads = {(port, path) for port in ports for path in (article.url, "/")}, 0
        while pending:
            reads += len(pending)
            pending = {(p, path) for p, path in pending if title.encode() not in get(p, path)[2]}
            if time.perf_counter() - returned > 10:
                raise RuntimeError(f"still stale after 10 s: {pending}")
        done = time.perf_counter()
        worst["publish"] = max(worst["publish"], (returned - started) * 1000)
        worst["fresh"] = max(worst["fresh"], (done - returned) * 1000)
        # Reads beyond one per (server, page) were stale answers after the return.
        worst["reads"] = max(worst["reads"], reads - 2 * len(ports))
    return worst


def ghost(script: str, duration: int) -> dict:
    """Ghost 6 in production mode on SQLite, 1,000 posts of about 1,200
    words (a post page of about 26 KB, like our article page), measured by
    its recipe with the same wrk settings at 32 connections."""
    if not Path(script).exists():
        log(f"no Ghost recipe at {script}; the peer is left out")
        return {}
    log("peer: Ghost (the recipe installs it from npm first)")
    env = {**os.environ, "MODES": "production", "DUR": str(duration), "RUNS": "1", "CONNS": "32"}
    out = subprocess.run(["bash", script, "1000"], env=env, capture_output=True, text=True, check=True).stdout
    rows = {}
    names = {"ghost-production post": "article", "ghost-production home /": "home"}
    for line in out.splitlines():
        for label, page in names.items():
            if line.startswith(label + " "):
                rps, p50, p99 = line[len(label) :].split()
                rows[("Ghost 6.65 (peer)", page, 32)] = {
                    "rps": float(rps),
                    "p50": float(p50),
                    "p99": float(p99),
                    "errors": 0,
                }
    return rows


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--server", choices=["granian", "gunicorn", "both"], default="both")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--cold", type=int, default=300, help="cold article renders to time, per server")
    parser.add_argument("--rounds", type=int, default=3, help="alternating member/anonymous rounds")
    parser.add_argument(
        "--peer-ghost",
        metavar="SCRIPT",
        nargs="?",
        const=str(ROOT.parent / "shared" / "peers" / "ghost_bench.sh"),
        help="also run the Ghost peer recipe (about 11 minutes; default: ../shared/peers/ghost_bench.sh)",
    )
    args = parser.parse_args()
    os.environ["PATH"] += ":/usr/sbin"
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install -y wrk nginx-light")

    data = ROOT / "bench" / ".data" / f"articles-{args.articles}"
    env = site_env(data)
    prepare(data, args.articles, env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from masthead.articles.models import ArticlePage, SectionPage

    servers = ["granian", "gunicorn"] if args.server == "both" else [args.server]
    procs, results, ratios = [], {}, {}
    scratch = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    try:
        ports = {kind: free_port() for kind in servers}
        for kind in servers:
            procs.append(start_server(kind, ports[kind], env, args.workers))
        section = SectionPage.objects.live().get(region__slug="europe").url
        article = ArticlePage.objects.filter(listed_at__isnull=False).order_by("-listed_at")[50].url
        status, _, body = get(ports[servers[0]], article)
        if status != 200:
            raise RuntimeError(f"{article}: {status}")
        scratch.chmod(0o755)  # nginx's workers run as another user
        (scratch / "www").mkdir(mode=0o755)
        (scratch / "www" / "article.html").write_bytes(body)
        nginx_port = free_port()
        procs.append(start_nginx(scratch, nginx_port))
        if get(nginx_port, "/article.html")[2] != body:
            raise RuntimeError("nginx does not serve the same bytes")
        log(f"article page: {article} ({len(body):,} bytes)")
        for kind in servers:  # a first run warms each worker's threads and connections; not counted
            wrk(f"http://127.0.0.1:{ports[kind]}{article}", 32, 3)

        for conns in (32, 128):
            log(f"wrk: nginx, {conns} connections")
            results[("nginx, same bytes", "article", conns)] = wrk(
                f"http://127.0.0.1:{nginx_port}/article.html", conns, args.duration
            )
            for kind in servers:
                for name, path in (("article", article), ("home", "/"), ("section", section)):
                    get(ports[kind], path)  # warm
                    log(f"wrk: {kind}, {name}, {conns} connections")
                    results[(f"masthead on {kind}", name, conns)] = wrk(
                        f"http://127.0.0.1:{ports[kind]}{path}", conns, args.duration
                    )

        # A member and an anonymous reader on the same pages, through the
        # page cache: a public article, and one for members (gated for the
        # anonymous reader, whole for the member).
        restricted = ArticlePage.objects.filter(listed_at__isnull=False, access="members").first()
        if restricted is None:
            raise RuntimeError("the archive has no members-only article (load_demo_content makes one)")
        cookie = member_cookies(ports[servers[0]])
        # Rounds alternate the two readers, so that drift in the machine's
        # speed falls on both alike; the ratio is the median of the rounds'.
        for kind in servers:
            for name, path in (("article", article), ("members", restricted.url)):
                runs = {"anonymous": [], "member": []}
                for who, jar in (("anonymous", ""), ("member", cookie)):
                    get(ports[kind], path, jar)  # warm: stores this level's copy
                    status, headers, _ = get(ports[kind], path, jar)
                    if headers.get("x-cache") != "hit":
                        raise RuntimeError(f"{who} on {path}: not answered from the cache ({headers})")
                for n in range(args.rounds):
                    for who, jar in (("anonymous", ""), ("member", cookie)):
                        log(f"wrk: {kind}, {name}, {who}, 128 connections, round {n + 1}")
                        extra = ("-H", f"Cookie: {jar}") if jar else ()
                        runs[who].append(
                            wrk(f"http://127.0.0.1:{ports[kind]}{path}", 128, args.duration, *extra)
                        )
                for who, done in runs.items():
                    results[(f"{who} on {kind}", name, 128)] = sorted(done, key=lambda r: r["rps"])[
                        len(done) // 2
                    ]
                ratios[(kind, name)] = [
                    m["rps"] / a["rps"] for a, m in zip(runs["anonymous"], runs["member"], strict=True)
                ]

        log(f"cold renders: {args.cold} articles never requested before, per server")
        pool = [a.url for a in ArticlePage.objects.filter(listed_at__isnull=False).only("url_path", "path")]
        random.Random(7).shuffle(pool)
        cold = {
            kind: cold_renders(ports[kind], pool[i * args.cold : (i + 1) * args.cold])
            for i, kind in enumerate(servers)
        }
        log("publish to fresh")
        fresh = publish_to_fresh([ports[k] for k in servers])
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(scratch, ignore_errors=True)

    if args.peer_ghost:
        results.update(ghost(args.peer_ghost, args.duration))
    report(args, servers, article, body, results, ratios, cold, fresh)
    sys.exit(1 if any(r["errors"] for r in results.values()) else 0)


def report(args, servers, article, body, results, ratios, cold, fresh) -> None:
    nginx = {c: results[("nginx, same bytes", "article", c)]["rps"] for c in (32, 128)}
    print(
        f"\nmasthead page benchmark: {args.articles:,} articles on SQLite, page store in Redis, "
        f"{args.workers} server workers, wrk -t2 -d{args.duration}s on loopback\n"
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}\n"
        f"article page {article}: {len(body):,} bytes\n"
    )
    header = (
        f"{'target':<20} {'page':<8} {'conns':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'vs nginx':>8}"
    )
    print(header)
    print("-" * len(header))
    for (target, page, conns), r in results.items():
        print(
            f"{target:<20} {page:<8} {conns:>5} {r['rps']:>9,.0f} {r['p50']:>7.2f} {r['p99']:>7.2f} "
            f"{r['errors']:>6} {r['rps'] / nginx[conns]:>8.{2 if r['rps'] / nginx[conns] >= 0.01 else 4}f}"
        )
    print()
    for kind, c in cold.items():
        print(
            f"cold article render, {kind}: p50 {c['p50']:.1f} ms, p99 {c['p99']:.1f} ms "
            f"({c['n']} articles, one connection; target p50 <= 25 ms)"
        )
    print(
        f"publish to fresh, every server, article and home, worst of 5 rounds: the publish action "
        f"{fresh['publish']:.0f} ms, then {fresh['fresh']:.1f} ms until every server had answered "
        f"with the new state; stale answers after the action returned: {fresh['reads']} "
        "(target <= 1000 ms)"
    )
    for (kind, name), each in ratios.items():
        rounds = ", ".join(f"{r:.2f}" for r in each)
        print(
            f"{kind}, {name} article, 128 connections: a member at {sorted(each)[len(each) // 2]:.2f} "
            f"of an anonymous reader's rate, the median of {len(each)} alternating rounds ({rounds}; "
            "target >= 0.9)"
        )
    warm = {k: results[(f"masthead on {k}", "article", 128)]["rps"] for k in servers}
    best = max(warm, key=warm.get)
    print(
        f"warm article, 128 connections: fastest server {best}, "
        f"{warm[best] / nginx[128]:.2f} of nginx's rate (target >= 0.5)"
    )


if __name__ == "__main__":
    main()
