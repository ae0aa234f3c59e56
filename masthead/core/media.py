"""Serving uploaded media from this process (SERVE_MEDIA), with the cache
lifetimes a CDN or browser should keep: renditions never change under
their name (it carries the source's hash), originals may be replaced."""

from django.conf import settings
from django.views.static import serve

RENDITION_CACHE = "public, max-age=31536000, immutable"
ORIGINAL_CACHE = "public, max-age=3600"


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        response["Cache-Control"] = RENDITION_CACHE if path.startswith("images/") else ORIGINAL_CACHE
    return response
