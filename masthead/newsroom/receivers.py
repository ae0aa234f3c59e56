"""Staff sign-ins, lockouts and second-factor changes go into Wagtail's
audit log (Reports → Site history), next to every edit and publish."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from wagtail.log_actions import log

from masthead.core.ratelimit import client_ip

SIGNED_IN = "masthead.signed_in"
LOCKED_OUT = "masthead.locked_out"
TWO_FACTOR_SET_UP = "masthead.two_factor_set_up"
ACTIONS = {
    SIGNED_IN: "Signed in",
    LOCKED_OUT: "Sign-in locked after repeated failures",
    TWO_FACTOR_SET_UP: "Set up two-factor sign-in",
}


def _address(request) -> str:
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", None) or client_ip(request)


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    log(instance=user, action=SIGNED_IN, user=user, data={"address": _address(request)})


@receiver(user_locked_out)
def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        log(instance=user, action=LOCKED_OUT, user=None, data={"address": ip_address or ""})
