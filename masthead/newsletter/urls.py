from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("", views.sign_up, name="sign-up"),
    path("sign-up/", views.sign_up, name="sign-up-post"),
    path("check-your-inbox/", views.check_inbox, name="check-inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:pk>/", views.edition, name="edition"),
    path("c/<str:token>/", views.click, name="click"),
    path("o/<str:token>.gif", views.opened, name="opened"),
]
