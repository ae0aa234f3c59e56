"""Reader search's own index and the full-text queries over it: the one
module that writes SQL for search, all of it on masthead's own tables
(`models.SearchEntry`, and on SQLite the FTS5 table of migration 0006).
Wagtail's index stays the admin's.

Writing: `store` keeps a page's entry as it is now (its headline, and the
rest of the text its `search_fields` name), `rebuild` writes every entry
again. An entry goes with its page (a cascade).

Reading: a match ranked in full is quadratic for a reader typing a common
word into a large archive. Here the match runs once, and only the WINDOW
newest entries the filters allow are ordered, by relevance (FTS5 bm25;
PostgreSQL ts_rank, the headline counting for more) or by date. Ranking
every match of a word found in 40,000 articles costs 100 ms on SQLite and
500 ms on PostgreSQL (bench/search); the window bounds it. When more
match, the page says so, and narrowing the dates or adding a word reaches
older ones.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q, TextField, Value
from django.utils.encoding import force_str
from modelsearch import index
from wagtail.models import Page

from masthead.articles.models import ArticlePage

from .models import SearchEntry

WINDOW = settings.SEARCH_WINDOW
PG_RANGES = 3  # id ranges tried on PostgreSQL, the last one everything
TITLE_WEIGHT = 3.0  # a headline's match against the body's
# PostgreSQL's text search configuration, for the vectors and every query.
CONFIG = "english"
ENTRY = SearchEntry._meta.db_table
FTS = "discovery_search_fts"  # SQLite, migration 0006
PAGE = Page._meta.db_table
# The GIN indexes of migration 0006 whose statistics size the first range.
TEXT_INDEX, PAIRS_INDEX = "discovery_search_text_gin", "discovery_search_pairs_gin"


def available() -> bool:
    """Whether this database has the full-text search the engine uses."""
    return connection.vendor in ("sqlite", "postgresql")


# Writing


def document(page) -> tuple[str, str]:
    """(headline, the rest) of what the page's `search_fields` name, as
    text: the same words Wagtail's index keeps for the admin."""
    title, rest = [], []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField):
            text = _text(field.get_value(page)).strip()
            if text:
                (title if field.field_name == "title" else rest).append(text)
    return " ".join(title), "\n".join(rest)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return force_str(value)


def store(pages) -> None:
    """Write the entries of these specific pages as they are now, in one
    statement (an upsert, which keeps an entry's id). On PostgreSQL the
    text goes in as vectors only, made by the insert itself."""
    pages = sorted(pages, key=lambda page: page.pk)
    if not pages:
        return
    vectors = connection.vendor == "postgresql"
    entries = []
    for page in pages:
        title, body = document(page)
        entry = SearchEntry(page=page, content_type_id=page.content_type_id, title=title, body=body)
        if vectors:
            entry.title, entry.title_vector = "", _vector(title)
            entry.body, entry.body_vector = "", _vector(body)
        entries.append(entry)
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=["content_type", "title", "body", "title_vector", "body_vector"],
    )


def _vector(text: str):
    return SearchVector(Value(text, output_field=TextField()), config=CONFIG)


def rebuild(models, chunk: int = 1000, log=lambda text: None) -> int:
    """Every entry of the pages of `models` written again, in page order,
    and any other entry dropped. An entry is overwritten, never emptied
    first, so readers' searches go on finding pages while it runs.

    On PostgreSQL the secondary indexes are dropped for the load and built
    after, from their own definitions: kept during a load, every chunk is
    merged into the GIN indexes and each body's pairs computed row by row,
    which slowed a 100,000-article load to 1,000 entries every two or three
    minutes. Searches meanwhile work without them, slowly."""
    written = 0
    with connection.cursor() as cursor:
        dropped = _drop_secondary_indexes(cursor)
        try:
            kept = Q()
            for model in models:
                pages = model.get_indexed_objects().order_by("pk")
                total = pages.count()
                for start in range(0, total, chunk):
                    store(pages[start : start + chunk])
                    written += min(chunk, total - start)
                    log(f"{model.__name__}: {written:,}")
                kept |= Q(page_id__in=pages.values("pk"))
            SearchEntry.objects.exclude(kept).delete()
        finally:
            _build_indexes(cursor, dropped, log)
    return written


