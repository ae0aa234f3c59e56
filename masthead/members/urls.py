from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/sign-in/", views.sign_in, name="sign_in"),
    path("account/sign-in/check-your-mail/", views.check_mail, name="check_mail"),
    path("account/sign-in/link/", views.sign_in_link, name="sign_in_link"),
    path("account/sign-out/", views.sign_out, name="sign_out"),
    path("account/email/", views.change_email, name="change_email"),
    path("account/email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("account/billing/", views.billing, name="billing"),
    path("account/export/", views.export, name="export"),
    path("account/delete/", views.delete, name="delete"),
    path("join/", views.join, name="join"),
    path("join/checkout/", views.join_checkout, name="join_checkout"),
    path("join/thanks/", views.thanks, {"kind": "membership"}, name="join_thanks"),
    path("support/", views.support, name="support"),
    path("support/checkout/", views.support_checkout, name="support_checkout"),
    path("support/thanks/", views.thanks, {"kind": "donation"}, name="support_thanks"),
    path("members/stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
