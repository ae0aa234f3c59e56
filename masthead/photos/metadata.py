"""What a picture file says about itself: IPTC (the press standard), XMP
and EXIF, read so that an upload arrives with its caption and credit
filled in. Agencies write IPTC; editing software mirrors it into XMP;
cameras write EXIF. The first that has a field wins."""

from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from PIL import Image, IptcImagePlugin

# IPTC IIM record 2 datasets
IPTC = {"byline": 80, "credit": 110, "source": 115, "caption": 120, "copyright": 116}
# EXIF tags
EXIF = {"byline": 0x013B, "caption": 0x010E, "copyright": 0x8298}
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
XMP = {
    "byline": ("dc", "creator"),
    "credit": ("photoshop", "Credit"),
    "source": ("photoshop", "Source"),
    "caption": ("dc", "description"),
    "copyright": ("dc", "rights"),
}


@dataclass(frozen=True)
class Embedded:
    byline: str = ""
    credit: str = ""
    source: str = ""
    caption: str = ""
    copyright: str = ""

    @property
    def full_credit(self) -> str:
        """As the house writes credits: "AGENCY/Photographer"."""
        agency = self.credit or self.source
        if self.byline and agency and self.byline != agency:
            return f"{agency}/{self.byline}"
        return self.byline or agency or self.copyright


def read(fileobj) -> Embedded:
    """The metadata of an image file; empty for a file that has none or
    that cannot be read (the upload's own checks report that)."""
    try:
        with Image.open(fileobj) as image:
            found = [_iptc(image), _xmp(image), _exif(image)]
    except Exception:  # noqa: BLE001  (metadata is a convenience: never fail an upload on it)
        return Embedded()
    finally:
        fileobj.seek(0)
    return Embedded(**{name: next((f[name] for f in found if f.get(name)), "") for name in XMP})


def _text(value: bytes) -> str:
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("latin-1")
    return " ".join(text.replace("\x00", " ").split())


def _iptc(image) -> dict:
    info = IptcImagePlugin.getiptcinfo(image) or {}
    found = {}
    for name, dataset in IPTC.items():
        value = info.get((2, dataset))
        if value:
            values = value if isinstance(value, list) else [value]
            found[name] = ", ".join(_text(v) for v in values)
    return found


def _xmp(image) -> dict:
    raw = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not raw:
        return {}
    try:
        root = SafeET.fromstring(raw.encode() if isinstance(raw, str) else raw.strip(b"\x00"))
    except Exception:  # noqa: BLE001  (malformed or hostile XML: ignore it)
        return {}
    found = {}
    for name, (prefix, local) in XMP.items():
        tag = f"{{{NS[prefix]}}}{local}"
        for description in root.iter(f"{{{NS['rdf']}}}Description"):
            if description.get(tag):
                found[name] = " ".join(description.get(tag).split())
                break
        else:
            element = root.find(f".//{tag}")
            if element is not None:
                items = [" ".join((li.text or "").split()) for li in element.iter(f"{{{NS['rdf']}}}li")]
                if local == "description" or local == "rights":
                    items = items[:1]  # a language alternative: the first (x-default) one
                text = ", ".join(i for i in items if i) or " ".join((element.text or "").split())
                if text:
                    found[name] = text
    return found


def _exif(image) -> dict:
    exif = image.getexif()
    return {
        name: _text(v.encode() if isinstance(v, str) else v)
        for name, tag in EXIF.items()
        if (v := exif.get(tag))
    }
