"""Signed links in mail: confirmation (expires), preferences and
unsubscribe (do not expire, but die with the subscriber's key)."""

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse

from masthead.core.addresses import absolute

from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


def _value(subscriber: Subscriber) -> str:
    return f"{subscriber.pk}-{subscriber.key}"


def confirm_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT, sep=".").sign(_value(subscriber))


def manage_token(subscriber: Subscriber) -> str:
    return signing.Signer(salt=MANAGE_SALT, sep=".").sign(_value(subscriber))


class BadLink(Exception):
    """A link that is forged, garbled, expired, or for a deleted subscriber."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _subscriber(value: str) -> Subscriber:
    pk, _, key = value.partition("-")
    subscriber = Subscriber.objects.filter(pk=pk if pk.isdigit() else 0, key=key).first()
    if subscriber is None:
        raise BadLink("This link is no longer valid: the address it was sent to is not on our list.")
    return subscriber


def subscriber_from_confirm(token: str) -> Subscriber:
    max_age = settings.NEWSLETTER_CONFIRM_DAYS * 86400
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT, sep=".").unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(
            f"This confirmation link has expired (links last {settings.NEWSLETTER_CONFIRM_DAYS} days). "
            "Sign up again and we will send a new one."
        ) from None
    except signing.BadSignature:
        raise BadLink("This confirmation link is not valid. Check that it was copied in full.") from None
    return _subscriber(value)


def subscriber_from_manage(token: str) -> Subscriber:
    try:
        value = signing.Signer(salt=MANAGE_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        raise BadLink("This link is not valid. Check that it was copied in full.") from None
    return _subscriber(value)


def confirm_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))


def preferences_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:preferences", args=[manage_token(subscriber)]))


def unsubscribe_url(subscriber: Subscriber, newsletter_slug: str = "") -> str:
    url = absolute(reverse("newsletter:unsubscribe", args=[manage_token(subscriber)]))
    return f"{url}?list={newsletter_slug}" if newsletter_slug else url


def manage_urls(subscriber: Subscriber, newsletter_slug: str) -> tuple[str, str]:
    """(unsubscribe, preferences) for one recipient of an edition: one
    signature for both, and no URL resolving per recipient."""
    token = manage_token(subscriber)
    unsubscribe, preferences = _manage_prefixes()
    return f"{unsubscribe}{token}/?list={newsletter_slug}", f"{preferences}{token}/"


@functools.cache
def _manage_prefixes() -> tuple[str, str]:
    def prefix(name):
        return absolute(reverse(name, args=["-"])).removesuffix("-/")

    return prefix("newsletter:unsubscribe"), prefix("newsletter:preferences")
