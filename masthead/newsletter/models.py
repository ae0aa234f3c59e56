"""Newsletters, subscribers and their consent, editions and deliveries.

The delivery table is the send queue: one row per (edition, subscriber),
claimed by workers with a lease (see delivery.py)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, PreviewableMixin

from .addresses import normalise_email


def new_key() -> str:
    return secrets.token_hex(6)


class Newsletter(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True, help_text="One sentence on the sign-up page.")
    region = models.ForeignKey(
        "articles.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="A regional alert: drafted editions take only this region's articles.",
    )
    is_default = models.BooleanField(
        default=False, help_text="The sign-up box on every page subscribes to the default newsletters."
    )
    is_public = models.BooleanField(default=True, help_text="Offered on the sign-up page.")
    tiers = models.ManyToManyField(
        "core.Tier",
        blank=True,
        related_name="newsletters_restricted",
        help_text="A paid newsletter: only members of these tiers receive it. None: everyone who subscribes.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("region"),
        FieldPanel("is_default"),
        FieldPanel("is_public"),
        FieldPanel("tiers"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"

    # Stored normalised (addresses.normalise_email), so equality is identity.
    email = models.EmailField(max_length=254, unique=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    # Part of every signed link; a new key voids the links sent before.
    key = models.CharField(max_length=12, default=new_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    state_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    newsletters = models.ManyToManyField(Newsletter, through="Subscription", related_name="subscribers")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state"], name="subscriber_state")]

    def __str__(self):
        return self.email

    def clean(self):
        if self.email:
            self.email = normalise_email(self.email)

    def consent_history(self) -> str:
        return "; ".join(
            f"{c.at:%Y-%m-%d %H:%M} {c.get_action_display().lower()} via {c.source}"
            + (f" ({c.newsletters})" if c.newsletters else "")
            for c in self.consents.all()
        )

    def newsletter_names(self) -> str:
        return ", ".join(
            s.newsletter.name for s in self.subscriptions.select_related("newsletter") if s.confirmed_at
        )

    newsletter_names.short_description = "Confirmed newsletters"


class Subscription(models.Model):
    """A subscriber's choice of one newsletter; it counts once confirmed."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "subscriber"], name="one_subscription_each")
        ]

    def __str__(self):
        return f"{self.subscriber_id} → {self.newsletter_id}"


class Consent(models.Model):
    """What a subscriber agreed to or withdrew, when, and through which form."""

    class Action(models.TextChoices):
        SIGNED_UP = "signed-up", "Signed up"
        CONFIRMED = "confirmed", "Confirmed"
        CHANGED = "changed", "Changed newsletters"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        IMPORTED = "imported", "Imported"
        SUPPRESSED = "suppressed", "Suppressed"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=16, choices=Action.choices)
    source = models.CharField(max_length=120)
    newsletters = models.CharField(max_length=500, blank=True, help_text="Slugs, comma-separated.")
    # A keyed hash: proves the same network signed up without keeping the address.
    ip_hash = models.CharField(max_length=64, blank=True)
    # The page whose sign-up box it came from, if any (attribution).
    page_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action} via {self.source}"


class Edition(PreviewableMixin, ClusterableModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="editions")
    subject = models.CharField(max_length=150)
    intro = models.TextField(
        "introduction",
        blank=True,
        help_text="A few words above the stories. A blank line starts a paragraph.",
    )
    members_in_full = models.BooleanField(
        "members-only pieces in full for members",
        default=False,
        help_text="Readers who may read a members-only piece get its whole text in the mail; "
        "everyone else gets its teaser and a link.",
    )
    period_start = models.DateTimeField(help_text="The week the edition covers.")
    period_end = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)
    window_minutes = models.PositiveIntegerField(
        default=0, editable=False, help_text="Spread the send over this many minutes."
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What went out, frozen when the send starts: the archive and every
    # worker render from it, whatever happens to the articles later.
    content = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        InlinePanel("items", label="Stories", help_text="Drag to reorder; delete to leave a story out."),
        # "add_stories" (edition_form.py) comes after the stories: see EditionViewSet.
        FieldPanel("members_in_full"),
        FieldPanel("period_start"),
        FieldPanel("period_end"),
    ]

    class Meta:
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.SCHEDULED)

    def clean(self):
        if self.pk and not Edition.objects.filter(pk=self.pk, state__in=["draft", "scheduled"]).exists():
            raise ValidationError("This edition has gone out; it can no longer be changed.")
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The period must end after it starts."})

    def get_preview_template(self, request, mode_name):
        return "newsletter/mail/edition.html"

    def get_preview_context(self, request, mode_name):
        from .rendering import preview_context

        return preview_context(self)

    def serve_preview(self, request, mode_name):
        """The mail as it will arrive: its styles are inline, as mail's must
        be, so the preview gets a policy of its own allowing those and
        nothing else (no script, no form), in place of the reader pages'."""
        response = super().serve_preview(request, mode_name)
        images = " ".join(
            o for o in dict.fromkeys(["'self'", "data:", settings.SITE_URL, settings.MEDIA_ORIGIN]) if o
        )
        response["Content-Security-Policy"] = (
            f"default-src 'none'; style-src 'unsafe-inline'; img-src {images}; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        )
        return response


class EditionItem(Orderable):
    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


class Delivery(models.Model):
    """One edition to one subscriber: the unit of the send queue.

    A row is pending until sent, failed (permanently) or skipped (the
    subscriber left before their turn). `due_at` is when it may next be
    claimed: spread over the send window at the start, pushed forward by a
    lease while a worker holds it, by back-off after a temporary failure."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(max_length=254)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    due_at = models.DateTimeField()
    claim = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    message_id = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # With NEWSLETTER_ENGAGEMENT on (engagement.py): the first open or click.
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["edition", "subscriber"], name="one_delivery_each")]
        indexes = [
            # The queue: only pending rows, in the order they fall due.
            models.Index(fields=["due_at"], condition=Q(state="pending"), name="delivery_due"),
            models.Index(fields=["edition", "state"], name="delivery_progress"),
            models.Index(fields=["claim"], condition=~Q(claim=""), name="delivery_claim"),
        ]

    def __str__(self):
        return f"{self.email} ({self.state})"


class Click(models.Model):
    """One recipient following one link of an edition, counted once."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="clicks")
    url = models.CharField(max_length=1000)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["delivery", "url"], name="one_click_per_link")]

    def __str__(self):
        return self.url
