from wagtail.models import PageViewRestriction

from masthead.core import tags


class CacheablePage:
    """Mixin for reader page types: a response their `serve` made may be
    cached. Wagtail answers restricted pages (password, login, groups)
    from a hook before `serve` runs, so those are never marked."""

    def serve(self, request, *args, **kwargs):
        request.pagecache_page = self
        tags.shown(self)
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        """Wagtail's hook asks this before serving (two queries: the
        ancestors, then their restrictions). Most sites have none at all;
        whether any exists is shared by the renders of one store generation
        (a restriction saved or deleted purges: pagecache/receivers.py), and
        only then are the page's own looked up, as Wagtail does."""
        if tags.shared("any-view-restriction", PageViewRestriction.objects.exists):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()
