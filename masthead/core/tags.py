"""The tags of a response: what it shows, collected while it renders.

Listing code calls `shown()` for every page whose teaser, byline or link a
response includes and `listed()` for every listing it draws; the page-cache
middleware stores the response under the collected tags. Outside a request
being cached these calls cost one context-variable lookup.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_collector: ContextVar[set | None] = ContextVar("pagecache_tags", default=None)
# The store generation a cacheable render began at; None outside one.
_gen: ContextVar[int | None] = ContextVar("pagecache_gen", default=None)
# What `shared()` computed during this render, when it cannot keep it longer.
_this_render: ContextVar[dict | None] = ContextVar("pagecache_render", default=None)

# Every page shows the masthead, navigation and footer.
SITE_WIDE = ("settings", "list:sections")


@contextmanager
def collecting(gen=None):
    tags = set(SITE_WIDE)
    tokens = (_collector.set(tags), _gen.set(gen), _this_render.set({}))
    try:
        yield tags
    finally:
        _collector.reset(tokens[0])
        _gen.reset(tokens[1])
        _this_render.reset(tokens[2])


_shared: dict = {}


def shared(name: str, compute):
    """`compute()`, kept in this process for every render that begins at the
    same store generation, with the tags it collected.

    For what many pages show alike (navigation, the latest and quick-takes
    rails): every content change purges, and so moves the generation on,
    which makes the next render compute afresh. Kept across renders only
    for a cacheable render, whose generation is known; any other keeps it
    for the rest of its own render.
    """
    gen = _gen.get()
    if gen is None:
        memo = _this_render.get()
        if memo is None:
            return compute()
        if name not in memo:
            memo[name] = compute()
        return memo[name]
    hit = _shared.get(name)
    if hit is not None and hit[0] == gen:
        add(*hit[2])
        return hit[1]
    with captured() as inner:
        value = compute()
    _shared[name] = (gen, value, frozenset(inner))
    return value


@contextmanager
def captured():
    """Collect the tags of what runs inside in a set of its own (yielded),
    which the response's collects too: what keeps a result for other
    renders keeps its tags with it, to add them where it is reused."""
    outer = _collector.get()
    inner = set()
    token = _collector.set(inner)
    try:
        yield inner
    finally:
        _collector.reset(token)
        if outer is not None:
            outer.update(inner)


def forget() -> None:
    """Drop what `shared()` keeps: for a store whose generations start over
    (a test's fresh cache), where an old value could match a new number."""
    _shared.clear()


def add(*tags: str) -> None:
    found = _collector.get()
    if found is not None:
        found.update(tags)


def listed(name: str) -> None:
    add(f"list:{name}")


def shown(*objects) -> None:
    """Tag pages and pictures a response shows: for an article or brief, also
    its authors (the byline) and its picture."""
    found = _collector.get()
    if found is None:
        return
    for obj in objects:
        if obj is None:
            continue
        found.add(f"page:{obj.pk}")
        for image_field in ("hero_image_id", "image_id", "photo_id"):
            image_id = getattr(obj, image_field, None)
            if image_id:
                found.add(f"image:{image_id}")
        author_id = getattr(obj, "author_id", None)
        if author_id:
            found.add(f"page:{author_id}")
        credits = getattr(obj, "credits", None)  # ArticleQuerySet.bylines
        if credits is not None:
            found.update(f"page:{credit.author_id}" for credit in credits)


def shared_dict(name: str, limit: int = 5000) -> dict:
    """A dict shared like `shared()` (this process, this generation), for
    values looked up piecemeal by key. Holds what needs no tags of its own:
    callers tag what they show."""
    found = shared(name, dict)
    if len(found) > limit:
        found.clear()
    return found
