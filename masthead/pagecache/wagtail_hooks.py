from wagtail import hooks

from masthead.pagecache import policy, tags


@hooks.register("before_serve_page")
def mark_page(page, request, serve_args, serve_kwargs):
    """Note the live page being served. One the cache may store must not be
    restricted (password, login or group): that answer is per-person."""
    request.pagecache_page = page
    request.pagecache_restricted = policy.KEY_ENV in request.environ and page.get_view_restrictions().exists()
    tags.shown(page)
