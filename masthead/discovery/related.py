"""Related stories by content, computed when an article is published and
stored; the article page only reads the stored rail.

An article's text (headline three times, standfirst twice, body once)
becomes a unit TF-IDF vector of its strongest terms, kept as postings
(term → articles). Candidates are the articles sharing those terms, plus
the newest of the same region and the same countries. Each is scored by

    (cosine of the two vectors + region bonus + country bonus) × recency

where recency halves with every RECENCY_HALF_LIFE days between the two
pieces. Editors' exclusions are never picked; their pins come first.

The score is symmetric, so a new article also enters the stored rails of
the articles it scores best against, when it beats their weakest story:
older pieces point to newer ones without recomputing the archive.
Document counts drift slightly between recomputations (a vector keeps the
IDF of its own computation); `manage.py related --all` recomputes
everything.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F

from masthead.articles.listings import related_tag
from masthead.articles.models import ArticleCountry, ArticlePage, ExcludedRelated
from masthead.pagecache import purge

from .models import Fingerprint, Posting, RelatedStory, TermCount

STORED = 8  # more than the rail shows, so an unpublished story drops out without a recompute
TOP_TERMS = 40
NEIGHBOURS = 20  # articles whose rails a new article may enter
NEARBY = 50  # newest same-region and same-country pieces considered even without shared words
TEXT_CANDIDATES = 300
REGION_BONUS = 0.25
FURTHER_REGION_BONUS = 0.12
COUNTRY_BONUS = 0.15
MAX_COUNTRY_BONUS = 0.3
RECENCY_HALF_LIFE = 120  # days
TITLE_REPEAT, DEK_REPEAT = 3, 2

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Words too common in any article to say what it is about.
STOPWORDS = frozenset(
    """
    about above after again against all almost also although always among and another any are
    around because been before being below between both but can cannot could did does doing done
    down during each either enough even ever every few for from further had has have having her
    here hers herself him himself his how however into its itself just least less like made make
    many may might more most much must near neither never new next nor not now off often once
    one only other others our ours out over own per perhaps rather really said same say says
    several she should since some still such than that the their theirs them themselves then
    there these they this those though through thus too under until upon very was way were what
    whatever when where whether which while who whom whose why will with within without would
    yet you your yours year years week weeks day days time times first last two three four five
    people told according mr mrs ms
    """.split()
)


def terms_of(text: str) -> list[str]:
    """Lower-case words of three letters or more, possessives and plurals
    folded, stopwords dropped."""
    out = []
    for word in WORD.findall(text.lower()):
        word = re.sub(r"['’]s?$", "", word)
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        if len(word) >= 3 and word not in STOPWORDS:
            out.append(word[:40])
    return out


def article_text_terms(article: ArticlePage) -> Counter:
    counts = Counter(terms_of(article.body_text()))
    for term in terms_of(article.title):
        counts[term] += TITLE_REPEAT
    for term in terms_of(article.dek):
        counts[term] += DEK_REPEAT
    return counts


def _recount(article_id: int, new_terms: set[str]) -> None:
    """Move the per-term article counts by the difference between this
    article's previous terms and `new_terms`. Rows are created at zero
    first, then incremented, so concurrent recounts never lose one."""
    record = Fingerprint.objects.filter(article_id=article_id).first()
    old_terms = set(record.terms) if record else set()
    added, removed = sorted(new_terms - old_terms), sorted(old_terms - new_terms)
    if added:
        TermCount.objects.bulk_create([TermCount(term=t) for t in added], ignore_conflicts=True)
        for start in range(0, len(added), 500):
            TermCount.objects.filter(term__in=added[start : start + 500]).update(articles=F("articles") + 1)
    for start in range(0, len(removed), 500):
        TermCount.objects.filter(term__in=removed[start : start + 500], articles__gt=0).update(
            articles=F("articles") - 1
        )
    if new_terms:
        Fingerprint.objects.update_or_create(article_id=article_id, defaults={"terms": sorted(new_terms)})
    else:
        Fingerprint.objects.filter(article_id=article_id).delete()


def fingerprint(article: ArticlePage) -> dict[str, float]:
    """Count the article's terms, store its strongest as postings and
    return them: term → weight in a unit vector."""
    counts = article_text_terms(article)
    _recount(article.pk, set(counts))
    documents = max(1, Fingerprint.objects.count())
    known = dict(TermCount.objects.filter(term__in=list(counts)).values_list("term", "articles"))
    raw = {
        term: (1 + math.log(n)) * (math.log((documents + 1) / (known.get(term, 0) + 1)) + 1)
        for term, n in counts.items()
    }
    strongest = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:TOP_TERMS]
    norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
    vector = {term: weight / norm for term, weight in strongest}
    Posting.objects.filter(article_id=article.pk).delete()
    Posting.objects.bulk_create([Posting(article_id=article.pk, term=t, weight=w) for t, w in vector.items()])
    return vector


def forget(article_id: int) -> None:
    """An article that is no longer live stops being a candidate."""
    with transaction.atomic():
        _recount(article_id, set())
        Posting.objects.filter(article_id=article_id).delete()


@dataclass
class Facts:
    """What scoring needs of an article besides its words."""

    pk: int
    region: int
    regions: frozenset
    countries: frozenset
    published: datetime


def _facts(ids) -> dict[int, Facts]:
    ids = list(ids)
    further, countries = {}, {}
    through = ArticlePage.further_regions.through
    for page_id, region_id in through.objects.filter(articlepage_id__in=ids).values_list(
        "articlepage_id", "region_id"
    ):
        further.setdefault(page_id, set()).add(region_id)
    for page_id, tag_id in ArticleCountry.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        countries.setdefault(page_id, set()).add(tag_id)
    rows = ArticlePage.objects.filter(pk__in=ids, listed_at__isnull=False).values_list(
        "pk", "primary_region_id", "listed_at"
    )
    return {
        pk: Facts(
            pk, region, frozenset({region, *further.get(pk, ())}), frozenset(countries.get(pk, ())), listed
        )
        for pk, region, listed in rows
    }


def score(a: Facts, b: Facts, cosine: float) -> float:
    bonus = 0.0
    if a.region == b.region:
        bonus += REGION_BONUS
    elif a.regions & b.regions:
        bonus += FURTHER_REGION_BONUS
    bonus += min(MAX_COUNTRY_BONUS, COUNTRY_BONUS * len(a.countries & b.countries))
    days = abs((a.published - b.published).total_seconds()) / 86400
    recency = 0.5 ** (days / RECENCY_HALF_LIFE)
    return (cosine + bonus) * (0.6 + 0.4 * recency)


def _cosines(article_id: int, vector: dict[str, float]) -> dict[int, float]:
    """Dot products with every article sharing one of the terms: the
    TEXT_CANDIDATES best."""
    sums: dict[int, float] = {}
    rows = Posting.objects.filter(term__in=list(vector)).exclude(article_id=article_id)
    for other, term, weight in rows.values_list("article_id", "term", "weight").iterator(chunk_size=5000):
        sums[other] = sums.get(other, 0.0) + weight * vector[term]
    return dict(sorted(sums.items(), key=lambda item: -item[1])[:TEXT_CANDIDATES])


def _nearby(article: Facts) -> set[int]:
    """The newest pieces of the same region and the same countries."""
    live = ArticlePage.objects.filter(listed_at__isnull=False).exclude(pk=article.pk).order_by("-listed_at")
    found = set(live.filter(primary_region_id=article.region).values_list("pk", flat=True)[:NEARBY])
    if article.countries:
        tagged = ArticleCountry.objects.filter(tag_id__in=article.countries).values("content_object_id")
        found |= set(live.filter(pk__in=tagged).values_list("pk", flat=True)[:NEARBY])
    return found


def compute(article_id: int) -> list[int]:
    """Recompute and store the rail of a live article; offer the article
    to its neighbours' rails. Returns the stored related ids."""
    article = ArticlePage.objects.filter(pk=article_id, listed_at__isnull=False).first()
    if article is None:
        forget(article_id)
        return []
    with transaction.atomic():
        vector = fingerprint(article)
        cosines = _cosines(article.pk, vector)
        me = _facts([article.pk])[article.pk]
        others = _facts(set(cosines) | _nearby(me))
        scored = sorted(
            ((score(me, other, cosines.get(pk, 0.0)), pk) for pk, other in others.items()),
            key=lambda s: (-s[0], -s[1]),
        )
        excluded = set(
            ExcludedRelated.objects.filter(page_id=article.pk).values_list("related_id", flat=True)
        )
        pins = [
            pk
            for pk in article.pinned_related.order_by("sort_order").values_list("related_id", flat=True)
            if pk != article.pk
        ]
        chosen = [(s, pk) for s, pk in scored if pk not in excluded and pk not in pins][:STORED]
        _store(article.pk, pins, chosen)
        _offer(article.pk, scored[:NEIGHBOURS])
    purge.invalidate({related_tag(article.pk)})
    return [*pins, *(pk for _, pk in chosen)]