def secondary_indexes(cursor) -> list[tuple[str, str]]:
    """PostgreSQL: (name, definition) of the entries' indexes that back no
    constraint (the key and the one entry a page need stay), from the
    catalogue, so an index added by a later migration is kept too."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY indexname",
        [ENTRY],
    )
    return cursor.fetchall()


def _drop_secondary_indexes(cursor) -> list[tuple[str, str]]:
    if connection.vendor != "postgresql":
        return []
    found = secondary_indexes(cursor)
    for name, _ in found:
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return found


def _build_indexes(cursor, definitions, log) -> None:
    if connection.vendor != "postgresql":
        return
    # Checks deferred to a commit (inside a caller's transaction) would
    # block building an index: run them now. More memory, a faster build.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for name, definition in definitions:
        log(f"building {name}")
        cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    cursor.execute(f'ANALYZE "{ENTRY}"')  # the statistics `_share` reads


# Reading


def _fts_match(words: list[str], phrases: list[str]) -> str:
    """An FTS5 query of quoted strings only: words and phrases reach the
    engine as text, never as syntax (`search.parse` keeps \\w+ only)."""
    parts = [f'"{w}"' for w in words] + [f'"{p}"' for p in phrases]
    return " AND ".join(parts)


def _pg_tsquery(words: list[str], phrases: list[str]) -> tuple[str, list]:
    parts, params = [], []
    if words:
        parts.append(f"plainto_tsquery('{CONFIG}', %s)")
        params.append(" ".join(words))
    for phrase in phrases:
        parts.append(f"phraseto_tsquery('{CONFIG}', %s)")
        params.append(phrase)
    return "(" + " && ".join(parts) + ")", params


def _types_sql(scope) -> str:
    """The entry `e` is of a page type the scope allows."""
    types = ContentType.objects.get_for_models(*scope.types, for_concrete_models=False)
    # Nearly every entry is an article's: with articles allowed, the type is
    # checked on the rows found, as `+ 0` tells PostgreSQL, which would
    # otherwise build a bitmap of 100,000 entries to intersect with.
    column = "e.content_type_id + 0" if ArticlePage in scope.types else "e.content_type_id"
    return f"{column} IN ({', '.join(str(int(types[model].pk)) for model in scope.types)})"


def _scope_sql(scope) -> tuple[str, list]:
    """Conditions on the entry `e` and its live page `p` for a
    `search.Scope`: each page type, narrowed or not, and the dates."""
    types = ContentType.objects.get_for_models(*scope.types, for_concrete_models=False)
    alternatives, params = [], []
    for model, narrowed in scope.types.items():
        condition = f"e.content_type_id = {int(types[model].pk)}"
        if narrowed is not None:
            sql, narrowed_params = narrowed.values("pk").query.sql_with_params()
            condition += f" AND p.id IN ({sql})"
            params += narrowed_params
        alternatives.append(f"({condition})")
    sql = "p.live AND (" + " OR ".join(alternatives) + ")"
    if scope.start:
        sql += " AND p.first_published_at >= %s"
        params.append(scope.start)
    if scope.end:
        sql += " AND p.first_published_at <= %s"
        params.append(scope.end)
    return sql, params


def _window_sql(query, scope, dated: bool, pairs=None, floor: int = 0, staged=False) -> tuple[str, list]:
    """SQL of (entry id, page id, first published, content type) for the
    live pages the scope allows that match `query`, most recently indexed
    first, WINDOW + 1 of them (on PostgreSQL, of the entries above `floor`).
    The date is read only when `dated`: parsing hundreds of dates costs
    more than the rest of the page's Python. `pairs`: `_phrase_pairs` of
    the query's phrases, on PostgreSQL.

    `staged` (PostgreSQL): the `_candidates()` newest matching entries of the
    allowed types instead, unordered, each with whether the scope allows
    its page and which branch of a phrase's union found it (`_staged_rows`).
    Their pages are read after the newest are picked: joining every match
    first costs a page lookup for each of thousands of them."""
    allowed, allowed_params = _scope_sql(scope)
    date = "p.first_published_at" if dated else "NULL"
    if connection.vendor == "sqlite":
        # The full-text table drives, in its own rowid order: ordering by
        # the entry table instead makes SQLite re-run the match per row.
        sql = (
            f"SELECT e.id, p.id, {date}, e.content_type_id FROM {FTS} "
            f"JOIN {ENTRY} e ON e.id = {FTS}.rowid "
            f"JOIN {PAGE} p ON p.id = e.page_id "
            f"WHERE {FTS} MATCH %s AND {allowed} "
            f"ORDER BY {FTS}.rowid DESC LIMIT {WINDOW + 1}"
        )
        return sql, [_fts_match(query.words, query.phrases), *allowed_params]

    # `e.id + 0`: ordering by the bare key lets PostgreSQL walk the key
    # index backwards and test every row's vector, reading each from TOAST;
    # this way it intersects the full-text indexes with the id range.
    def newest(match, params, branch=0):
        if staged:
            picked = (
                f"SELECT e.id, e.page_id, e.content_type_id FROM {ENTRY} e "
                f"WHERE {match} AND {_types_sql(scope)} AND e.id > {int(floor)} "
                f"ORDER BY e.id + 0 DESC LIMIT {_candidates()}"
            )
            return (
                f"SELECT e.id, p.id AS page_id, {date} AS published, e.content_type_id, "
                f"coalesce({allowed}, false), {branch} FROM ({picked}) e "
                f"LEFT JOIN {PAGE} p ON p.id = e.page_id"
            ), [*allowed_params, *params]
        return (
            f"SELECT e.id, p.id AS page_id, {date} AS published, e.content_type_id FROM {ENTRY} e "
            f"JOIN {PAGE} p ON p.id = e.page_id "
            f"WHERE {match} AND {allowed} AND e.id > {int(floor)} "
            f"ORDER BY e.id + 0 DESC LIMIT {WINDOW + 1}"
        ), [*params, *allowed_params]

    tsquery, params = _pg_tsquery(query.words, query.phrases)
    if not any(found for found, _ in pairs or []):
        return newest(f"(e.title_vector || e.body_vector) @@ {tsquery}", params)
    # GIN keeps no word positions: a phrase's candidates would be every
    # entry with its words, each vector read from TOAST to check them side
    # by side. The index of word pairs (migration discovery/0005) finds the
    # bodies with the phrase's pairs; only a phrase the pairs do not spell
    # exactly (three words, or a gap where a stop word was) is checked in
    # the vector, and only in those bodies. Headlines, short and stored
    # inline, are matched through the GIN index on the headline. Other
    # words of the query may be anywhere.
    body, body_params = [], []
    for phrase, (found, exact) in zip(query.phrases, pairs, strict=True):
        if found:
            body.append("discovery_word_pairs(e.body_vector) @> %s::text[]")
            body_params.append(found)
        if not exact:
            body.append(f"e.body_vector @@ phraseto_tsquery('{CONFIG}', %s)")
            body_params.append(phrase)
    phrased, phrase_params = _pg_tsquery([], query.phrases)
    words, word_params = _pg_tsquery(query.words, [])
    also = f" AND (e.title_vector || e.body_vector) @@ {words}" if query.words else ""
    extra = word_params if query.words else []
    in_body, in_body_params = newest(" AND ".join(body) + also, [*body_params, *extra])
    in_title, in_title_params = newest(
        f"e.title_vector @@ {phrased}{also}", [*phrase_params, *extra], branch=1
    )
    if staged:
        return f"({in_body}) UNION ALL ({in_title})", [*in_body_params, *in_title_params]
    sql = f"SELECT * FROM (({in_body}) UNION ({in_title})) w ORDER BY 1 DESC LIMIT {WINDOW + 1}"
    return sql, [*in_body_params, *in_title_params]


def _candidates() -> int:
    """PostgreSQL: the newest matches read before their pages; the extra
    ones stand in for drafts and unpublished pages, which are indexed too."""
    return WINDOW + 1 + WINDOW // 5


def _staged_rows(found) -> tuple[list, bool]:
    """The window from a staged query's rows (`_window_sql`), and whether
    it may be short of what the range holds: a branch read all the
    candidates it may, and too few of them were allowed to fill the window."""
    per_branch = Counter(row[5] for row in found)
    rows, seen = [], set()
    for row in sorted(found, key=lambda row: row[0], reverse=True):
        if row[4] and row[0] not in seen:
            seen.add(row[0])
            rows.append(row[:4])
    rows = rows[: WINDOW + 1]
    return rows, len(rows) <= WINDOW and _candidates() in per_branch.values()


def _phrase_pairs(cursor, phrases: list[str]) -> list[tuple[list[str], bool]]:
    """For each phrase, the pairs of words side by side in it, as the index
    of migration discovery/0005 keeps them, and whether they spell the
    phrase exactly: two words, no gap (`numnode` 3: two words, one `<->`)."""
    if not phrases:
        return []
    cursor.execute(
        f"SELECT discovery_word_pairs(to_tsvector('{CONFIG}', p)), numnode(phraseto_tsquery('{CONFIG}', p)) "
        "FROM unnest(%s::text[]) WITH ORDINALITY t(p, n) ORDER BY n",
        [phrases],
    )
    return [(found, len(found) == 1 and nodes == 3) for found, nodes in cursor.fetchall()]


def _pg_rows(cursor, query, scope, dated: bool) -> list:
    """The window on PostgreSQL, newest index entries first, from an id
    range widened until it holds the window: a common word fills it from
    the newest few thousand entries, so only they are read; a rare one ends
    up searching everything, which the index makes cheap. The first range
    is as wide as the words' frequencies say the window needs."""
    pairs = _phrase_pairs(cursor, query.phrases)
    unpaired = [phrase for phrase, (found, _) in zip(query.phrases, pairs, strict=True) if not found]
    # The planner prices a vector match as cheap and walks the key index
    # testing each row's vector, read from TOAST (30 ms for 2,000 rows);
    # with plain index scans off, for this transaction, it intersects the
    # full-text index with the key range instead (5 ms). `set_config` runs
    # after this statement is planned: max(id) still reads the key index.
    cursor.execute(
        "SELECT set_config('enable_indexscan', 'off', true), coalesce(max(id), 0), "
        f"tsvector_to_array(to_tsvector('{CONFIG}', %s)) FROM {ENTRY}",
        [" ".join(query.words + unpaired)],
    )
    _, newest, lexemes = cursor.fetchone()
    found_pairs = [pair for found, _ in pairs for pair in found]
    expected = _share(cursor, lexemes, found_pairs)
    span = _first_span(expected, newest)
    # Dates and filters are checked on the pages, best while joining: with
    # index scans off, checked after, a filter's page list is read whole.
    staged = not (scope.start or scope.end) and all(v is None for v in scope.types.values())
    for attempt in range(PG_RANGES):
        floor = 0 if attempt == PG_RANGES - 1 else max(0, newest - span)
        short = True
        if staged:
            cursor.execute(*_window_sql(query, scope, dated, pairs, floor, staged=True))
            rows, short = _staged_rows(cursor.fetchall())
        if short:  # drafts crowd the newest matches
            cursor.execute(*_window_sql(query, scope, dated, pairs, floor))
            rows = cursor.fetchall()
        if len(rows) > WINDOW or floor == 0:
            break
        # Wide enough, at the density just seen, to fill the window at once;
        # a density seen in a few rows only is a guess, so at least 4 times.
        wanted = span * (WINDOW + 1) * 1.5 / max(1, len(rows))
        span = int(min(wanted if len(rows) >= WINDOW // 10 else max(wanted, 4 * span), 64 * span))
    return rows


def _first_span(expected: float | None, newest: int) -> int:
    """Entries the first range takes: twice what the window needs at the
    expected share of matches. All of them when even the whole archive
    would hold only a few windows (a rare word: reading everything once
    costs less than a second query), and 4 windows without statistics."""
    if expected is None:
        return 4 * WINDOW
    if expected * newest <= 8 * WINDOW:
        return newest
    return max(4 * WINDOW, int(2 * (WINDOW + 1) / expected))


# How common a word is: PostgreSQL's planner statistics. `ANALYZE`
# (autovacuum runs it as the index grows) keeps, for the GIN indexes of
# the text and of the word pairs, the thousand most common lexemes and
# pairs with the share of entries holding each; the words of the search
# filters (articles.filter_terms) are lexemes like any other. `_pg_rows`
# sizes its first id range by them: two common words fill the window from
# some 10,000 entries, a rare one needs the whole archive, and a range
# guessed too narrow costs a second query.

REFRESH_SECONDS = 600  # statistics move only when ANALYZE runs

_stats: dict = {"at": -math.inf, "shares": {}, "lowest": {}}


def _load(cursor) -> None:
    cursor.execute(
        "SELECT tablename, most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE tablename = ANY(%s) AND most_common_elems IS NOT NULL",  # one column each
        [[TEXT_INDEX, PAIRS_INDEX]],
    )
    shares, lowest = {}, {}
    for name, elements, frequencies in cursor.fetchall():
        # One frequency per element, then their lowest, their highest and
        # (sometimes) the share of empty values.
        shares.update(zip(elements, frequencies, strict=False))
        lowest[name] = frequencies[len(elements)]
    _stats.update(at=time.monotonic(), shares=shares, lowest=lowest)


def _share(cursor, lexemes: list[str], pairs: list[str]) -> float | None:
    """The estimated share of index entries holding all these lexemes and
    word pairs, taken as independent. A term not among
    the most common counts as the least common kept: at most that, and a
    guess too high costs a second query, one too low reads thousands of
    entries more than the window needs. None without statistics."""
    if time.monotonic() - _stats["at"] > REFRESH_SECONDS:
        _load(cursor)
    shares, lowest = _stats["shares"], _stats["lowest"]
    estimate = 1.0
    for terms, name in ((lexemes, TEXT_INDEX), (pairs, PAIRS_INDEX)):
        if terms and name not in lowest:
            return None
        for term in terms:
            estimate *= shares.get(term, lowest[name])
    return estimate


@dataclass
class Found:
    ids: list[int]  # page ids in the order asked for
    more: bool  # more than WINDOW pages match: only the newest WINDOW are here
    types: dict[int, int]  # page id: its content type id


def find(query, scope, newest_first=False) -> Found:
    """The WINDOW most recently indexed matches `scope` (a `search.Scope`)
    allows, best or newest first."""
    # The filters' words are matched with the reader's, but not ranked.
    matched = replace(query, words=[*query.words, *scope.terms])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(*_window_sql(matched, scope, dated=newest_first))
            rows = cursor.fetchall()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            rows = _pg_rows(cursor, matched, scope, dated=newest_first)
    more, rows = len(rows) > WINDOW, rows[:WINDOW]
    types = {row[1]: row[3] for row in rows}
    if newest_first:
        rows.sort(key=lambda row: (row[2] is not None, row[2], row[1]), reverse=True)
        return Found([row[1] for row in rows], more, types)
    scores = _scores(query, [row[0] for row in rows])
    rows.sort(key=lambda row: (scores.get(row[0], 0.0), row[0]), reverse=True)
    return Found([row[1] for row in rows], more, types)


def _scores(query, entries: list[int]) -> dict[int, float]:
    """Relevance of each index entry, higher is better."""
    if not entries:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 re-runs the match for each id of a `rowid IN (…)` list,
            # so score the one range of rowids the window spans instead.
            # bm25 is lower for better matches; its weights follow the
            # columns' order (title, body).
            cursor.execute(
                f"SELECT rowid, -bm25({FTS}, {TITLE_WEIGHT}, 1.0) FROM {FTS} "
                f"WHERE {FTS} MATCH %s AND rowid >= %s",
                [_fts_match(query.words, query.phrases), min(entries)],
            )
        else:
            tsquery, params = _pg_tsquery(query.words, query.phrases)
            listed = ", ".join(str(int(e)) for e in entries)
            cursor.execute(
                f"SELECT e.id, {TITLE_WEIGHT} * ts_rank(e.title_vector, t.q) + ts_rank(e.body_vector, t.q) "
                f"FROM {ENTRY} e, (SELECT {tsquery} AS q) t WHERE e.id IN ({listed})",
                params,
            )
        return dict(cursor.fetchall())
