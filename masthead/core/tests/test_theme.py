"""The look an administrator sets: the accent colour, refused below WCAG
AA contrast with a reason, and the font pair, served from the site."""

import pytest
from django.core.exceptions import ValidationError

from masthead.core import fonts, theme
from masthead.core.models import MagazineSettings
from masthead.testing import wsgi_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "colour, accepted",
    [("#7a1f1f", True), ("#1d4ed8", True), ("#767676", True), ("#ff6600", False), ("#cccccc", False)],
)
def test_an_accent_colour_is_checked_for_contrast(colour, accepted):
    assert (theme.accent_problem(colour) == "") is accepted
    if not accepted:
        assert "Choose a darker shade" in theme.accent_problem(colour)


@pytest.mark.parametrize("bad", ["red", "#12345", "#gggggg", "", "#7a1f1f; }"])
def test_a_colour_that_is_no_colour_is_refused_saying_how_to_write_one(bad):
    settings = MagazineSettings(accent_colour=bad)
    with pytest.raises(ValidationError) as refused:
        settings.clean()
    assert "six hexadecimal digits" in str(refused.value)


def test_the_theme_follows_the_settings_and_is_purged_with_them(
    world, client, django_capture_on_commit_callbacks
):
    css = client.get("/theme.css").content.decode()
    assert "--accent: #7a1f1f" in css and '"Source Serif 4"' in css and '"Inter"' in css
    assert wsgi_request("/theme.css")[1].get("x-cache") in ("miss", "hit")
    chosen = MagazineSettings.load()
    chosen.accent_colour, chosen.font_pair = "#1d4ed8", "literata"
    with django_capture_on_commit_callbacks(execute=True):
        chosen.save()
    status, headers, body = wsgi_request("/theme.css")
    assert b"--accent: #1d4ed8" in body and b'"Literata"' in body and b'"Source Sans 3"' in body


def test_pages_preload_the_body_face_and_link_the_faces_and_theme(world, client):
    page = client.get(world.article.url).content.decode()
    assert 'rel="preload"' in page and "source-serif-4-latin-400-normal" in page and 'as="font"' in page
    assert "fonts/fonts.css" in page and 'href="/theme.css"' in page


def test_every_pair_is_built_into_the_static_files():
    """scripts/fonts has run (the test command runs it): each face of each
    pair is a WOFF2 file beside fonts.css, in the subsets the site uses."""
    css = (fonts.OUT / "fonts.css").read_text()
    for family in fonts.families():
        for weight, style in family.faces:
            for subset in fonts.SUBSETS:
                name = f"{family.package}-{subset}-{weight}-{style}.woff2"
                assert (fonts.OUT / name).read_bytes()[:4] == b"wOF2", name
                assert f"url({name})" in css
    assert "cyrillic" not in css and "font-display: optional" in css and "format('woff')" not in css
