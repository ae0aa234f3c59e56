"""Signals of the articles floor, for the rooms above it."""

from django.dispatch import Signal

# Sent (with `pages`) when new articles, live or drafts, were written
# together in bulk by an import: neither `post_save` nor Wagtail's
# `page_published` is sent for each, so the rooms that react to saving and
# publishing react once, for the batch.
articles_written = Signal()
