"""The mails a subscriber gets one at a time: confirmation and the
"you are already subscribed" reminder. Editions go through delivery.py."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from . import links
from .models import Subscriber

SUBJECTS = {
    "confirm": "Confirm your subscription to {name}",
    "already": "You are already subscribed to {name}",
}


def list_headers(unsubscribe_url: str, list_id: str) -> dict:
    """RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe
    that POSTs to the URL."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<{list_id}>",
    }


def list_domain() -> str:
    return settings.NEWSLETTER_LIST_DOMAIN


def subscriber_mail(subscriber: Subscriber, kind: str, publication: str) -> EmailMultiAlternatives:
    context = {
        "publication": publication,
        "confirm_url": links.confirm_url(subscriber),
        "preferences_url": links.preferences_url(subscriber),
        "unsubscribe_url": links.unsubscribe_url(subscriber),
        "days": settings.NEWSLETTER_CONFIRM_DAYS,
        "newsletters": [s.newsletter.name for s in subscriber.subscriptions.select_related("newsletter")],
    }
    message = EmailMultiAlternatives(
        subject=SUBJECTS[kind].format(name=publication),
        body=render_to_string(f"newsletter/mail/{kind}.txt", context),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[subscriber.email],
        headers=list_headers(context["unsubscribe_url"], f"account.{list_domain()}"),
    )
    message.attach_alternative(render_to_string(f"newsletter/mail/{kind}.html", context), "text/html")
    return message
