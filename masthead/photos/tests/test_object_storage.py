"""Media on S3-compatible object storage (MEDIA_STORAGE=s3, django-storages):
originals and renditions are written to the bucket, pages link the bucket's
URLs, the bucket serves them with a year's cache lifetime, and the Content
Security Policy allows that origin. The bucket is moto's S3 server on
loopback: the real S3 API over HTTP, as a cloud provider would answer."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from deploy.loopback import ROOT
from masthead.processes import free_port
from masthead.testing import build_world, draw_scene

BUCKET = "masthead-media"
# As docs/production.md sets a bucket up: renditions readable by anyone,
# originals (which keep their EXIF, GPS included) by the site only.
PUBLIC_RENDITIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/images/*",
        }
    ],
}
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def bucket():
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_RENDITIONS))
    yield endpoint
    server.stop()


@pytest.fixture
def on_object_storage(settings, bucket):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": bucket,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }
    return bucket


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.mark.django_db
def test_pictures_are_stored_in_the_bucket_and_pages_show_them_from_it(on_object_storage, client):
    world = build_world()  # made after the switch: its pictures go to the bucket
    photo = world.article.hero_image or world.photo
    assert photo.file.url.startswith(f"{on_object_storage}/{BUCKET}/original_images/")
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(photo.file.url)
    assert refused.value.code == 403  # the original is not public
    rendition = photo.get_rendition("width-160|format-webp")
    assert rendition.url.startswith(f"{on_object_storage}/{BUCKET}/images/")
    status, headers, body = fetch(rendition.url)
    assert status == 200 and body[:4] == b"RIFF" and headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    html = client.get(world.article.url).content.decode()
    shown = [src for src in html.split('src="')[1:] if src.startswith(on_object_storage)]
    assert shown, "the article shows no picture from the bucket"
    assert fetch(shown[0].split('"')[0])[0] == 200


@pytest.mark.django_db
def test_an_upload_through_the_admin_lands_in_the_bucket(on_object_storage, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from masthead.photos.models import Photo
    from masthead.testing import login

    world = build_world()
    login(client, world, "photo_editor")
    upload = SimpleUploadedFile("quay.jpg", draw_scene("Quay", size=(320, 180)), content_type="image/jpeg")
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Quay", "file": upload, "credit": "Staff/The Review"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get(title="Quay")
    with photo.file.open() as f:  # read back through the storage, with its credentials
        assert f.read(2) == b"\xff\xd8"
    assert fetch(photo.get_rendition("width-100").url)[0] == 200


def test_the_content_policy_allows_the_media_origin():
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "MEDIA_DOMAIN": "media.example.org",
    }
    code = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "masthead.settings"}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "https://media.example.org" in done.stdout and "'self'" in done.stdout
