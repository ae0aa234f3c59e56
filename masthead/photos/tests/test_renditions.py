"""Renditions are named after their source's content and served as
immutable."""

from masthead.testing import make_photo


def test_rendition_names_carry_the_source_hash(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = make_photo()
    rendition = photo.get_rendition("fill-100x100|format-webp")
    assert rendition.file.name.startswith(f"images/{photo.file_hash[:8]}-")


def test_renditions_are_served_immutable(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = make_photo()
    rendition = photo.get_rendition("fill-100x100|format-webp")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/media/images/nothing-here.webp").status_code == 404
