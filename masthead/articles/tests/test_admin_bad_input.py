"""Bad input through the admin gets a clear error and saves nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.articles.models import ArticlePage
from masthead.photos.models import Photo
from masthead.testing import add_url, article_form, login


def test_a_complete_article_publishes(client, world):
    login(client, world)
    response = client.post(add_url(world), article_form(world))
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="a-new-article").live


def test_an_article_without_standfirst_or_kind_is_refused_with_the_fields_named(client, world):
    login(client, world)
    before = ArticlePage.objects.count()
    response = client.post(add_url(world), article_form(world, dek="", kind=""))
    assert response.status_code == 200
    assert "The page could not be created due to validation errors" in response.content.decode()
    assert set(response.context["form"].errors) >= {"dek", "kind"}
    assert ArticlePage.objects.count() == before


def test_an_unknown_region_is_refused(client, world):
    login(client, world)
    response = client.post(add_url(world), article_form(world, primary_region=999999))
    assert "primary_region" in response.context["form"].errors
    assert not ArticlePage.objects.filter(slug="a-new-article").exists()


def test_a_file_that_is_not_an_image_is_refused_with_a_message(client, world):
    login(client, world)
    before = Photo.objects.count()
    fake = SimpleUploadedFile("holiday.jpg", b"this is not a picture", content_type="image/jpeg")
    response = client.post("/admin/images/add/", {"title": "Fake", "file": fake})
    assert response.status_code == 200
    assert "not an image or a corrupted image" in str(response.context["form"].errors["file"])
    assert Photo.objects.count() == before


def test_an_oversized_image_is_refused_with_a_message(client, world, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    login(client, world)
    before = Photo.objects.count()
    big = SimpleUploadedFile("big.jpg", world.photo.file.read(), content_type="image/jpeg")
    response = client.post("/admin/images/add/", {"title": "Big", "file": big})
    assert "This file is too big" in str(response.context["form"].errors["file"])
    assert Photo.objects.count() == before
