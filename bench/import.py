"""How long a WordPress import of 10,000 posts takes, on SQLite and on
PostgreSQL.

A generated WXR file (paragraphs, two in five with a link or emphasis;
headings, quotes, lists; categories
naming the demo's regions and kinds; country tags; five authors; one post
in ten a draft; 200 featured pictures in a media folder) is imported with
the demo content already in place, then imported again unchanged. Times
are wall-clock seconds inside one process per database (`import_export`'s
own code path, `run_import`); peak memory is that process's largest
resident size.

Reference, in the same process: reading the file alone (`wxr.parse`); the
ratio says what writing the magazine costs over reading the export.

    bench/import [--posts N] [--databases sqlite,postgres]
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data" / "import"
POSTGRES = "postgres://postgres@127.0.0.1:5432/masthead_bench_import"
REGIONS = ["Europe", "Middle East", "Africa", "Asia-Pacific", "Americas", "Global"]
KINDS = ["Analysis", "News", "Opinion", "Reporting", "Interview"]
COUNTRIES = ["Finland", "Poland", "Kenya", "Japan", "Chile", "Türkiye", "Canada", "India"]
WORDS = (
    "harbour corridor treaty ministry border cable grain tariff summit envoy coalition pipeline"
    " election strait reserve drought mandate ceasefire subsidy inquiry"
).split()


def log(text):
    print(f"· {text}", file=sys.stderr, flush=True)


def paragraph(rng) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(40, 90))]
    words[0] = words[0].capitalize()
    # Two paragraphs in five carry markup, as edited text does: a link (to
    # another page of the old site, or elsewhere) or emphasis.
    if rng.random() < 0.4:
        i = rng.randrange(1, len(words) - 1)
        site = rng.choice(["https://old.example.org/2024/01/", "https://elsewhere.example.net/"])
        markup = [f'<a href="{site}{words[i]}/">{words[i]}</a>', f"<em>{words[i]}</em>"]
        words[i] = rng.choice(markup)
    return "<p>" + " ".join(words) + ".</p>"


def body(rng) -> str:
    parts = [paragraph(rng) for _ in range(rng.randint(4, 9))]
    if rng.random() < 0.5:
        parts.insert(2, f"<h2>{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}</h2>")
    if rng.random() < 0.3:
        parts.insert(3, f"<blockquote><p>{rng.choice(WORDS)} first.</p><cite>An official</cite></blockquote>")
    if rng.random() < 0.3:
        parts.append("<ul>" + "".join(f"<li>{rng.choice(WORDS)}</li>" for _ in range(3)) + "</ul>")
    return "\n".join(parts)


def write_export(path: Path, media: Path, posts: int) -> None:
    from masthead.demo.pictures import draw_scene

    rng = random.Random(7)
    media.mkdir(parents=True, exist_ok=True)
    for n in range(200):
        (media / f"picture-{n}.jpg").write_bytes(draw_scene(f"Picture {n}", size=(480, 270)))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">',
        "<channel><title>Bench</title><link>https://old.example.org</link>",
    ]
    for n in range(5):
        out.append(
            f"<wp:author><wp:author_login>writer{n}</wp:author_login>"
            f"<wp:author_display_name>Writer Number {n}</wp:author_display_name></wp:author>"
        )
    for n in range(200):
        out.append(
            f"<item><title>Picture {n}</title><wp:post_id>{n + 1}</wp:post_id>"
            "<wp:post_type>attachment</wp:post_type>"
            f"<wp:attachment_url>https://old.example.org/uploads/picture-{n}.jpg</wp:attachment_url>"
            f"<wp:postmeta><wp:meta_key>photo_credit</wp:meta_key><wp:meta_value>Agency/Photographer {n}"
            "</wp:meta_value></wp:postmeta></item>"
        )
    for n in range(posts):
        post_id = 1000 + n
        day = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00"
        status = "draft" if n % 10 == 9 else "publish"
        thumb = (
            f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{1 + n % 200}"
            "</wp:meta_value></wp:postmeta>"
            if n % 3 == 0
            else ""
        )
        out.append(
            f"<item><title>{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} report {n}</title>"
            f"<link>https://old.example.org/{day[:4]}/{day[5:7]}/post-{n}/</link>"
            f"<dc:creator>writer{n % 5}</dc:creator>"
            f"<content:encoded><![CDATA[{body(rng)}]]></content:encoded>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>{day}</wp:post_date_gmt>"
            f"<wp:post_name>post-{n}</wp:post_name><wp:status>{status}</wp:status>"
            "<wp:post_type>post</wp:post_type>"
            f'<category domain="category">{REGIONS[n % len(REGIONS)]}</category>'
            f'<category domain="category">{KINDS[n % len(KINDS)]}</category>'
            f'<category domain="post_tag">{COUNTRIES[n % len(COUNTRIES)]}</category>'
            f"{thumb}</item>"
        )
    out.append("</channel></rss>")
    path.write_text("\n".join(out))


MEASURE = """
import json, resource, sys, time
from pathlib import Path
import django
django.setup()
from masthead.newsroom.importing import run_import, wxr
data, media = Path(sys.argv[1]).read_bytes(), Path(sys.argv[2])
t = time.monotonic(); export = wxr.parse(data); parse = time.monotonic() - t
t = time.monotonic(); first = run_import("wordpress", data, None, media); full = time.monotonic() - t
t = time.monotonic(); again = run_import("wordpress", data, None, media); rerun = time.monotonic() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives kB
print(json.dumps({"posts": len(export.posts), "parse": parse, "import": full, "rerun": rerun,
                  "created": len(first.created), "unchanged": len(again.unchanged), "peak_mb": peak}))
"""


def environment(database: str) -> dict:
    data = DATA / database
    return {
        **os.environ,
        "SECRET_KEY": "bench-secret-key",
        "MASTHEAD_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}" if database == "sqlite" else POSTGRES,
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "DEMO_MODE": "true",
        "STATIC_MANIFEST": "false",
    }


def fresh(database: str, env: dict) -> None:
    data = DATA / database
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    if database == "postgres":
        admin = POSTGRES.rsplit("/", 1)[0] + "/postgres"
        for sql in ("DROP DATABASE IF EXISTS masthead_bench_import", "CREATE DATABASE masthead_bench_import"):
            subprocess.run(["psql", admin, "-q", "-c", sql], check=True)
    for args in (["migrate", "--no-input", "-v", "0"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    os.environ.setdefault("SECRET_KEY", "bench-secret-key")
    export, media = DATA / f"export-v2-{args.posts}.xml", DATA / "media"
    if not export.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        log(f"writing a WXR file of {args.posts} posts")
        write_export(export, media, args.posts)
    rows = []
    for database in args.databases.split(","):
        env = environment(database)
        log(f"{database}: a fresh database with the demo content")
        fresh(database, env)
        log(f"{database}: importing")
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(export), str(media)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append((database, json.loads(result.stdout.strip().splitlines()[-1])))
    print(
        f"\nWordPress import of {args.posts} posts ({export.stat().st_size / 1e6:.1f} MB WXR, 200 pictures)\n"
    )
    print(
        "| database | posts | read the file (reference) | import | posts/s | ratio | re-run, unchanged "
        "| peak memory |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for database, r in rows:
        print(
            f"| {database} | {r['created']} created | {r['parse']:.1f} s | {r['import']:.1f} s | "
            f"{r['created'] / r['import']:.0f} | {r['import'] / r['parse']:.0f}× | {r['rerun']:.1f} s "
            f"| {r['peak_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
