"""Lighthouse (npm's, driving Debian's Chromium; mobile emulation with its
simulated throttling) on each reader page type of the demo magazine, served
as in production (DEBUG off, hashed static files, granian). One command:
`bench/lighthouse`. Not run in CI: Lighthouse's own timing varies by
machine. The target is 0.95 or more in each of the four categories."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import PYTHON, log, site_env, start_server  # noqa: E402

from masthead.processes import free_port  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "tools" / "node_modules" / ".bin" / "lighthouse"
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "article": "/europe/baltic-cable-cuts-test-europe-keeps-failing/",
    "section": "/europe/",
    "search": "/search/?q=red+sea",
    "author": "/authors/maren-holt/",
    "standard page": "/about/",
    "quick takes": "/quick-takes/",
}
TARGET = 0.95


def audit(url: str, out: Path) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={FLAGS}",
        ],  # fmt: skip
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
    )
    result = json.loads(out.read_text())
    if result.get("runtimeError"):
        raise RuntimeError(f"{url}: {result['runtimeError']}")
    failing = {
        ref["id"]: result["audits"][ref["id"]]["title"]
        for category in result["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] and (result["audits"][ref["id"]].get("score") or 0) < 0.9
    }
    return {"scores": {k: c["score"] for k, c in result["categories"].items()}, "failing": failing}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="masthead-lh-") as folder:
        data = Path(folder)
        env = site_env(data)
        env.pop("REDIS_URL")  # one process, the page cache in its memory, as `make demo` runs
        for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [PYTHON, "manage.py", "load_demo_content"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        port = free_port()
        server = start_server("granian", port, env, workers=1)
        try:
            rows = {}
            for name in args.pages:
                log(f"lighthouse: {name}")
                rows[name] = audit(f"http://127.0.0.1:{port}{PAGES[name]}", data / "lh.json")
        finally:
            server.terminate()
            server.wait()
    print("| page | " + " | ".join(CATEGORIES) + " | audits below 0.9 |")
    print("|---|" + "---|" * (len(CATEGORIES) + 1))
    for name, row in rows.items():
        scores = " | ".join(f"{row['scores'][c]:.2f}" for c in CATEGORIES)
        print(f"| {name} | {scores} | {', '.join(row['failing']) or '—'} |")
    worst = min(score for row in rows.values() for score in row["scores"].values())
    verdict = "met" if worst >= TARGET else "NOT met"
    print(f"\nlowest score {worst:.2f}; target {TARGET} in every category: {verdict}")


if __name__ == "__main__":
    main()
