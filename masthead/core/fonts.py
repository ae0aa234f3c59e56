"""The reader site's font pairs: a text serif and a UI sans, open-licensed,
served from the site itself as WOFF2 (npm's @fontsource packages, pinned in
fonts/package.json). `python -m masthead.core.fonts` (run by scripts/fonts)
copies the files the pairs use into masthead/static/fonts/ and writes their
@font-face rules, subset to the scripts the magazine writes in (SUBSETS).

Each face is `font-display: optional` and the body face is preloaded: the
font is used when it arrives with the page, and otherwise the fallback
stays, so text never jumps once shown."""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "fonts" / "node_modules" / "@fontsource"
OUT = ROOT / "masthead" / "static" / "fonts"
SUBSETS = ("latin", "latin-ext")
SERIF_FALLBACK = 'Georgia, "Times New Roman", serif'
SANS_FALLBACK = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'


@dataclass(frozen=True)
class Family:
    package: str  # the @fontsource package
    name: str  # its CSS family name
    faces: tuple  # (weight, style)


@dataclass(frozen=True)
class Pair:
    label: str
    serif: Family | None
    sans: Family | None

    def stack(self, which: str) -> str:
        family = getattr(self, which)
        fallback = SERIF_FALLBACK if which == "serif" else SANS_FALLBACK
        return f'"{family.name}", {fallback}' if family else fallback

    def preload(self) -> str:
        """The body text's face in the first subset: the one every page needs."""
        return f"fonts/{self.serif.package}-{SUBSETS[0]}-400-normal.woff2" if self.serif else ""


TEXT = ((400, "normal"), (400, "italic"), (700, "normal"), (700, "italic"))
UI = ((400, "normal"), (600, "normal"), (700, "normal"))
PAIRS = {
    "source": Pair(
        "Source Serif 4 and Inter",
        Family("source-serif-4", "Source Serif 4", TEXT),
        Family("inter", "Inter", UI),
    ),
    "literata": Pair(
        "Literata and Source Sans 3",
        Family("literata", "Literata", TEXT),
        Family("source-sans-3", "Source Sans 3", UI),
    ),
    "system": Pair("The reader's own fonts (nothing downloaded)", None, None),
}
DEFAULT = "source"


def families():
    seen = {}
    for pair in PAIRS.values():
        for family in (pair.serif, pair.sans):
            if family:
                seen[family.package] = family
    return seen.values()


def build() -> list[str]:
    """Copy the faces and write fonts.css; returns the files written."""
    OUT.mkdir(parents=True, exist_ok=True)
    rules, written = [], []
    for family in families():
        folder = PACKAGES / family.package
        for weight, style in family.faces:
            css = (folder / f"{weight}{'-italic' if style == 'italic' else ''}.css").read_text()
            for subset in SUBSETS:
                marker = f"/* {family.package}-{subset}-{weight}-{style} */"
                start = css.index(marker)
                end = css.index("}", start) + 1
                rule = css[start:end]
                file = f"{family.package}-{subset}-{weight}-{style}.woff2"
                (OUT / file).write_bytes((folder / "files" / file).read_bytes())
                written.append(file)
                # Only WOFF2, from here; shown when it comes with the page, never swapped in later.
                rule = re.sub(r"src: [^;]+;", f"src: url({file}) format('woff2');", rule)
                rules.append(rule.replace("font-display: swap", "font-display: optional"))
    (OUT / "fonts.css").write_text("\n\n".join(rules) + "\n")
    return written


if __name__ == "__main__":
    files = build()
    print(f"{len(files)} font files and fonts.css in {OUT.relative_to(ROOT)}", file=sys.stderr)
