"""Search latency at 100,000 articles, on SQLite and on PostgreSQL.

Each database gets the demo content plus a generated archive (`make_corpus`)
and reader search's full index (`reindex_search`), made once and reused. Then the
search page is requested in process through the WSGI application, as a
server calls it (the page cache's front included: a search is never
stored, but what every page shows alike, the navigation and the site, is
kept per store generation as on a live server; then the view, the backend
query, the count, the snippets and the template) for a fixed mix of
queries, and the latencies are reported as p50 and p95.

Reference, in the same run and on the same index: the bare engine query for
the same words (SQLite FTS5 `MATCH … ORDER BY bm25`, PostgreSQL
`@@ … ORDER BY ts_rank`), first ten ids only. The ratio says what the page
adds to the engine's own work.

    bench/search [--articles N] [--databases sqlite,postgres] [--rounds R]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data" / "search"
POSTGRES = "postgres://postgres@127.0.0.1:5432/masthead_bench_search"
TARGET_P95_MS = 50


def log(text):
    print(f"· {text}", file=sys.stderr, flush=True)


def environment(database: str) -> dict:
    name = "sqlite" if database == "sqlite" else "postgres"
    data = DATA / name
    data.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "SECRET_KEY": "bench-secret-key",
        "MASTHEAD_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}" if name == "sqlite" else POSTGRES,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "false",
        "TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend",  # reindex_search does the indexing
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "SEARCHES_PER_IP_MINUTE": "1000000",  # every query comes from one address
    }


def prepare(database: str, articles: int, env: dict) -> None:
    data = Path(env["MASTHEAD_DATA_DIR"])
    marker = data / f"indexed-{articles}.done"

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )

    if marker.exists():
        log(f"{database}: reusing the archive of {articles:,} articles")
        # (An archive from before reader search had an index of its own gets
        # it here: migrating fills an empty one, see discovery/apps.py.)
        manage("migrate", "--no-input", "-v", "0")
        settle(env)
        return
    if database == "sqlite":
        for old in data.glob("db.sqlite3*"):
            old.unlink()
    else:
        import psycopg

        with psycopg.connect(POSTGRES.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS masthead_bench_search")
            conn.execute("CREATE DATABASE masthead_bench_search")
    started = time.monotonic()
    log(f"{database}: making an archive of {articles:,} articles (once)")
    manage("migrate", "--no-input", "-v", "0")
    manage("load_demo_content")
    manage("make_corpus", "--articles", str(articles))
    log(f"{database}: archive made in {time.monotonic() - started:.0f} s; indexing")
    started = time.monotonic()
    manage("reindex_search")
    log(f"{database}: indexed in {time.monotonic() - started:.0f} s")
    settle(env)
    marker.write_text("")


def settle(env: dict) -> None:
    """What a live database has after bulk loading: planner statistics and,
    on SQLite, the write-ahead log folded into the file (a 2 GB log slows
    the start of every read)."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("ANALYZE")
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")


def queries(seed: int = 7) -> list[tuple[str, dict]]:
    """(category, GET parameters): a mix a reader might send."""
    from masthead.articles.models import Region
    from masthead.demo.corpus import RARE, WORDS

    rng = random.Random(seed)
    regions = list(Region.objects.values_list("slug", flat=True))
    mix = []
    for _ in range(20):
        topic, other = rng.sample(WORDS, 2)
        rare = RARE[rng.randint(20, 5000)]
        mix += [
            ("one common word", {"q": topic}),
            ("two common words", {"q": f"{topic} {other}"}),
            ("a rare word", {"q": rare}),
            ("rare and common", {"q": f"{rare} {topic}"}),
            ('"a phrase"', {"q": f'"{topic} {other}"'}),
            ("word + region", {"q": topic, "region": rng.choice(regions)}),
            ("word, newest first", {"q": topic, "order": "newest"}),
        ]
    return mix