def _store(article_id: int, pins: list[int], chosen: list[tuple[float, int]]) -> None:
    RelatedStory.objects.filter(article_id=article_id).delete()
    rows = [
        RelatedStory(article_id=article_id, related_id=pk, position=i, pinned=True)
        for i, pk in enumerate(pins)
    ]
    rows += [
        RelatedStory(article_id=article_id, related_id=pk, position=len(pins) + i, score=s)
        for i, (s, pk) in enumerate(chosen)
    ]
    RelatedStory.objects.bulk_create(rows)


def _offer(article_id: int, neighbours: list[tuple[float, int]]) -> None:
    """Put the article into each neighbour's stored rail where it beats the
    weakest computed story there (or the rail has room), unless that
    neighbour's editor excluded it."""
    ids = [pk for _, pk in neighbours]
    rails: dict[int, list[RelatedStory]] = {pk: [] for pk in ids}
    for row in RelatedStory.objects.filter(article_id__in=ids).order_by("article_id", "position"):
        rails[row.article_id].append(row)
    refused = set(
        ExcludedRelated.objects.filter(page_id__in=ids, related_id=article_id).values_list(
            "page_id", flat=True
        )
    )
    changed = []
    for s, pk in neighbours:
        rail = rails[pk]
        if pk in refused or any(row.related_id == article_id for row in rail):
            continue
        pins = [row.related_id for row in rail if row.pinned]
        computed = [(row.score, row.related_id) for row in rail if not row.pinned]
        if len(computed) >= STORED and s <= computed[-1][0]:
            continue
        computed = sorted([*computed, (s, article_id)], key=lambda c: (-c[0], -c[1]))[:STORED]
        _store(pk, pins, computed)
        changed.append(pk)
    if changed:
        purge.invalidate({related_tag(pk) for pk in changed})


def stored_ids(article_id: int) -> list[int]:
    """The stored rail, pins first (empty until the first computation)."""
    rows = RelatedStory.objects.filter(article_id=article_id).order_by("position")
    return list(rows.values_list("related_id", flat=True))


def compute_all(log=None) -> int:
    """Recompute every live article: counts first, then rails, so every
    rail sees the whole archive's counts."""
    ids = list(
        ArticlePage.objects.filter(listed_at__isnull=False).order_by("listed_at").values_list("pk", flat=True)
    )
    with transaction.atomic():
        RelatedStory.objects.filter(pinned=False).delete()
        Posting.objects.all().delete()
        Fingerprint.objects.all().delete()
        TermCount.objects.all().delete()
        for start in range(0, len(ids), 500):
            for article in ArticlePage.objects.filter(pk__in=ids[start : start + 500]):
                counts = article_text_terms(article)
                _recount(article.pk, set(counts))
    for n, pk in enumerate(ids, 1):
        compute(pk)
        if log and n % 1000 == 0:
            log(f"  {n:,} of {len(ids):,} articles")
    return len(ids)
