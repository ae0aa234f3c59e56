from django.urls import path

from . import inbox_views

app_name = "inbox"
urlpatterns = [
    path("", inbox_views.index, name="index"),
    path("<int:pk>/", inbox_views.message, name="message"),
    path("<int:pk>/html/", inbox_views.message_html, name="html"),
]
