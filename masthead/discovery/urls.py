from django.urls import path

from . import feeds, views

app_name = "discovery"
rss, atom = feeds.RssFeed(), feeds.AtomFeed()
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("feeds/rss/", rss, name="rss"),
    path("feeds/atom/", atom, name="atom"),
    path("feeds/quick-takes/rss/", rss, {"scope": "quick-takes"}, name="quick-takes-rss"),
    path("feeds/quick-takes/atom/", atom, {"scope": "quick-takes"}, name="quick-takes-atom"),
    path("feeds/<str:scope>/<slug:slug>/rss/", rss, name="scoped-rss"),
    path("feeds/<str:scope>/<slug:slug>/atom/", atom, name="scoped-atom"),
]
