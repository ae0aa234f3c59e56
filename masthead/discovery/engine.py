"""The full-text queries behind reader search, written against the index
Wagtail's database backends keep (SQLite FTS5, PostgreSQL tsvector).

Wagtail's own query scores every page with a subquery that runs the match
again per row: fine for the admin's few results, quadratic for a reader
typing a common word into a large archive (2 s at 2,000 articles). Here the
match runs once, and only the WINDOW most recently indexed matches the
filters allow are ordered, by relevance (FTS5 bm25; PostgreSQL ts_rank, the
headline counting three times) or by date. Ranking every match of a word
found in 40,000 articles costs 100 ms on SQLite and 500 ms on PostgreSQL
(bench/search); the window bounds it. When more match, the page says so, and
narrowing the dates or adding a word reaches older ones.

Any other backend (OpenSearch, Elasticsearch) is queried through Wagtail.
"""

from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.search.backends import get_search_backend

from masthead.articles.models import ArticlePage

from . import frequencies

WINDOW = settings.SEARCH_WINDOW
PG_RANGES = 3  # id ranges tried on PostgreSQL, the last one everything
TITLE_WEIGHT = 3.0


def available() -> bool:
    """Whether the configured backend keeps its index in this database."""
    module = type(get_search_backend()).__module__
    return (module.endswith(".sqlite.sqlite") and connection.vendor == "sqlite") or (
        module.endswith(".postgres.postgres") and connection.vendor == "postgresql"
    )


def _tables():
    from modelsearch.conf import get_app_config

    models = get_app_config()
    entry = models.get_model("IndexEntry")._meta.db_table
    fts = models.get_model("SQLiteFTSIndexEntry")._meta.db_table if connection.vendor == "sqlite" else None
    return entry, fts


def _fts_match(words: list[str], phrases: list[str]) -> str:
    """An FTS5 query of quoted strings only: words and phrases reach the
    engine as text, never as syntax (`search.parse` keeps \\w+ only)."""
    parts = [f'"{w}"' for w in words] + [f'"{p}"' for p in phrases]
    return "{title body} : (" + " AND ".join(parts) + ")"


