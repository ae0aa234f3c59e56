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

import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.search.backends import get_search_backend

WINDOW = 500
PG_RANGES = 3  # id ranges tried on PostgreSQL, the last one everything
TITLE_WEIGHT = 3.0
PHRASE_INDEX = "discovery_search_phrase_body_rum"


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


def _window_sql(query, scope, dated: bool) -> tuple[str, list]:
    """SQL of (entry id, page id, first published) for the live pages the
    scope allows that match `query`, most recently indexed first,
    WINDOW + 1 of them. The date is read only when `dated`: parsing
    hundreds of dates costs more than the rest of the page's Python."""
    entry, fts = _tables()
    allowed, allowed_params = _scope_sql(scope)
    date = "p.first_published_at" if dated else "NULL"
    if connection.vendor == "sqlite":
        # The full-text table drives, in its own rowid order: ordering by
        # the entry table instead makes SQLite re-run the match per row.
        sql = (
            f'SELECT e.id, p.id, {date} FROM "{fts}" '
            f'JOIN "{entry}" e ON e.id = "{fts}".rowid '
            "JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER) "
            f'WHERE "{fts}" MATCH %s AND {allowed} '
            f'ORDER BY "{fts}".rowid DESC LIMIT {WINDOW + 1}'
        )
        return sql, [_fts_match(query.words, query.phrases), *allowed_params]
    tsquery, params = _pg_tsquery(query.words, query.phrases)
    join = "JOIN wagtailcore_page p ON p.id = e.object_id::integer"
    if _exact(query):
        # A phrase is checked in the candidate's vector, which GIN would
        # offer in no useful order, so every candidate of two common words
        # would be read from TOAST. The RUM index on the body (migration
        # discovery/0004) carries the entry id and hands candidates over
        # newest first: the check stops once the window is full. Headlines
        # are short and stored inline; Wagtail's GIN index on them gives
        # the candidates there. Other words of the query may be anywhere.
        phrased, phrase_params = _pg_tsquery([], query.phrases)
        also = f" AND (e.title || e.body) @@ {tsquery}" if query.words else ""
        branch_params = [*phrase_params, *(params if query.words else []), *allowed_params]

        def branch(field, order):
            return (
                f'SELECT e.id, p.id AS page_id, {date} AS published FROM "{entry}" e {join} '
                f"WHERE e.{field} @@ {phrased}{also} AND {allowed} ORDER BY {order} LIMIT {WINDOW + 1}"
            )

        newest_body, title = branch("body", "e.id <=| 2147483647"), branch("title", "e.id + 0 DESC")
        sql = f"SELECT * FROM (({newest_body}) UNION ({title})) w ORDER BY 1 DESC LIMIT {WINDOW + 1}"
        return sql, branch_params * 2
    # `e.id + 0`: ordering by the bare key lets PostgreSQL walk the key
    # index backwards and test every row's vector, reading each from TOAST;
    # this way it intersects the full-text index with the id range.
    sql = (
        f'SELECT e.id, p.id, {date} FROM "{entry}" e {join} '
        f"WHERE (e.title || e.body) @@ {tsquery} AND {allowed} AND e.id > %s "
        f"ORDER BY e.id + 0 DESC LIMIT {WINDOW + 1}"
    )
    return sql, [*params, *allowed_params]


def _exact(query) -> bool:
    """Whether PostgreSQL matches `query` in its positional (RUM) index."""
    return bool(query.phrases) and _pg_phrase_index()


@functools.cache
def _pg_phrase_index() -> bool:
    """Whether the database has the RUM index of migration discovery/0004
    (PostgreSQL's `rum` extension, where it is installed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PHRASE_INDEX])
        return cursor.fetchone()[0]


def _pg_rows(cursor, sql, params, exact: bool) -> list:
    """The window on PostgreSQL, newest index entries first, from an id
    range widened until it holds the window: a common word fills it from
    the newest few thousand entries, so only they are read; a rare one ends
    up searching everything, which the index makes cheap. An `exact` match
    (a phrase through the RUM index) comes newest first and stops at the
    window by itself."""
    if exact:
        cursor.execute(sql, params)
        return cursor.fetchall()
    entry, _ = _tables()
    cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{entry}"')  # before the setting below
    newest = cursor.fetchone()[0]
    # The planner prices a vector match as cheap and walks the key index
    # testing each row's vector, read from TOAST (30 ms for 2,000 rows);
    # with plain index scans off, for this transaction, it intersects the
    # full-text index with the key range instead (5 ms).
    cursor.execute("SET LOCAL enable_indexscan = off")
    span = 4 * WINDOW
    for attempt in range(PG_RANGES):
        floor = 0 if attempt == PG_RANGES - 1 else max(0, newest - span)
        cursor.execute(sql, [*params, floor])
        rows = cursor.fetchall()
        if len(rows) > WINDOW or floor == 0:
            break
        # Wide enough, at the density just seen, to fill the window at once.
        wanted = span * (WINDOW + 1) * 1.5 / max(1, len(rows))
        span = int(min(max(wanted, 4 * span), 64 * span))
    return rows


@dataclass
class Found:
    ids: list[int]  # page ids in the order asked for
    more: bool  # more than WINDOW pages match: only the newest WINDOW are here


def find(query, scope, newest_first=False) -> Found:
    """The WINDOW most recently indexed matches `scope` (a `search.Scope`)
    allows, best or newest first."""
    sql, params = _window_sql(query, scope, dated=newest_first)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            rows = _pg_rows(cursor, sql, params, _exact(query))
    more, rows = len(rows) > WINDOW, rows[:WINDOW]
    if newest_first:
        rows.sort(key=lambda row: (row[2] is not None, row[2], row[1]), reverse=True)
        return Found([row[1] for row in rows], more)
    scores = _scores(query, [row[0] for row in rows])
    rows.sort(key=lambda row: (scores.get(row[0], 0.0), row[0]), reverse=True)
    return Found([row[1] for row in rows], more)


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
