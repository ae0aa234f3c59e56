"""Members, their payments, and the Stripe events that changed them.

A member is a newsletter subscriber with an account: one person, one
address (the subscriber's), one consent history. Paid state is Stripe's,
copied here by the webhook handlers (webhooks.py) from the objects' current
state, never from an event's snapshot alone."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Member(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    subscriber = models.OneToOneField(
        "newsletter.Subscriber", on_delete=models.PROTECT, related_name="member"
    )
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # What they joined or gave from: a page id and its path, or a form.
    source = models.CharField(max_length=200, blank=True)
    source_page_id = models.PositiveIntegerField(null=True, blank=True)

    # The paid tier and its state, as Stripe last said.
    tier = models.ForeignKey("core.Tier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stripe_customer = models.CharField(max_length=64, blank=True, db_index=True)
    stripe_subscription = models.CharField(max_length=64, blank=True, db_index=True)
    subscription_status = models.CharField(max_length=24, blank=True)
    interval = models.CharField(max_length=8, blank=True)
    paid_until = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # A failed renewal keeps access until then (MEMBERS_GRACE_DAYS).
    grace_until = models.DateTimeField(null=True, blank=True)
    # A tier given for free by staff, until a date.
    comp_tier = models.ForeignKey(
        "core.Tier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comp_until = models.DateTimeField(null=True, blank=True)
    # The level the member's cookie was last issued for (core/access.py).
    level = models.CharField(max_length=50, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["tier", "subscription_status"], name="member_tier")]

    def __str__(self):
        return self.email

    @property
    def email(self) -> str:
        return self.subscriber.email


class Payment(models.Model):
    """Money received: a donation, or a membership invoice. Kept, with the
    member's name cleared, when the member deletes their account."""

    class Kind(models.TextChoices):
        DONATION = "donation", "Donation"
        MEMBERSHIP = "membership", "Membership"

    class Status(models.TextChoices):
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"
        DISPUTED = "disputed", "Disputed"

    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PAID)
    amount = models.PositiveIntegerField(help_text="In the currency's smallest unit.")
    currency = models.CharField(max_length=3)
    interval = models.CharField(max_length=8, blank=True, help_text="month, year, or blank: once.")
    # The payment intent (donations) or invoice (memberships): one row each.
    stripe_id = models.CharField(max_length=64, unique=True)
    stripe_charge = models.CharField(max_length=64, blank=True, db_index=True)
    paid_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=200, blank=True)
    source_page_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-paid_at", "-pk"]
        indexes = [models.Index(fields=["kind", "paid_at"], name="payment_month")]

    def __str__(self):
        return f"{self.amount / 100:.2f} {self.currency.upper()} {self.kind}"

    @property
    def shown_amount(self) -> str:
        return f"{self.amount / 100:.2f} {self.currency.upper()}"


class StripeEvent(models.Model):
    """Each Stripe event, stored by id: handled once, retried when its
    handling failed."""

    stripe_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=80)
    created = models.DateTimeField()
    # The event's object as sent: handlers take only its id and re-read it.
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.stripe_id}"


class MemberEvent(models.Model):
    """What happened to a member, for staff: joined, paid, tier changed…"""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.what
