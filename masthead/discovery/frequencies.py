"""How common a word or a pair of words is in the PostgreSQL search index,
from the planner's own statistics: `ANALYZE` (autovacuum runs it as the
index grows) keeps, for the GIN indexes of migrations discovery/0002 and
0005, the thousand most common lexemes and pairs with the share of entries
holding each; the words of the search filters (articles.filter_terms) are
lexemes like any other. The engine sizes its first id range by them (engine._pg_rows):
two common words fill the window from some 10,000 entries, a rare one needs
the whole archive, and a range guessed too narrow costs a second query.
"""

import math
import time

INDEXES = ("discovery_search_text_gin", "discovery_search_pairs_gin")  # migrations 0002, 0005
REFRESH_SECONDS = 600  # statistics move only when ANALYZE runs

_cache: dict = {"at": -math.inf, "shares": {}, "lowest": {}}


def _load(cursor) -> None:
    cursor.execute(
        "SELECT tablename, most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE tablename = ANY(%s) AND most_common_elems IS NOT NULL",  # one column each
        [list(INDEXES)],
    )
    shares, lowest = {}, {}
    for index, elements, frequencies in cursor.fetchall():
        # One frequency per element, then their lowest, their highest and
        # (sometimes) the share of empty values.
        shares.update(zip(elements, frequencies, strict=False))
        lowest[index] = frequencies[len(elements)]
    _cache.update(at=time.monotonic(), shares=shares, lowest=lowest)


def share(cursor, lexemes: list[str], pairs: list[str]) -> float | None:
    """The estimated share of index entries holding all these lexemes and
    word pairs, taken as independent. A term not among
    the most common counts as the least common kept: at most that, and a
    guess too high costs a second query, one too low reads thousands of
    entries more than the window needs. None without statistics."""
    if time.monotonic() - _cache["at"] > REFRESH_SECONDS:
        _load(cursor)
    shares, lowest = _cache["shares"], _cache["lowest"]
    estimate = 1.0
    for terms, index in ((lexemes, INDEXES[0]), (pairs, INDEXES[1])):
        if terms and index not in lowest:
            return None
        for term in terms:
            estimate *= shares.get(term, lowest[index])
    return estimate
