"""An upload's caption and credit are prefilled from the file's IPTC, XMP
or EXIF metadata; what the uploader typed wins; broken metadata is ignored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from masthead.photos import metadata
from masthead.photos.files import save_photo
from masthead.photos.models import Photo
from masthead.testing import login

XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="AFP">
   <dc:creator><rdf:Seq><rdf:li>Kofi Mensah</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">Traders at the Makola market, Accra</rdf:li>
    <rdf:li xml:lang="fr">Commerçants au marché Makola</rdf:li>
   </rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>"""


def _app13(fields: dict[int, str]) -> bytes:
    """A Photoshop APP13 segment holding IPTC datasets (record 2), UTF-8."""
    iim = b"\x1c\x01\x5a\x00\x03\x1b\x25\x47"  # 1:90 coded character set = UTF-8
    for dataset, value in fields.items():
        data = value.encode()
        iim += b"\x1c\x02" + bytes([dataset]) + len(data).to_bytes(2, "big") + data
    resource = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00" * (len(iim) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg(*, iptc=None, xmp=None, exif=None) -> bytes:
    out = io.BytesIO()
    options = {}
    if exif:
        tags = Image.Exif()
        tags.update(exif)
        options["exif"] = tags
    if xmp:
        options["xmp"] = xmp.encode()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG", **options)
    data = out.getvalue()
    return data[:2] + _app13(iptc) + data[2:] if iptc else data


def read(data: bytes) -> metadata.Embedded:
    return metadata.read(io.BytesIO(data))


def test_iptc_by_line_credit_and_caption():
    found = read(jpeg(iptc={80: "Jane Doe", 110: "REUTERS", 120: "Fishing boats at Tromsø &amp; beyond"}))
    assert found.full_credit == "REUTERS/Jane Doe"
    assert found.caption == "Fishing boats at Tromsø &amp; beyond"  # kept as written; escaped on output


def test_iptc_source_stands_in_for_a_missing_credit():
    assert read(jpeg(iptc={80: "Jane Doe", 115: "Pool"})).full_credit == "Pool/Jane Doe"
    assert read(jpeg(iptc={110: "Getty Images"})).full_credit == "Getty Images"


def test_xmp_creator_credit_and_default_language_description():
    found = read(jpeg(xmp=XMP))
    assert found.full_credit == "AFP/Kofi Mensah"
    assert found.caption == "Traders at the Makola market, Accra"


def test_exif_artist_and_description_as_a_last_resort():
    found = read(jpeg(exif={0x013B: "Sam Lee", 0x010E: "A harbour at dusk"}))
    assert (found.full_credit, found.caption) == ("Sam Lee", "A harbour at dusk")
    both = read(jpeg(iptc={80: "Jane Doe", 110: "REUTERS"}, exif={0x013B: "Camera Owner"}))
    assert both.full_credit == "REUTERS/Jane Doe"


@pytest.mark.parametrize("xmp", [BOMB, "<x:xmpmeta", "not xml at all"])
def test_broken_or_hostile_xmp_is_ignored(xmp):
    assert read(jpeg(xmp=xmp, exif={0x013B: "Sam Lee"})).full_credit == "Sam Lee"


def test_files_without_metadata_or_not_images_give_nothing():
    assert read(jpeg()) == metadata.Embedded()
    assert read(b"GIF89a broken") == metadata.Embedded()


@pytest.mark.django_db
def test_saving_prefills_only_blank_fields(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = jpeg(iptc={80: "Jane Doe", 110: "REUTERS", 120: "Boats"})
    prefilled = save_photo(data, "boats.jpg", title="Boats")
    assert (prefilled.credit, prefilled.caption) == ("REUTERS/Jane Doe", "Boats")
    typed = save_photo(data, "boats2.jpg", title="Boats", credit="Our own photographer")
    assert (typed.credit, typed.caption) == ("Our own photographer", "Boats")


@pytest.mark.django_db
def test_upload_through_the_admin_arrives_with_caption_and_credit(world, client):
    login(client, world, "photo_editor")
    upload = SimpleUploadedFile(
        "market.jpg", jpeg(xmp=XMP, iptc={116: "© AFP 2026"}), content_type="image/jpeg"
    )
    response = client.post(reverse("wagtailimages:add"), {"title": "Makola market", "file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    photo = Photo.objects.get(title="Makola market")
    assert (photo.credit, photo.caption) == ("AFP/Kofi Mensah", "Traders at the Makola market, Accra")
