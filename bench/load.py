"""The production load test (issue 7): the recipe on loopback
(deploy/loopback.py: PostgreSQL, Redis, app servers behind nginx, a
worker) with the demo content plus 10,000 generated articles, and wrk
driving a mix of reader requests through nginx for 60 s at 128
connections: home, articles, sections, feeds and search. Once the
set-up's tasks have finished, every path of the mix is requested once (the
page cache keeps it; a search until the next publish), then measured. The
reference, in the same run and with the same wrk settings, is nginx
serving the home page's bytes as a file. Prints a table; not run in CI.

    bench/load [--articles 10000] [--duration 60] [--connections 128] [--app-servers 2]
"""

import argparse
import platform
import random
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import start_nginx, wrk  # noqa: E402
from deploy.loopback import Cluster  # noqa: E402
from masthead.processes import free_port  # noqa: E402

SEARCH_WORDS = ["cable", "grid", "port", "election", "drought", "border", "ferry", "sanctions", "talks"]
SCOPED_FEEDS = ["/feeds/rss/", "/feeds/atom/", "/feeds/region/europe/rss/", "/feeds/quick-takes/rss/"]
PATHS = """
from masthead.articles.models import ArticlePage, SectionPage
import random
random.seed(7)
ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
for page in ArticlePage.objects.live().filter(pk__in=random.sample(ids, min(3000, len(ids)))).specific():
    print("article", page.url)
for page in SectionPage.objects.live():
    print("section", page.url)
"""


def mix(cluster) -> list[str]:
    """Request paths in proportions a magazine's logs show (most readers
    arrive on an article from a link): articles 50 %, home 20 %, sections
    15 %, feeds 10 % (readers' feed programs polling), search 5 % (81 pairs
    of common words, each rendered on its first request and then served
    from the page cache until a publish purges it)."""
    rows = [line.split(" ", 1) for line in cluster.manage("shell", "-c", PATHS).splitlines() if " " in line]
    articles = [p for kind, p in rows if kind == "article"]
    sections = [p for kind, p in rows if kind == "section"]
    rng = random.Random(1)
    out = []
    for _ in range(2000):
        r = rng.random()
        if r < 0.50:
            out.append(rng.choice(articles))
        elif r < 0.70:
            out.append("/")
        elif r < 0.85:
            out.append(rng.choice(sections))
        elif r < 0.95:
            out.append(rng.choice(SCOPED_FEEDS))
        else:
            out.append(f"/search/?q={rng.choice(SEARCH_WORDS)}+{rng.choice(SEARCH_WORDS)}")
    return out


def lua_script(paths: list[str], folder: Path) -> Path:
    listed = ",\n".join(f'  "{p}"' for p in paths)
    script = folder / "mix.lua"
    script.write_text(
        f"""local paths = {{
{listed}
}}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n * 7919 + math.random(#paths)) % #paths + 1])
end
"""
    )
    return script


def check_every_path(cluster, paths):
    bad = []
    for path in sorted(set(paths)):
        try:
            with urllib.request.urlopen(cluster.url + path, timeout=30) as response:
                response.read()
        except Exception as error:  # noqa: BLE001
            bad.append(f"{path}: {error}")
    if bad:
        raise SystemExit("paths that do not answer 200:\n" + "\n".join(bad[:20]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=128)
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    cluster = Cluster(
        postgres_url=args.postgres,
        app_servers=args.app_servers,
        workers=1,
        # One machine makes every request here: lift the per-address limit.
        extra_env={"SEARCHES_PER_IP_MINUTE": "100000000", "LOG_LEVEL": "ERROR"},
    )
    work = Path(tempfile.mkdtemp(prefix="masthead-load-"))
    work.chmod(0o755)  # nginx's workers read the reference file as another user
    nginx = None
    try:
        print("starting the cluster and generating the archive ...", flush=True)
        started = time.monotonic()
        cluster.start()
        cluster.manage("make_corpus", "--articles", str(args.articles))
        # The demo's publish tasks (indexing, related stories, picture sizes)
        # purge as they finish: measured while they ran, the mix would start
        # on a cache they had just emptied.
        cluster.wait_for_tasks()
        print(f"  ready in {time.monotonic() - started:.0f} s", flush=True)
        paths = mix(cluster)
        check_every_path(cluster, paths)  # also warms the cache once
        with urllib.request.urlopen(cluster.url + "/", timeout=30) as response:
            home = response.read()
        (work / "www").mkdir()
        (work / "www" / "index.html").write_bytes(home)
        port = free_port()
        nginx = start_nginx(work, port)
        script = lua_script(paths, work)

        results = []
        for name, url, extra in [
            ("nginx, the home page's bytes as a file", f"http://127.0.0.1:{port}/index.html", ()),
            ("masthead, reader mix through nginx", cluster.url, ("-s", str(script))),
        ]:
            results.append((name, wrk(url, args.connections, args.duration, *extra)))
        reference = results[0][1]["rps"]
        print()
        print(
            f"{platform.node()}: {platform.processor() or platform.machine()}, "
            f"{args.app_servers} app servers x 2 processes, {args.articles:,} generated articles, "
            f"wrk -t2 -c{args.connections} -d{args.duration}s"
        )
        print("| target | req/s | p50 ms | p99 ms | errors | vs nginx |")
        print("|---|---|---|---|---|---|")
        for name, r in results:
            print(
                f"| {name} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} "
                f"| {r['rps'] / reference:.3f} |"
            )
    finally:
        if nginx:
            nginx.terminate()
        cluster.stop()


if __name__ == "__main__":
    main()
