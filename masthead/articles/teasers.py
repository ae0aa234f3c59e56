"""Teaser text: what a listing shows of an article before "Keep reading"."""

import html
import re

from django.utils.html import strip_tags

LEAD_WORDS = 30
SENTENCE_ENDS = (".", "?", "!", "”", '"')


def rich_text_to_plain(source: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(strip_tags(source))).strip()


def first_paragraph_text(body) -> str:
    """The plain text of the body's first paragraph block, or ''."""
    for block in body:
        if block.block_type == "paragraph":
            text = rich_text_to_plain(block.value.source)
            if text:
                return text
    return ""


def split_teaser(text: str, lead_words: int = LEAD_WORDS) -> tuple[str, str]:
    """Split a teaser into the lead always shown and the rest behind the
    expander, at a sentence end, so "Keep reading" starts a sentence: the
    first one after half the lead's words. With no sentence end soon, a
    teaser of a few leads' length is shown whole; only a longer one is cut
    mid-sentence, at the word limit. A short teaser has no rest at all."""
    words = text.split()
    if len(words) <= lead_words + 8:
        return text, ""
    for i in range(lead_words // 2, min(len(words) - 8, 2 * lead_words) + 1):
        if words[i - 1].endswith(SENTENCE_ENDS):
            return " ".join(words[:i]), " ".join(words[i:])
    if len(words) <= 3 * lead_words:
        return text, ""
    return " ".join(words[:lead_words]), " ".join(words[lead_words:])


def ends_sentence(text: str) -> bool:
    return text.endswith(SENTENCE_ENDS)


def lead_only(text: str) -> str:
    """The lead alone, where nothing can expand (a mail): an ellipsis
    marks a cut mid-sentence, never one that ends a sentence."""
    lead, rest = split_teaser(text)
    return lead + "…" if rest and not ends_sentence(lead) else lead
