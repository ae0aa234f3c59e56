"""Picture files with embedded credits, for the import tests."""

from masthead.photos.tests.test_metadata import jpeg


def jpeg_with_credit(byline: str, agency: str) -> bytes:
    return jpeg(iptc={80: byline, 110: agency, 120: "On deck"})
