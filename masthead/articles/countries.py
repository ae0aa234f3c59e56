"""Countries: the names an article may use for them (pycountry's names plus
the aliases and demonyms in data/country_aliases.txt), the countries a
text mentions, and the one name each country is tagged with."""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from django.utils.text import slugify

ALIASES = Path(__file__).with_name("data") / "country_aliases.txt"
# Phrases whose words name something else: "Latin American" is not the US.
NOT_A_COUNTRY = re.compile(
    r"\b(?:(?:Latin|South|North|Central) Americans?|Americas|Indian Ocean|New Mexico|New Jersey"
    r"|Georgia, USA|Washington Post)\b"
)


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # as shown and tagged

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Names:
    by_code: dict  # code → Country
    plain: dict  # a name or alias → code
    ambiguous: dict  # an alias that counts only with support → code
    pattern: re.Pattern


@cache
def names() -> Names:
    shown, plain, ambiguous = {}, {}, {}
    for entry in pycountry.countries:
        shown[entry.alpha_2] = getattr(entry, "common_name", None) or entry.name
        for name in (entry.name, getattr(entry, "official_name", None), getattr(entry, "common_name", None)):
            if name and "," not in name:  # "Korea, Republic of" is a catalogue form, not prose
                plain[name] = entry.alpha_2
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, aliases = (part.strip() for part in line.split("|"))
        if name:
            shown[code] = name
            plain[name] = code
        for alias in filter(None, (a.strip() for a in aliases.split(","))):
            if alias.endswith("?"):  # even when pycountry has it as a name
                ambiguous[alias[:-1]] = code
                plain.pop(alias[:-1], None)
            else:
                plain[alias] = code
    every = sorted(
        {*plain, *ambiguous}, key=len, reverse=True
    )  # longest first: "Guinea-Bissau" before "Guinea"
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in every) + r")(?:['’]s)?(?![\w-])")
    return Names({c: Country(c, n) for c, n in shown.items()}, plain, ambiguous, pattern)


def mentioned(text: str) -> list[Country]:
    """The countries `text` names, most mentioned first."""
    known = names()
    text = NOT_A_COUNTRY.sub(" ", text or "")
    sure, unsure = Counter(), Counter()
    for match in known.pattern.finditer(text):
        word = match.group(1)
        if word in known.plain:
            sure[known.plain[word]] += 1
        else:
            unsure[known.ambiguous[word]] += 1
    for code, count in unsure.items():
        if code in sure or count >= 2:
            sure[code] += count
    return [known.by_code[code] for code, _ in sorted(sure.items(), key=lambda item: (-item[1], item[0]))]


def find(name: str) -> Country | None:
    """The country a tag or a typed name means: its shown name, any other
    name or unambiguous alias, or its ISO code; case does not matter."""
    known = names()
    wanted = " ".join((name or "").split()).casefold()
    if not wanted:
        return None
    code = _folded().get(wanted)
    if code is None and len(wanted) == 2 and wanted.upper() in known.by_code:
        code = wanted.upper()
    return known.by_code.get(code) if code else None


@cache
def _folded() -> dict:
    known = names()
    folded = {alias.casefold(): code for alias, code in known.plain.items()}
    folded.update({c.name.casefold(): c.code for c in known.by_code.values()})
    return folded


def of_names(names) -> list[Country]:
    """The countries tagged under `names`, by name; unknown tags left out."""
    return sorted(filter(None, map(find, names)), key=lambda c: c.name)


def by_slug(slug: str) -> Country | None:
    return next((c for c in names().by_code.values() if c.slug == slug), None)
