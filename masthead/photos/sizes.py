"""Every size of a picture that a reader's page, a feed, the content API or
a mail shows, as Wagtail filter specs. Renditions are made from this list
when a picture is saved and when a piece showing it is published (tasks),
so a reader's request never waits for one to be encoded. The templates
name the same sizes; `photos/tests/test_sizes.py` renders every page type
and fails when a template asks for a size that is not here."""


def _picture(formats, sizes) -> list[str]:
    """The specs of a `{% picture %}` tag: one rendition per format and size."""
    return [f"format-{fmt}|{size}" for fmt in formats for size in sizes]


# templates/articles/article_page.html, home_page.html (the lead)
HERO = _picture(("avif", "webp", "jpeg"), ("fill-640x360", "fill-960x540", "fill-1440x810"))
# templates/components/teaser_card.html
CARD = _picture(("webp", "jpeg"), ("fill-480x270", "fill-960x540"))
# templates/articles/brief_page.html
BRIEF = _picture(("webp", "jpeg"), ("fill-640x360", "fill-960x540"))
# the body's image block
BODY = _picture(("webp", "jpeg"), ("width-640", "width-960", "width-1280"))
# author portraits: bylines and the author's page
PORTRAIT = ["fill-96x96", "fill-192x192"]
# discovery: structured data and link previews, feed enclosures, the API
SHARE = "fill-1200x675|format-jpeg|jpegquality-80"
ENCLOSURE = "width-1200|format-jpeg|jpegquality-80"
API = "format-jpeg|fill-960x540"
# newsletter editions
MAIL = "fill-1200x675|format-jpeg|jpegquality-75"

EVERY = list(dict.fromkeys([*HERO, *CARD, *BRIEF, *BODY, *PORTRAIT, SHARE, ENCLOSURE, API, MAIL]))
