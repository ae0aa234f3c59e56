"""Absolute addresses for what leaves the site (mails, feeds, structured
data): built from SITE_URL, the address readers use, not the request's host."""

from django.conf import settings


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url
