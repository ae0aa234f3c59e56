"""Two-factor sign-in for staff: a TOTP code from an authenticator app
(django-otp) after the password. With `STAFF_2FA_REQUIRED`, anyone who
may open the admin is sent, after signing in, to set up an app (first
time) or to enter its code, before any other admin page. A lost phone:
`manage.py reset_2fa <username>`, and the person sets up again."""

import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from .receivers import TWO_FACTOR_SET_UP

# Admin pages open before the second factor.
OPEN = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"}
SETUP, VERIFY = "newsroom_2fa_setup", "newsroom_2fa_verify"


def may_open_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse("wagtailadmin_home")

    def __call__(self, request):
        if settings.STAFF_2FA_REQUIRED and request.path_info.startswith(self.admin_prefix):
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        user = request.user
        if not may_open_admin(user) or user.is_verified():
            return None
        match = _resolve(request.path_info)
        if match is None or match.url_name in OPEN | {SETUP, VERIFY}:
            return None
        target = VERIFY if user_has_device(user, confirmed=True) else SETUP
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up: the same secret on every
    visit to the set-up page, until a code from it is entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def confirm(request, device: TOTPDevice, token: str) -> bool:
    """A code from the new app confirms it and counts as this sign-in's
    second factor; other unconfirmed devices of the user are dropped."""
    if not device.verify_token(_digits(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    log(instance=device.user, action=TWO_FACTOR_SET_UP, user=device.user)
    return True


def verify(request, token: str) -> str:
    """ "ok" (signed in), "wrong", or "wait": after each wrong code
    django-otp makes the next try wait longer (1 s, 2 s, 4 s…)."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    allowed = [d for d in devices if d.verify_is_allowed()[0]]
    if not allowed:
        return "wait"
    for device in allowed:
        if device.verify_token(_digits(token)):
            otp_login(request, device)
            return "ok"
    return "wrong"


def _digits(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isdigit())[:8]
