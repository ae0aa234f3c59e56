"""Serving uploaded media from this process (SERVE_MEDIA), with the cache
lifetimes a CDN or browser should keep: renditions never change under
their name (it carries the source's hash).

Readers only ever see renditions (images/). Original uploads keep all the
metadata their camera or agency wrote, GPS position included, so only
staff signed in to the admin may fetch them; documents go through Wagtail's own view,
which applies collection privacy, never straight from here."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

RENDITION_CACHE = "public, max-age=31536000, immutable"
ORIGINAL_CACHE = "private, max-age=3600"
RENDITIONS = "images/"
ORIGINALS = "original_images/"


def serve_media(request, path):
    if path.startswith(RENDITIONS):
        cache = RENDITION_CACHE
    elif path.startswith(ORIGINALS) and request.user.has_perm("wagtailadmin.access_admin"):
        cache = ORIGINAL_CACHE
    else:
        raise Http404("No such file.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = cache
    return response
