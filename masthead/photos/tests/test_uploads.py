"""Every kind of bad picture file is refused with a message, through the
admin's upload form, the multiple uploader and the importers; nothing is
stored for it. Good files lose their GPS position in every rendition, and
originals, which keep it, are not served to the public."""

import io
import json
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from masthead.photos.files import save_photo
from masthead.photos.models import Photo
from masthead.testing import login

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (59.0, 26.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (24.0, 44.0, 3.0),
}


def picture(fmt="JPEG", size=(64, 48), *, gps=False) -> bytes:
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[ExifTags.Base.Artist] = "Jane Doe"
        exif[ExifTags.Base.Copyright] = "REUTERS"
        exif[ExifTags.IFD.GPSInfo] = GPS
        options["exif"] = exif.tobytes()
    Image.new("RGB", size, "teal").save(out, fmt, **options)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb:
    a few bytes that would inflate to gigabytes)."""

    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
BAD = {
    "not a picture": ("notes.jpg", b"Minutes of the editorial meeting.\n", "Upload a valid image"),
    "a PNG named .jpg": ("renamed.jpg", picture("PNG"), "does not match the file format (png)"),
    "truncated": ("cut.jpg", picture(size=(800, 600))[:1500], "damaged or incomplete"),
    "a decompression bomb": ("bomb.png", png_claiming(40_000, 40_000), "too many pixels"),
    "SVG": ("drawing.svg", SVG, "Not a supported image format"),
    "SVG named .png": ("drawing.png", SVG, "does not match the file format (svg)"),
    "an HTML page named .gif": ("page.gif", b"<html><script>alert(1)</script></html>", "does not match"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD)
def test_a_bad_file_is_refused_through_the_admin_with_a_message(world, client, kind):
    name, data, message = BAD[kind]
    login(client, world, "photo_editor")
    stored = Photo.objects.count()
    response = client.post(
        reverse("wagtailimages:add"), {"title": kind, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Photo.objects.count() == stored


@pytest.mark.django_db
def test_the_multiple_uploader_refuses_a_damaged_file_with_its_message(world, client):
    login(client, world, "photo_editor")
    stored = Photo.objects.count()
    name, data, _ = BAD["truncated"]
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, data)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "damaged or incomplete" in json.dumps(answer)
    assert Photo.objects.count() == stored


@pytest.mark.django_db
def test_an_oversized_file_is_refused(world, client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    login(client, world, "photo_editor")
    data = picture("PNG", size=(200, 200)) + b"\0" * 20_000  # a valid picture, padded
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Big", "file": SimpleUploadedFile("big.png", data)}
    )
    assert "This file is too big" in response.content.decode()
    assert not Photo.objects.filter(title="Big").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["truncated", "a decompression bomb", "SVG named .png"])
def test_save_photo_refuses_what_the_admin_refuses(world, kind):
    name, data, message = BAD[kind]
    stored = Photo.objects.count()
    with pytest.raises(ValidationError) as refused:
        save_photo(data, name, title=kind)
    assert message in " ".join(refused.value.messages)
    assert Photo.objects.count() == stored


@pytest.mark.django_db
def test_replacing_a_picture_with_a_damaged_file_keeps_the_old_one(world, client):
    photo = save_photo(picture(), "harbour.jpg", title="Harbour")
    kept = photo.file_hash
    login(client, world, "photo_editor")
    name, data, _ = BAD["truncated"]
    response = client.post(
        reverse("wagtailimages:edit", args=[photo.pk]),
        {"title": "Harbour", "file": SimpleUploadedFile(name, data)},
    )
    assert "damaged or incomplete" in response.content.decode()
    photo.refresh_from_db()
    assert photo.file.name.endswith("harbour.jpg") and photo.file_hash == kept


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["jpeg", "webp", "png", "avif"])
def test_renditions_carry_the_credit_but_not_the_location(world, fmt):
    photo = save_photo(picture(gps=True), "street.jpg", title="Street")
    with Image.open(photo.file) as original:  # the original keeps it for the picture desk
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    rendition = photo.get_rendition(f"width-40|format-{fmt}")
    with rendition.file.open() as f, Image.open(f) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.IFD.GPSInfo not in exif
        if fmt in ("jpeg", "png"):  # Willow writes no EXIF into WebP or AVIF at all
            assert exif.get(ExifTags.Base.Artist) == "Jane Doe"


@pytest.mark.django_db
def test_originals_are_served_to_staff_only(world, client):
    photo = save_photo(picture(gps=True), "street.jpg", title="Street")
    rendition = photo.get_rendition("width-40")
    assert client.get(rendition.url).status_code == 200
    assert client.get(photo.file.url).status_code == 404
    login(client, world, "photo_editor")
    response = client.get(photo.file.url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, max-age=3600"
    assert client.get("/media/documents/anything.pdf").status_code == 404