def _pg_tsquery(words: list[str], phrases: list[str]) -> tuple[str, list]:
    parts, params = [], []
    if words:
        parts.append("plainto_tsquery(%s)")
        params.append(" ".join(words))
    for phrase in phrases:
        parts.append("phraseto_tsquery(%s)")
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
    entry, fts = _tables()
    allowed, allowed_params = _scope_sql(scope)
    date = "p.first_published_at" if dated else "NULL"
    if connection.vendor == "sqlite":
        # The full-text table drives, in its own rowid order: ordering by
        # the entry table instead makes SQLite re-run the match per row.
        sql = (
            f'SELECT e.id, p.id, {date}, e.content_type_id FROM "{fts}" '
            f'JOIN "{entry}" e ON e.id = "{fts}".rowid '
            "JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER) "
            f'WHERE "{fts}" MATCH %s AND {allowed} '
            f'ORDER BY "{fts}".rowid DESC LIMIT {WINDOW + 1}'
        )
        return sql, [_fts_match(query.words, query.phrases), *allowed_params]

    # `e.id + 0`: ordering by the bare key lets PostgreSQL walk the key
    # index backwards and test every row's vector, reading each from TOAST;
    # this way it intersects the full-text indexes with the id range.
    def newest(match, params, branch=0):
        if staged:
            picked = (
                f'SELECT e.id, e.object_id, e.content_type_id FROM "{entry}" e '
                f"WHERE {match} AND {_types_sql(scope)} AND e.id > {int(floor)} "
                f"ORDER BY e.id + 0 DESC LIMIT {_candidates()}"
            )
            return (
                f"SELECT e.id, p.id AS page_id, {date} AS published, e.content_type_id, "
                f"coalesce({allowed}, false), {branch} FROM ({picked}) e "
                "LEFT JOIN wagtailcore_page p ON p.id = e.object_id::integer"
            ), [*allowed_params, *params]
        return (
            f'SELECT e.id, p.id AS page_id, {date} AS published, e.content_type_id FROM "{entry}" e '
            "JOIN wagtailcore_page p ON p.id = e.object_id::integer "
            f"WHERE {match} AND {allowed} AND e.id > {int(floor)} "
            f"ORDER BY e.id + 0 DESC LIMIT {WINDOW + 1}"
        ), [*params, *allowed_params]

    tsquery, params = _pg_tsquery(query.words, query.phrases)
    if not any(found for found, _ in pairs or []):
        return newest(f"(e.title || e.body) @@ {tsquery}", params)
    # GIN keeps no word positions: a phrase's candidates would be every
    # entry with its words, each vector read from TOAST to check them side
    # by side. The index of word pairs (migration discovery/0005) finds the
    # bodies with the phrase's pairs; only a phrase the pairs do not spell
    # exactly (three words, or a gap where a stop word was) is checked in
    # the vector, and only in those bodies. Headlines, short and stored
    # inline, are matched through Wagtail's GIN index on the title. Other
    # words of the query may be anywhere.
    body, body_params = [], []
    for phrase, (found, exact) in zip(query.phrases, pairs, strict=True):
        if found:
            body.append("discovery_word_pairs(e.body) @> %s::text[]")
            body_params.append(found)
        if not exact:
            body.append("e.body @@ phraseto_tsquery(%s)")
            body_params.append(phrase)
    phrased, phrase_params = _pg_tsquery([], query.phrases)
    words, word_params = _pg_tsquery(query.words, [])
    also = f" AND (e.title || e.body) @@ {words}" if query.words else ""
    extra = word_params if query.words else []
    in_body, in_body_params = newest(" AND ".join(body) + also, [*body_params, *extra])
    in_title, in_title_params = newest(f"e.title @@ {phrased}{also}", [*phrase_params, *extra], branch=1)
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
        "SELECT discovery_word_pairs(to_tsvector(p)), numnode(phraseto_tsquery(p)) "
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
    entry, _ = _tables()
    # The planner prices a vector match as cheap and walks the key index
    # testing each row's vector, read from TOAST (30 ms for 2,000 rows);
    # with plain index scans off, for this transaction, it intersects the
    # full-text index with the key range instead (5 ms). `set_config` runs
    # after this statement is planned: max(id) still reads the key index.
    cursor.execute(
        "SELECT set_config('enable_indexscan', 'off', true), coalesce(max(id), 0), "
        f'tsvector_to_array(to_tsvector(%s)) FROM "{entry}"',
        [" ".join(query.words + unpaired)],
    )
    _, newest, lexemes = cursor.fetchone()
    found_pairs = [pair for found, _ in pairs for pair in found]
    expected = frequencies.share(cursor, lexemes, found_pairs)
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
    entry, fts = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 re-runs the match for each id of a `rowid IN (…)` list,
            # so score the one range of rowids the window spans instead.
            # bm25 is lower for better matches; its weights follow the
            # columns' order (autocomplete, body, title).
            cursor.execute(
                f'SELECT rowid, -bm25("{fts}", 0.0, 1.0, {TITLE_WEIGHT}) FROM "{fts}" '
                f'WHERE "{fts}" MATCH %s AND rowid >= %s',
                [_fts_match(query.words, query.phrases), min(entries)],
            )
        else:
            tsquery, params = _pg_tsquery(query.words, query.phrases)
            listed = ", ".join(str(int(e)) for e in entries)
            cursor.execute(
                f"SELECT e.id, {TITLE_WEIGHT} * ts_rank(e.title, t.q) + ts_rank(e.body, t.q) "
                f'FROM "{entry}" e, (SELECT {tsquery} AS q) t WHERE e.id IN ({listed})',
                params,
            )
        return dict(cursor.fetchall())
