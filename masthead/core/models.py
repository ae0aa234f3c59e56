from django.contrib.auth.models import AbstractUser
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField

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

    panels = [
        MultiFieldPanel([FieldPanel("publication_name"), FieldPanel("tagline")], "Masthead"),
        FieldPanel("social_links"),
        FieldPanel("newsletter_blurb"),
        FieldPanel("footer"),
        FieldPanel("feed_full_text"),
    ]

    class Meta:
        verbose_name = "magazine settings"
