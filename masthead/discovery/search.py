"""Reader search over articles, quick takes and authors, on reader
search's own index (engine.py: SQLite FTS5 embedded, PostgreSQL full text
in production).

Whatever a reader types becomes a query the backend cannot choke on: words
and quoted phrases survive, operators and syntax become plain words, and
an over-long query is cut. Snippets and highlights are made here, from the
text listings already keep, for the one page of results shown."""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from masthead.articles import filter_terms
from masthead.articles.models import ArticleAuthor, ArticlePage, AuthorPage, BriefPage
from masthead.articles.teasers import rich_text_to_plain

from . import engine

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


@dataclass
class Scope:
    """What the filters allow: per page type, None for all its pages or a
    queryset of the allowed ones' pks; and a publication window. Liveness
    is left to whoever queries, who joins the page table anyway."""

    types: dict
    start: datetime | None = None
    end: datetime | None = None
    # Words every allowed page's index entry carries (articles.filter_terms):
    # the engine matches them with the reader's, to narrow in the index.
    terms: tuple = ()

    def pages(self):
        """The same as one queryset of live pages (for backends other than
        the database's)."""
        if not self.types:
            return Page.objects.none()
        allowed = Q()
        for model, narrowed in self.types.items():
            allowed |= Q(pk__in=(narrowed if narrowed is not None else model.objects.all()).values("pk"))
        pages = Page.objects.live().filter(allowed).order_by()
        if self.start:
            pages = pages.filter(first_published_at__gte=self.start)
        if self.end:
            pages = pages.filter(first_published_at__lte=self.end)
        return pages


def candidates(filters: Filters) -> Scope:
    """The pages the filters allow. The three types are searched in one
    index, so relevance compares across them."""
    types = {ArticlePage: None, BriefPage: None, AuthorPage: None}
    if filters.type:
        types = {TYPES[filters.type]: None}
    if filters.region is not None or filters.kind is not None:  # only articles have these
        types.pop(BriefPage, None)
        types.pop(AuthorPage, None)
    if filters.author is not None:
        types.pop(AuthorPage, None)
    if ArticlePage in types:
        articles = ArticlePage.objects.order_by()
        if filters.region is not None:
            articles = articles.of_region(filters.region)
        if filters.kind is not None:
            articles = articles.filter(kind=filters.kind)
        if filters.author is not None:
            articles = articles.filter(
                pk__in=ArticleAuthor.objects.filter(author=filters.author).values("page_id")
            )
        if any(f is not None for f in (filters.region, filters.kind, filters.author)):
            types[ArticlePage] = articles
    if BriefPage in types and filters.author is not None:
        types[BriefPage] = BriefPage.objects.order_by().filter(author=filters.author)
    terms = tuple(
        filter_terms.term(name, value.pk)
        for name, value in (("region", filters.region), ("kind", filters.kind), ("author", filters.author))
        if value is not None
    )
    return Scope(
        types,
        _moment(filters.start, time.min) if filters.start else None,
        _moment(filters.end, time.max) if filters.end else None,
        terms,
    )


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
    page that does not exist. The page's `more` says more than
    `engine.WINDOW` pages match and only the newest of them are shown."""
    scope = candidates(filters)
    more, types = False, None
    if not scope.types:
        ids = []
    elif not engine.available():
        ids = _through_wagtail(query, scope.pages(), filters.newest_first)
    else:
        found = engine.find(query, scope, filters.newest_first)
        ids, more, types = found.ids, found.more, found.types
    page_obj = Paginator(ids, PAGE_SIZE).page(page_number)
    page_obj.more = more
    shown = [getattr(item, "pk", item) for item in page_obj.object_list]
    specific = _specific(shown, None if types is None else {types[pk] for pk in shown})
    terms = query.terms()
    results = [
        Result(
            specific[pk],
            _type_of(specific[pk]),
            highlight(specific[pk].title, terms, words=None),
            highlight(_text_of(specific[pk]), terms),
        )
        for pk in shown
        if pk in specific
    ]
    return page_obj, results


def _through_wagtail(query: Query, pages, newest_first: bool):
    """Pages through Wagtail's configured backend, on a database without
    the full text the engine uses (`engine.available()`); sliced lazily."""
    if newest_first:
        return pages.order_by("-first_published_at").search(query.backend_query(), order_by_relevance=False)
    return pages.search(query.backend_query())


# What the results show of each type: its related rows, and not the
# fields it does not show (an article's body is most of its row).
_SHOWN = {
    ArticlePage: (("kind", "primary_region"), ("body", "country_suggestions")),
    BriefPage: (("author",), ()),
    AuthorPage: ((), ("links",)),
}


def _specific(ids, content_types=None) -> dict:
    """The shown pages as their own types: one query per type among
    `content_types` (ids; None for every type), however many results."""
    found = {}
    for model, (joins, unshown) in _SHOWN.items():
        if content_types is None or ContentType.objects.get_for_model(model).pk in content_types:
            pages = model.objects.filter(pk__in=ids).select_related(*joins).defer(*unshown)
            if model is ArticlePage:
                pages = pages.prefetch_related(pages.bylines())
            found.update({p.pk: p for p in pages})
    return found


def _type_of(page) -> str:
    return next(name for name, model in TYPES.items() if isinstance(page, model))


def _text_of(page) -> str:
    if isinstance(page, ArticlePage):
        return f"{page.dek} {page.summary}"
    if isinstance(page, BriefPage):
        return "" if page.is_restricted else rich_text_to_plain(page.body)
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
