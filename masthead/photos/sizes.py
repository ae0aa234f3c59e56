"""Every size of a picture that a reader's page, a feed, the content API or
a mail shows, as Wagtail filter specs, by the role the picture plays. Each
page type says which of its pictures plays which role (`picture_sizes`);
publishing it makes those renditions in a task, so a reader's request
never waits for one to be encoded. The templates name the same sizes;
`photos/tests/test_sizes.py` renders every page type and fails when one
asks for a size its picture was not given here."""


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

# By role: an article's lead picture shows on its page, on cards, in link
# previews, feeds, the API and mails; a quick take's in its page and feeds.
LEAD = [*HERO, *CARD, SHARE, ENCLOSURE, API, MAIL]
IN_BODY = BODY
QUICK_TAKE = [*BRIEF, ENCLOSURE]
AUTHOR = [*PORTRAIT, API]
SHARED = [SHARE]  # a picture chosen for link previews only


def by_photo(*roles) -> dict:
    """{photo id: specs} from (photo or None, specs) pairs, a picture that
    plays several roles getting the sizes of each."""
    found: dict = {}
    for photo, specs in roles:
        if photo is not None:
            found.setdefault(photo.pk, []).extend(specs)
    return found
