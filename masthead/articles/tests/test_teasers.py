import pytest

from masthead.articles.teasers import first_paragraph_text, lead_only, split_teaser


def test_short_teaser_has_nothing_to_expand():
    assert split_teaser("Ten short words are not worth a keep reading link.") == (
        "Ten short words are not worth a keep reading link.",
        "",
    )


def test_long_teaser_splits_at_a_sentence_end_near_the_limit():
    first = " ".join(["word"] * 24) + " end."
    text = first + " " + " ".join(["more"] * 30)
    lead, rest = split_teaser(text)
    assert lead == first
    assert rest == " ".join(["more"] * 30)


def test_the_rest_starts_a_sentence_even_when_the_first_one_is_long():
    # Cut at the word limit, "Keep reading" resumed mid-sentence in a new paragraph.
    first = " ".join(["word"] * 44) + " end."
    lead, rest = split_teaser(first + " The next sentence starts here and goes on for a while longer.")
    assert lead == first and rest.startswith("The next sentence")


def test_a_teaser_without_a_sentence_end_soon_is_shown_whole_unless_very_long():
    text = " ".join(f"w{i}" for i in range(80))
    assert split_teaser(text) == (text, "")
    text = " ".join(f"w{i}" for i in range(120))
    lead, rest = split_teaser(text)
    assert len(lead.split()) == 30 and f"{lead} {rest}" == text


def test_first_paragraph_skips_headings_and_strips_markup():
    class Block:
        def __init__(self, block_type, source):
            self.block_type = block_type
            self.value = type("V", (), {"source": source})()

    body = [Block("heading", "x"), Block("paragraph", "<p>Caf&eacute; <b>politics</b>\n today.</p>")]
    assert first_paragraph_text(body) == "Café politics today."


def test_lead_only_marks_a_cut_mid_sentence_but_not_at_a_sentence_end():
    at_sentence_end = " ".join(["word"] * 29) + " end. " + " ".join(["more"] * 20)
    assert lead_only(at_sentence_end) == " ".join(["word"] * 29) + " end."
    mid_sentence = " ".join(["word"] * 120)
    assert lead_only(mid_sentence) == " ".join(["word"] * 30) + "…"
    assert lead_only("Short and whole.") == "Short and whole."


@pytest.mark.django_db
def test_no_card_ends_its_lead_with_a_sentence_end_and_an_ellipsis(client, world):
    import re

    from masthead.testing import make_article

    summary = "The first sentence of the card is long enough to stand as its lead here. " * 3
    make_article(
        world.europe_section, title="Ellipsis", body=[("paragraph", f"<p>{summary * 2}</p>")], days_ago=0
    )
    html = client.get(world.europe_section.url).content.decode()
    assert "The first sentence of the card" in html
    assert not re.search(r"""[.?!”"]\s*(<[^>]+>\s*)*…""", html)


def test_a_time_shows_only_when_one_was_given():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from masthead.articles.templatetags.magazine import stamp

    here = timezone.get_current_timezone()
    assert stamp(datetime(2026, 3, 4, 0, 0, tzinfo=here)) == "4 March 2026"
    assert stamp(datetime(2026, 3, 4, 9, 5, tzinfo=here)) == "4 March 2026, 09:05"
    # In the site's time zone, not the stored one.
    moment = datetime(2026, 3, 4, 9, 5, tzinfo=ZoneInfo("Pacific/Auckland")).astimezone(here)
    assert stamp(moment) == f"{moment.day} March 2026, {moment:%H:%M}"
