from masthead.core import tags


class CacheablePage:
    """Mixin for reader page types: a response their `serve` made may be
    cached. Wagtail answers restricted pages (password, login, groups)
    from a hook before `serve` runs, so those are never marked."""

    def serve(self, request, *args, **kwargs):
        request.pagecache_page = self
        tags.shown(self)
        return super().serve(request, *args, **kwargs)
