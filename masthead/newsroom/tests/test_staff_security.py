"""Staff security: two-factor sign-in (TOTP) through the real forms,
sign-in rate limiting, and the audit log administrators read."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from masthead.newsroom import receivers
from masthead.testing import PASSWORD, login

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def code(device) -> str:
    """What the authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_sign_in(client, username, password=PASSWORD):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


def test_first_sign_in_sets_up_an_app_then_every_sign_in_asks_for_its_code(world, client, required):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert password_sign_in(client, "editor").status_code == 302
        response = client.get(HOME)
        assert response.status_code == 302 and response["Location"].startswith(reverse("newsroom_2fa_setup"))
        page = client.get(response["Location"]).content.decode()
        assert "<svg" in page and "two-factor-key" in page
        device = TOTPDevice.objects.get(user=world.users["editor"], confirmed=False)
        wrong = client.post(reverse("newsroom_2fa_setup"), {"token": "000000", "next": HOME})
        assert "That code did not match" in wrong.content.decode()
        assert client.get(HOME).status_code == 302  # still not in
        clock.shift(timedelta(seconds=5))  # a wrong code holds the next one back a second
        right = client.post(reverse("newsroom_2fa_setup"), {"token": code(device), "next": HOME})
        assert right.status_code == 302 and right["Location"] == HOME
        assert client.get(HOME).status_code == 200
        device.refresh_from_db()
        assert device.confirmed
    client.post(reverse("wagtailadmin_logout"))
    later = start + timedelta(minutes=5)
    with time_machine.travel(later, tick=False) as clock:
        password_sign_in(client, "editor")
        response = client.get(reverse("wagtailadmin_pages:edit", args=[world.article.pk]))
        assert response["Location"].startswith(reverse("newsroom_2fa_verify"))
        # A stolen password cannot add another app.
        assert client.get(reverse("newsroom_2fa_setup"))["Location"].startswith(
            reverse("newsroom_2fa_verify")
        )
        assert (
            "That code did not match"
            in client.post(reverse("newsroom_2fa_verify"), {"token": "123 456"}).content.decode()
        )
        clock.shift(timedelta(seconds=5))  # a wrong code holds the next one back a second
        ok = client.post(
            reverse("newsroom_2fa_verify"), {"token": code(device), "next": "https://evil.example/"}
        )
        assert ok["Location"] == HOME  # an outside address is never followed
        assert client.get(HOME).status_code == 200
    assert ModelLogEntry.objects.filter(action=receivers.TWO_FACTOR_SET_UP).count() == 1


def test_wrong_codes_are_throttled(world, client, required):
    device = TOTPDevice.objects.create(user=world.users["editor"], name="app", confirmed=True)
    password_sign_in(client, "editor")
    for _ in range(3):
        response = client.post(reverse("newsroom_2fa_verify"), {"token": "000000"})
    assert "Too many wrong codes" in response.content.decode()
    # Even the right code waits out the throttle.
    client.post(reverse("newsroom_2fa_verify"), {"token": code(device)})
    assert client.get(HOME).status_code == 302


def test_second_factor_is_only_asked_in_the_admin_and_only_when_required(world, client, settings):
    settings.STAFF_2FA_REQUIRED = True
    password_sign_in(client, "editor")
    assert client.get("/").status_code == 200  # the public site
    settings.STAFF_2FA_REQUIRED = False
    assert client.get(HOME).status_code == 200


def test_repeated_failed_sign_ins_lock_that_username_from_that_address(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = password_sign_in(client, "editor", "wrong password")
        assert response.status_code in (200, 429)
    locked = password_sign_in(client, "editor")  # even with the right password
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert password_sign_in(client, "contributor").status_code == 302  # others are not locked out
    assert ModelLogEntry.objects.filter(
        action=receivers.LOCKED_OUT, object_id=str(world.users["editor"].pk)
    ).exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert password_sign_in(client, "editor").status_code == 302


def test_a_lost_phone_is_reset_by_command(world):
    TOTPDevice.objects.create(user=world.users["editor"], name="app", confirmed=True)
    call_command("reset_2fa", "editor", stdout=open("/dev/null", "w"))
    assert not TOTPDevice.objects.filter(user=world.users["editor"]).exists()
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("reset_2fa", "nobody")


def test_administrators_read_the_audit_log(world, client):
    password_sign_in(client, "editor")
    client.logout()
    login(client, world, "editor")
    client.post(
        reverse("wagtailadmin_pages:unpublish", args=[world.other_article.pk]), {"include_descendants": ""}
    )
    login(client, world, "administrator")
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Signed in" in history and "Unpublish" in history and "Ports and borders" in history
