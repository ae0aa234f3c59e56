"""Signals of the articles floor, for the rooms above it."""

from django.dispatch import Signal

# Sent (with `pages`) when articles never published before go live
# together, written in bulk by an import: Wagtail's `page_published` is
# not sent for each, so the rooms that react to publishing react once.
articles_published = Signal()
