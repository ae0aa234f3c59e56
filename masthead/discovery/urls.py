from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import feeds, sitemaps, views

app_name = "discovery"
rss, atom = feeds.RssFeed(), feeds.AtomFeed()
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("topics/", views.topic_index, name="topics"),
    path("topics/<slug:slug>/", views.topic_page, name="topic"),
    path("countries/", views.country_index, name="countries"),
    path("countries/<slug:slug>/", views.country_page, name="country"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news-sitemap"),
    re_path(
        r"^sitemap-(?P<section>articles|pages)\.xml$",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path("feeds/rss/", rss, name="rss"),
    path("feeds/atom/", atom, name="atom"),
    path("feeds/quick-takes/rss/", rss, {"scope": "quick-takes"}, name="quick-takes-rss"),
    path("feeds/quick-takes/atom/", atom, {"scope": "quick-takes"}, name="quick-takes-atom"),
    path("feeds/<str:scope>/<slug:slug>/rss/", rss, name="scoped-rss"),
    path("feeds/<str:scope>/<slug:slug>/atom/", atom, name="scoped-atom"),
]
