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


def test_long_teaser_without_sentence_end_splits_at_the_word_limit():
    text = " ".join(f"w{i}" for i in range(80))
    lead, rest = split_teaser(text)
    assert len(lead.split()) == 30
    assert f"{lead} {rest}" == text


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
    mid_sentence = " ".join(["word"] * 60)
    assert lead_only(mid_sentence) == " ".join(["word"] * 30) + "…"
    assert lead_only("Short and whole.") == "Short and whole."
