from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from masthead.articles.models import ArticlePage, AuthorPage

from . import admin_views


@hooks.register("register_admin_urls")
def analytics_urls():
    from django.urls import include

    urls = [
        path("", admin_views.overview, name="overview"),
        path("page/<int:page_id>/", admin_views.piece, name="piece"),
        path("author/<int:page_id>/", admin_views.author, name="author"),
    ]
    return [path("analytics/", include((urls, "analytics")))]


@hooks.register("register_admin_menu_item")
def analytics_menu_item():
    return MenuItem("Readers", reverse("analytics:overview"), icon_name="view", order=240)


@hooks.register("register_page_header_buttons")
def readers_button(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    if isinstance(specific, ArticlePage) and page.live:
        yield Button("Readers", reverse("analytics:piece", args=[page.pk]), icon_name="view", priority=66)
    elif isinstance(specific, AuthorPage) and user.has_perm(admin_views.VIEW):
        yield Button("Readers", reverse("analytics:author", args=[page.pk]), icon_name="view", priority=66)
