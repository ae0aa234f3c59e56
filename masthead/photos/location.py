"""Renditions carry no location. Willow copies a picture's EXIF block into
every JPEG, PNG and WebP it writes, so that the credit and copyright a
camera or agency put there survive; a phone's or camera's GPS position
would survive with it and tell any reader where a photographer (or a
source) stood. Every rendition starts with Willow's `auto_orient`, so that
one operation is replaced here by one that also drops the GPS directory.

Originals keep their metadata for the picture desk and are not served to
the public (core/media.py)."""

from PIL import ExifTags, Image, ImageOps
from willow.plugins.pillow import PillowImage
from willow.registry import registry

GPS = ExifTags.IFD.GPSInfo


def without_location(exif: bytes) -> bytes:
    """The same EXIF block with no GPS directory."""
    tags = Image.Exif()
    tags.load(exif)
    if GPS not in tags:
        return exif
    del tags[GPS]
    return tags.tobytes()


def auto_orient(image: PillowImage) -> PillowImage:
    oriented = ImageOps.exif_transpose(image.image)  # what Willow's own operation does
    if oriented.info.get("exif"):
        oriented.info["exif"] = without_location(oriented.info["exif"])
    return PillowImage(oriented)


def install() -> None:
    registry.register_operation(PillowImage, "auto_orient", auto_orient)
