from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.core.content_policy import csp_report
from masthead.core.media import serve_media
from masthead.core.views import theme_css
from masthead.discovery.api import api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("newsletter/anymail/", include("anymail.urls")),
    path("newsletter/", include("masthead.newsletter.urls")),
    path("csp-report/", csp_report, name="csp_report"),
    path("theme.css", theme_css, name="theme_css"),
    path("api/v1/", api.urls),  # its own namespace, for the schema's links
    path("", include("masthead.members.urls")),
    path("", include("masthead.discovery.urls")),
]

if settings.DEMO_MODE:
    urlpatterns += [path("demo/inbox/", include("masthead.demo.inbox_urls"))]

if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{prefix}(?P<path>.*)$", serve_media),
    ]

urlpatterns += [path("", include(wagtail_urls))]

# Our 500 page, and 503 with Retry-After when the database is out of reach.
handler500 = "masthead.core.errors.server_error"
