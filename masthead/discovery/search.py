"""Reader search over articles, quick takes and authors, through Wagtail's
search backend (SQLite FTS5 embedded, PostgreSQL full text in production).

Whatever a reader types becomes a query the backend cannot choke on: words
and quoted phrases survive, operators and syntax become plain words, and
an over-long query is cut. Snippets and highlights are made here, from the
text listings already keep, for the one page of results shown."""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from masthead.articles.models import ArticleAuthor, ArticlePage, AuthorPage, BriefPage
from masthead.articles.teasers import rich_text_to_plain

MAX_QUERY = 200  # characters; longer queries are cut at a word
PAGE_SIZE = 10
SNIPPET_WORDS = 36
TYPES = {"articles": ArticlePage, "briefs": BriefPage, "authors": AuthorPage}
WORD = re.compile(r"\w+")
OPERATORS = {"AND", "OR", "NOT", "NEAR"}


@dataclass
class Query:
    """A reader's query made safe: the words and phrases it keeps, and a
    note when something had to change."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    note: str = ""

    def __bool__(self):
        return bool(self.words or self.phrases)

    def terms(self) -> list[str]:
        return self.words + [w for p in self.phrases for w in p.split()]

    def backend_query(self):
        parts = [PlainText(" ".join(self.words), operator="and")] if self.words else []
        parts += [Phrase(p) for p in self.phrases]
        return parts[0] if len(parts) == 1 else And(parts)


def parse(raw: str) -> Query:
    """Words and "quoted phrases"; everything else is dropped. An
    unbalanced quote is read as plain words."""
    raw = " ".join((raw or "").split())
    note = ""
    if len(raw) > MAX_QUERY:
        raw = raw[:MAX_QUERY].rsplit(" ", 1)[0]
        note = f"Your search was long, so we used only its first {MAX_QUERY} characters."
    phrases: list[str] = []
    if raw.count('"') >= 2:
        pieces = raw.split('"')
        if len(pieces) % 2 == 0:  # an odd quote left over: the last one is plain text
            pieces[-2] = pieces[-2] + " " + pieces.pop()
        for i, piece in enumerate(pieces):
            if i % 2 and WORD.search(piece):
                phrases.append(" ".join(WORD.findall(piece)))
        raw = " ".join(pieces[0::2])
    words = [w for w in WORD.findall(raw) if w.upper() not in OPERATORS]
    if any(len(w) > 1 for w in words):  # the "s" of "Europe's", the "t" of "don't"
        words = [w for w in words if len(w) > 1]
    return Query(words=words[:20], phrases=phrases[:5], note=note)


@dataclass
class Filters:
    type: str = ""  # "", or a key of TYPES
    region: object = None
    kind: object = None
    author: object = None
    start: object = None  # a date
    end: object = None
    newest_first: bool = False


def candidates(filters: Filters):
    """The live pages the filters allow, as a Page queryset (the backend
    searches all three types in one index, so relevance compares across them)."""
    chosen = {
        ArticlePage: ArticlePage.objects.live(),
        BriefPage: BriefPage.objects.live(),
        AuthorPage: AuthorPage.objects.live(),
    }
    if filters.type:
        chosen = {TYPES[filters.type]: chosen[TYPES[filters.type]]}
    if filters.region is not None or filters.kind is not None:  # only articles have these
        chosen.pop(BriefPage, None)
        chosen.pop(AuthorPage, None)
    if filters.region is not None and ArticlePage in chosen:
        chosen[ArticlePage] = chosen[ArticlePage].filter(
            Q(primary_region=filters.region) | Q(further_regions=filters.region)
        )
    if filters.kind is not None and ArticlePage in chosen:
        chosen[ArticlePage] = chosen[ArticlePage].filter(kind=filters.kind)
    if filters.author is not None:
        chosen.pop(AuthorPage, None)
        if ArticlePage in chosen:
            credited = ArticleAuthor.objects.filter(author=filters.author).values("page_id")
            chosen[ArticlePage] = chosen[ArticlePage].filter(pk__in=credited)
        if BriefPage in chosen:
            chosen[BriefPage] = chosen[BriefPage].filter(author=filters.author)
    if not chosen:
        return Page.objects.none()
    allowed = Q()
    for queryset in chosen.values():
        allowed |= Q(pk__in=queryset.values("pk"))
    pages = Page.objects.live().filter(allowed)
    if filters.start:
        pages = pages.filter(first_published_at__gte=_moment(filters.start, time.min))
    if filters.end:
        pages = pages.filter(first_published_at__lte=_moment(filters.end, time.max))
    return pages


def _moment(day, at):
    return timezone.make_aware(datetime.combine(day, at))


@dataclass
class Result:
    page: Page  # the specific page
    type: str
    title: SafeString
    snippet: SafeString


def search(query: Query, filters: Filters, page_number) -> tuple[object, list[Result]]:
    """One page of results. Raises django.core.paginator.InvalidPage for a
    page that does not exist."""
    pages = candidates(filters)
    if filters.newest_first:
        found = pages.order_by("-first_published_at").search(query.backend_query(), order_by_relevance=False)
    else:
        found = pages.search(query.backend_query())
    paginator = Paginator(found, PAGE_SIZE)
    page_obj = paginator.page(page_number)
    shown = list(page_obj.object_list)
    specific = _specific([p.pk for p in shown])
    terms = query.terms()
    results = [
        Result(
            specific[p.pk],
            _type_of(specific[p.pk]),
            highlight(specific[p.pk].title, terms, words=None),
            highlight(_text_of(specific[p.pk]), terms),
        )
        for p in shown
        if p.pk in specific
    ]
    return page_obj, results


def _specific(ids) -> dict:
    """The shown pages as their own types, with what the results show of
    them: one query per type however many results."""
    related = {ArticlePage: ("kind", "primary_region"), BriefPage: (), AuthorPage: ()}
    found = {}
    for model, joins in related.items():
        found.update({p.pk: p for p in model.objects.filter(pk__in=ids).select_related(*joins)})
    return found


def _type_of(page) -> str:
    return next(name for name, model in TYPES.items() if isinstance(page, model))


def _text_of(page) -> str:
    if isinstance(page, ArticlePage):
        return f"{page.dek} {page.summary}"
    if isinstance(page, BriefPage):
        return rich_text_to_plain(page.body)
    return rich_text_to_plain(page.bio)


def highlight(text: str, terms: list[str], words: int | None = SNIPPET_WORDS) -> SafeString:
    """About `words` words of `text` around the first term found (all of
    it for None), escaped, with each word that starts with a term in <mark>."""
    tokens = text.split()
    prefixes = tuple(t.lower() for t in terms if t)

    def hit(token):
        return token.lower().strip("“”\"'‘’(").startswith(prefixes) if prefixes else False

    words = words or len(tokens)
    first = next((i for i, token in enumerate(tokens) if hit(token)), 0)
    start = max(0, min(first - words // 3, len(tokens) - words))
    window = tokens[start : start + words]
    out = [f"<mark>{html.escape(t)}</mark>" if hit(t) else html.escape(t) for t in window]
    prefix = "… " if start else ""
    suffix = " …" if start + words < len(tokens) else ""
    return mark_safe(prefix + " ".join(out) + suffix)  # noqa: S308 - every piece escaped above