def engine_query(words: list[str], phrase: bool):
    """The bare engine query for the same words: ten ids by rank."""
    from django.db import connection

    from masthead.discovery.engine import CONFIG, ENTRY, FTS

    if connection.vendor == "sqlite":
        text = '"' + " ".join(words) + '"' if phrase else " AND ".join(words)
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY bm25({FTS}) LIMIT 10"
        params = [text]
    else:
        function = "phraseto_tsquery" if phrase else "plainto_tsquery"
        vector = "title_vector || body_vector"
        sql = (
            f"SELECT page_id FROM {ENTRY}, {function}('{CONFIG}', %s) q WHERE ({vector}) @@ q "
            f"ORDER BY ts_rank({vector}, q) DESC LIMIT 10"
        )
        params = [" ".join(words)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def measure(database: str, rounds: int) -> dict:
    """Runs in a child process whose settings point at `database`."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()
    from urllib.parse import urlencode

    from masthead.articles.models import ArticlePage
    from masthead.discovery.search import parse
    from masthead.testing import wsgi_request

    def get(params):
        return wsgi_request("/search/", query=urlencode(params), host="127.0.0.1")[0]

    mix = queries()
    for _, params in mix:  # warm the caches and the connection once
        assert get(params) == 200
    page, engine = {}, {}
    for round_number in range(rounds):
        for category, params in mix:
            # The page cache stores searches by their query as typed: each
            # timed one is a render, so each round types it another way.
            asked = {**params, "q": _retyped(params["q"], round_number)}
            started = time.perf_counter()
            status = get(asked)
            page.setdefault(category, []).append(time.perf_counter() - started)
            assert status == 200, status
    # The reference runs after the pages, not between them: each of its
    # queries reads every match's vector, and the page after it would pay
    # for the caches it swept.
    for _ in range(rounds):
        for category, params in mix:
            parsed = parse(params["q"])
            started = time.perf_counter()
            engine_query(parsed.terms(), bool(parsed.phrases))
            engine.setdefault(category, []).append(time.perf_counter() - started)
    return {
        "articles": ArticlePage.objects.live().count(),
        "page": page,
        "engine": engine,
    }


def _retyped(query: str, round_number: int) -> str:
    """The same query (search ignores case), cased differently each round."""
    letters = [i for i, c in enumerate(query) if c.isalpha()]
    chars = list(query)
    for i in letters[: round_number + 1]:
        chars[i] = chars[i].swapcase()
    return "".join(chars)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report(database: str, figures: dict) -> None:
    print(f"\n{database}: {figures['articles']:,} live articles, milliseconds")
    heads = ("page p50", 9), ("page p95", 9), ("engine p50", 11), ("engine p95", 11), ("p95 ratio", 10)
    print(f"{'queries':<22} " + " ".join(f"{h:>{w}}" for h, w in heads))
    rows = [*figures["page"], "all"]
    for category in rows:
        if category == "all":
            page = [v for values in figures["page"].values() for v in values]
            engine = [v for values in figures["engine"].values() for v in values]
        else:
            page, engine = figures["page"][category], figures["engine"][category]
        p95, e95 = percentile(page, 0.95), percentile(engine, 0.95)
        print(
            f"{category:<22} {percentile(page, 0.5):>9.1f} {p95:>9.1f} "
            f"{percentile(engine, 0.5):>11.1f} {e95:>11.1f} {p95 / max(e95, 1e-6):>10.2f}"
        )
    overall = percentile([v for values in figures["page"].values() for v in values], 0.95)
    verdict = "met" if overall <= TARGET_P95_MS else "NOT met"
    print(f"target: page p95 ≤ {TARGET_P95_MS} ms over all queries: {verdict} ({overall:.1f} ms)")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.rounds)))
        return
    for database in args.databases.split(","):
        env = environment(database)
        prepare(database, args.articles, env)
        log(f"{database}: measuring")
        out = subprocess.run(
            [sys.executable, __file__, "--measure", database, "--rounds", str(args.rounds)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        report(database, json.loads(out.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
