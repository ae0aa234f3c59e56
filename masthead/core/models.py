from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from masthead.core import access, fonts, theme

SOCIAL_NETWORKS = [
    ("bluesky", "Bluesky"),
    ("mastodon", "Mastodon"),
    ("x", "X"),
    ("facebook", "Facebook"),
    ("linkedin", "LinkedIn"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("threads", "Threads"),
    ("rss", "RSS"),
]


class User(AbstractUser):
    """The project's own user model, in place from the first migration so
    later fields (e.g. two-factor settings) need no swap."""

    class Meta:
        db_table = "core_user"


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label="URL")

    class Meta:
        icon = "link"


@register_setting(icon="cog")
class MagazineSettings(BaseGenericSetting):
    """Site-wide facts an editor may change without a deploy."""

    publication_name = models.CharField(max_length=100, default="The Meridian Review")
    tagline = models.CharField(max_length=200, blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    newsletter_blurb = models.TextField(
        blank=True,
        help_text="One or two sentences above the newsletter sign-up box.",
    )
    footer = RichTextField(blank=True, features=["bold", "italic", "link"])
    feed_full_text = models.BooleanField(
        "full text in feeds",
        default=False,
        help_text="Feeds carry each article's whole text; otherwise its teaser and a link.",
    )
    logo = models.ForeignKey(
        "photos.Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header instead of the name set in type (which stays its text alternative).",
    )
    accent_colour = models.CharField(
        max_length=7,
        default=theme.DEFAULT_ACCENT,
        help_text="Links, kickers and buttons, as #rrggbb. It must stand out from white as WCAG AA asks "
        f"(a contrast of {theme.MIN_CONTRAST}:1).",
    )
    font_pair = models.CharField(
        max_length=20,
        choices=[(key, pair.label) for key, pair in fonts.PAIRS.items()],
        default=fonts.DEFAULT,
        help_text="The text and headline face, and the face of labels and menus.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("publication_name"), FieldPanel("tagline"), FieldPanel("logo")], "Masthead"
        ),
        MultiFieldPanel([FieldPanel("accent_colour"), FieldPanel("font_pair")], "Look"),
        FieldPanel("social_links"),
        FieldPanel("newsletter_blurb"),
        FieldPanel("footer"),
        FieldPanel("feed_full_text"),
    ]

    class Meta:
        verbose_name = "magazine settings"

    def clean(self):
        super().clean()
        problem = theme.accent_problem(self.accent_colour)
        if problem:
            raise ValidationError({"accent_colour": problem})


class Tier(models.Model):
    """A level of membership editors define: Free, or a paid tier with its
    prices. Pieces restricted to paying members name the tiers that may read
    them; the members app sells them (prices in the currency of
    MEMBERS_CURRENCY, in its smallest unit, e.g. cents)."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    benefits = models.TextField(blank=True, help_text="What it gives, one benefit a line (the Join page).")
    monthly_price = models.PositiveIntegerField(default=0, help_text="In cents; 0 for a free tier.")
    yearly_price = models.PositiveIntegerField(default=0, help_text="In cents; 0 for none, or free.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("benefits"),
        FieldPanel("monthly_price"),
        FieldPanel("yearly_price"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "monthly_price", "name"]

    def __str__(self):
        return self.name

    @property
    def is_paid(self) -> bool:
        return bool(self.monthly_price or self.yearly_price)

    @property
    def level(self) -> str:
        return access.tier_level(self.slug) if self.is_paid else access.MEMBER

    def benefit_lines(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


class Ranking(models.Model):
    """A ranked list of pages that an upper floor computes and the pages
    show (the most-read rail, which analytics fills): data, so the pages
    need not import what computes it."""

    name = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["name", "position"]
        constraints = [models.UniqueConstraint(fields=["name", "position"], name="one_page_a_place")]

    def __str__(self):
        return f"{self.name} #{self.position}"
