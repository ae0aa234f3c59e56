"""WordPress's `/?p=ID` links to imported posts.

They address the site's root, which exists, so Wagtail's redirects (which
answer only what would be a 404) never see them, and the page cache, which
keys the root without unknown parameters, would answer with the home page.
This runs first and answers them from the redirects the import made."""

from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.models import Redirect


class OldPostLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        post_id = request.GET.get("p", "") if request.path == "/" else ""
        if post_id.isdigit():
            redirect = (
                Redirect.objects.filter(old_path=f"/?p={post_id}", redirect_page__live=True)
                .select_related("redirect_page")
                .first()
            )
            if redirect is not None:
                return HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)
