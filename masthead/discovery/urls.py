from django.urls import path

from . import views

app_name = "discovery"
urlpatterns = [
    path("search/", views.search_page, name="search"),
]
