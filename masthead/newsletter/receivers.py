"""Provider webhooks (django-anymail's tracking signal): hard bounces and
complaints suppress the address, as a 5xx from our own SMTP sends does."""

from anymail.signals import tracking
from django.dispatch import receiver

from .addresses import normalise_email
from .models import Subscriber
from .subscriptions import suppress

SUPPRESSING = {"bounced": Subscriber.State.BOUNCED, "complained": Subscriber.State.COMPLAINED}


@receiver(tracking, dispatch_uid="newsletter-suppress")
def suppress_on_event(sender, event, esp_name, **kwargs):
    state = SUPPRESSING.get(event.event_type)
    if state and event.recipient:
        try:
            email = normalise_email(event.recipient)
        except Exception:  # a provider's odd recipient string: nothing to match
            return
        suppress(email, state, source=f"{esp_name} webhook")
