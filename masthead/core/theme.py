"""What an administrator sets of the site's look (MagazineSettings): the
accent colour, checked for contrast, and the font pair; served as
/theme.css, a few custom properties over the site's stylesheet, cached and
purged with the settings like a page (core/views.py)."""

import re

DEFAULT_ACCENT = "#7a1f1f"
MIN_CONTRAST = 4.5  # WCAG AA for text: the accent is the links' colour on white, and white on it
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def accent_problem(colour: str) -> str:
    """Why a colour cannot be the accent, or ""."""
    if not _HEX.match(colour or ""):
        return "Give the colour as # and six hexadecimal digits, e.g. #7a1f1f."
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        return (
            f"Against white this colour has a contrast of {ratio:.1f}:1; links and buttons need "
            f"{MIN_CONTRAST}:1 (WCAG AA) to be read by everyone. Choose a darker shade."
        )
    return ""
