"""Words a page's search index entry carries for the reader search
filters it can be found by: its regions, its kind, its authors.

A filtered search asks the full-text index for these words with the
reader's, so the index intersects the two itself: "water" in one region
reads the few hundred entries with both, where filtering by joining the
article table read every recent entry with "water" (engine._window_sql).
The join still decides; a word only narrows. Entries get the words when
the page is indexed, on publish, or by `manage.py reindex_search`.

A word is a prefix no English text starts with and the row's key, so a
renamed region or author keeps its word."""

PREFIX = "mhf"


def term(name: str, pk: int) -> str:
    """The word of one filter value: name is "region", "kind" or "author"."""
    return f"{PREFIX}{name}{int(pk)}"


def of_article(article) -> str:
    regions = {article.primary_region_id, *(r.pk for r in article.further_regions.all())}
    authors = [credit.author_id for credit in article.article_authors.all()]
    words = [term("region", pk) for pk in sorted(r for r in regions if r)]
    words += [term("kind", article.kind_id)] if article.kind_id else []
    words += [term("author", pk) for pk in authors if pk]
    return " ".join(words)


def of_brief(brief) -> str:
    return term("author", brief.author_id) if brief.author_id else ""
