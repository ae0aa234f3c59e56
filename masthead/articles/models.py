from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from masthead.core import access, privacy
from masthead.core.blocks import INLINE_FEATURES, body_blocks
from masthead.core.cacheable import CacheablePage
from masthead.photos import rights, sizes
from masthead.photos.panels import PictureRightsPanel

from . import filter_terms, listings
from .countries import mentioned
from .forms import ArticlePageForm, BriefPageForm
from .querysets import ArticleQuerySet, BriefQuerySet
from .teasers import first_paragraph_text

WORDS_A_MINUTE = 230


class Taxonomy(models.Model):
    """A short, editor-maintained list (regions, kinds)."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


@register_snippet
class Region(Taxonomy):
    class Meta(Taxonomy.Meta):
        pass


@register_snippet
class Kind(Taxonomy):
    class Meta(Taxonomy.Meta):
        pass


class Listed(models.Model):
    """A page that appears in dated listings. `listed_at` copies the first
    publication time while the page is live and is empty otherwise, so a
    listing filters and sorts on one table's index instead of joining the
    page tree for `live` and `first_published_at`."""

    listed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.set_listed_at()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "listed_at" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "listed_at"]
        return super().save(*args, **kwargs)

    @property
    def display_date(self):
        return self.first_published_at or self.latest_revision_created_at or timezone.now()

    def set_listed_at(self, restricted: list[str] | None = None) -> None:
        """Empty, too, while Wagtail's privacy (a password, a login, groups)
        is set on the page or above it: no listing, feed, API answer or mail
        shows it then (articles/privacy.py). `restricted`: the private
        pages' tree paths, when the caller has them."""
        if restricted is None:
            restricted = restricted_paths() if self.live else []
        private = any(self.path.startswith(path) for path in restricted)
        moment = self.first_published_at or self.last_published_at or timezone.now()
        self.listed_at = moment if self.live and not private else None


def restricted_paths() -> list[str]:
    """The tree paths of the pages under Wagtail's privacy (few or none)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


class Restricted(models.Model):
    """A piece that may be for members only. Readers without access get its
    headline, standfirst, picture and open part, then the gate; the rest is
    never rendered for them (core/access.py names the levels)."""

    access = models.CharField("who may read it", max_length=8, choices=access.CHOICES, default=access.PUBLIC)
    access_tiers = ParentalManyToManyField(
        "core.Tier",
        blank=True,
        related_name="+",
        verbose_name="tiers",
        help_text="For paying members only: the tiers that may read it. None ticked: any paid tier.",
    )

    access_panel = MultiFieldPanel(
        [
            FieldPanel("access", widget=forms.RadioSelect),
            FieldPanel("access_tiers", widget=forms.CheckboxSelectMultiple),
        ],
        "Access",
    )

    class Meta:
        abstract = True

    @property
    def is_restricted(self) -> bool:
        return self.access != access.PUBLIC

    def readable_at(self, level: str) -> bool:
        if not self.is_restricted:
            return True
        return access.allows(level, self.access, {t.slug for t in self.access_tiers.all()})

    def readable_by(self, request) -> bool:
        return self.readable_at(access.level_of(request))


class HomePage(CacheablePage, Page):
    lead_article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Blank: the newest analysis leads, until an editor chooses.",
    )
    picks_heading = models.CharField(max_length=60, default="Editors' picks")
    support_heading = models.CharField(
        "donation box heading",
        max_length=80,
        blank=True,
        help_text="Blank: no donation box on the front page.",
    )
    support_text = models.CharField("donation box text", max_length=300, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("lead_article"),
        InlinePanel(
            "secondary_stories",
            label="Secondary stories",
            max_num=4,
            help_text="Two to four, under the lead. None chosen: the newest analysis and reporting.",
        ),
        MultiFieldPanel(
            [FieldPanel("picks_heading"), InlinePanel("picks", label="Pick", max_num=6)],
            heading="Editors' picks",
            help_text="Shown only when there are picks; older pieces worth reading again are welcome.",
        ),
        MultiFieldPanel([FieldPanel("support_heading"), FieldPanel("support_text")], heading="Donation box"),
    ]
    subpage_types = [
        "articles.SectionPage",
        "articles.BriefIndexPage",
        "articles.AuthorIndexPage",
        "articles.StandardPage",
    ]
    max_count = 1

    def route(self, request, path_components):
        """Most URLs are a section or below one: look the section up among
        the few the renders of one store generation share (a section saved,
        moved or unpublished purges), saving the generic lookup's queries."""
        if path_components:
            section = listings.sections_by_slug(self).get(path_components[0])
            if section is not None:
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.home_page(self))
        return context


class SectionPage(CacheablePage, Page):
    """A listing of one region's or one kind's articles, newest first."""

    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="section"
    )
    kind = models.OneToOneField(Kind, null=True, blank=True, on_delete=models.PROTECT, related_name="section")
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("region", widget=forms.Select),
        FieldPanel("kind", widget=forms.Select),
        FieldPanel("intro"),
    ]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def clean(self):
        super().clean()
        if bool(self.region_id) == bool(self.kind_id):
            raise ValidationError("A section lists either one region or one kind: choose exactly one.")

    def route(self, request, path_components):
        """Articles are a section's only children: fetch one as an article,
        with what its page shows first (kind, region, lead picture and its
        sizes), in two queries instead of six and two to the cache."""
        if len(path_components) != 1:
            return super().route(request, path_components)
        article = (
            ArticlePage.objects.child_of(self)
            .filter(slug=path_components[0])
            .select_related("kind", "primary_region")
            .with_hero_renditions()
            .first()
        )
        if article is None:
            raise Http404
        return article.route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.section_page(self, request))
        return context


class ArticleCountry(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="country_items"
    )


@register_snippet
class Topic(TagBase):
    """A subject editors tag articles with, freely (Arctic shipping,
    sanctions): its own page and feed, beside regions, kinds and countries.
    A tag vocabulary of its own, so countries never show as topics."""

    class Meta:
        verbose_name = "topic"
        ordering = ["name"]


class ArticleTopic(ItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_items")
    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="topic_items")


class ArticlePage(Listed, Restricted, CacheablePage, Page):
    kind = models.ForeignKey(Kind, on_delete=models.PROTECT, related_name="articles")
    primary_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="articles")
    further_regions = ParentalManyToManyField(Region, blank=True, related_name="also_articles")
    countries = ClusterTaggableManager(
        "countries",
        through=ArticleCountry,
        blank=True,
        help_text="Common English names, e.g. Germany; or ISO codes.",
    )
    topics = ClusterTaggableManager(
        "topics",
        through=ArticleTopic,
        blank=True,
        help_text="Subjects readers may follow, e.g. Arctic shipping; each has its own page and feed.",
    )
    # Countries the text names that are not tagged yet, found on every save
    # (see `clean`) for the editor to confirm.
    country_suggestions = models.JSONField(default=list, blank=True, editable=False)
    dek = models.TextField("standfirst", max_length=400, help_text="One or two sentences under the headline.")
    updated_at = models.DateTimeField(
        "updated", null=True, blank=True, help_text="Set when the piece changes in substance."
    )
    hero_image = models.ForeignKey(
        "photos.Photo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=400, blank=True, help_text="Blank: the picture's caption.")
    hero_credit = models.CharField(max_length=255, blank=True, help_text="Blank: the picture's credit.")
    body = StreamField(body_blocks())
    teaser = models.TextField(blank=True, help_text="Blank: the first paragraph of the body.")
    # The teaser as shown in listings, kept on save so listings never parse the body.
    summary = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    exclude_from_most_read = models.BooleanField(
        "never in Most read",
        default=False,
        help_text="Keep this piece off the most-read rail, however much it is read.",
    )
    share_image = models.ForeignKey(
        "photos.Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Blank: the hero image.",
    )

    objects = PageManager.from_queryset(ArticleQuerySet)()

    content_panels = [PictureRightsPanel(), *Page.content_panels] + [
        FieldPanel("dek"),
        MultiFieldPanel(
            [
                FieldPanel("kind", widget=forms.Select),
                FieldPanel("primary_region", widget=forms.Select),
                FieldPanel("further_regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("countries"),
                FieldPanel("add_countries"),
                FieldPanel("topics"),
            ],
            "Kicker and tags",
        ),
        InlinePanel("article_authors", label="Authors"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            "Hero image",
        ),
        FieldPanel("body"),
        FieldPanel("teaser"),
        Restricted.access_panel,
        InlinePanel("pinned_related", label="Related stories (pinned)", max_num=3),
        InlinePanel("excluded_related", label="Never show as related"),
        InlinePanel("corrections", label="Corrections (shown to readers under the article)"),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel("share_image"),
        FieldPanel("updated_at"),
        FieldPanel("exclude_from_most_read"),
    ]
    # The Readers tab: the analytics app's numbers, reached through its
    # template (nothing here imports it).
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
            ObjectList([HelpPanel(template="analytics/edit_panel.html")], heading="Readers"),
        ],
        base_form_class=ArticlePageForm,
    )
    parent_page_types = ["articles.SectionPage"]
    subpage_types = []
    base_form_class = ArticlePageForm

    search_auto_update = False  # discovery.indexing queues it on commit
    search_fields = Page.search_fields + [
        index.SearchField("dek"),
        index.SearchField("summary"),
        index.SearchField("indexed_body"),
        index.SearchField("filter_terms"),
        index.FilterField("kind"),
        index.FilterField("primary_region"),
    ]

    class Meta:
        # One per listing: latest, region, kind; each in listing order.
        indexes = [
            models.Index(fields=["-listed_at", "-page_ptr"], name="article_latest"),
            models.Index(fields=["primary_region", "-listed_at", "-page_ptr"], name="article_region"),
            models.Index(fields=["kind", "-listed_at", "-page_ptr"], name="article_kind"),
        ]

    def save(self, *args, **kwargs):
        self.set_derived()
        result = super().save(*args, **kwargs)
        if self.pk:
            ArticleAuthor.objects.filter(page_id=self.pk).exclude(listed_at=self.listed_at).update(
                listed_at=self.listed_at
            )
        return result

    def set_derived(self) -> None:
        """What saving fills in from the text (for writers that insert rows in bulk too)."""
        self.summary = self.teaser.strip() or first_paragraph_text(self.open_blocks())
        self.word_count = len(self.body_text().split())
        self.updated_at = self.corrected_at()

    def filter_terms(self) -> str:
        return filter_terms.of_article(self)

    @classmethod
    def get_indexed_objects(cls):
        # Reindexing reads every article's regions and authors for its
        # filter words: two queries a chunk, not two an article.
        return super().get_indexed_objects().prefetch_related("further_regions", "article_authors")

    def clean(self):
        super().clean()
        tagged = {tag.name for tag in self.countries.all()}
        self.country_suggestions = [c.name for c in mentioned(self.plain_text()) if c.name not in tagged]

    def corrected_at(self):
        """The updated date: a correction changes the piece in substance, so
        the newest correction moves it forward (never back)."""
        made = [c.made_at for c in self.corrections.all() if c.made_at]
        return max([*made, *([self.updated_at] if self.updated_at else [])], default=None)

    def open_blocks(self, walled: bool = False) -> list:
        """The part of the body every reader gets: all of it for a public
        piece (unless the reader is past the registration wall); else what
        stands above the members-only line, or (without one) up to the first
        paragraph."""
        blocks = list(self.body)
        if not self.is_restricted and not walled:
            return blocks
        for i, block in enumerate(blocks):
            if block.block_type == "members_break":
                return blocks[:i]
        first = next((i for i, b in enumerate(blocks) if b.block_type == "paragraph"), 0)
        return blocks[: first + 1]

    def indexed_body(self) -> str:
        """What search finds a piece by: never the words behind the gate."""
        return self.open_text()

    def open_text(self) -> str:
        """The open part's words as plain text."""
        return "\n".join(
            text for block in self.open_blocks() for text in block.block.get_searchable_content(block.value)
        )

    def body_text(self) -> str:
        """The body's words as plain text (the search index's view of it)."""
        return "\n".join(self.body.stream_block.get_searchable_content(self.body))

    def plain_text(self) -> str:
        """Headline, standfirst and body as plain text."""
        return "\n".join([self.title, self.dek, self.body_text()])

    @property
    def reading_minutes(self) -> int:
        """At an unhurried reader's pace (230 words a minute), at least one."""
        return max(1, round(self.word_count / WORDS_A_MINUTE))

    @property
    def shown_update(self):
        """The "Updated" date readers see: none on the day the piece first
        appeared, where it would only repeat the date."""
        if self.updated_at is None:
            return None
        if timezone.localdate(self.updated_at) <= timezone.localdate(self.display_date):
            return None
        return self.updated_at

    def credited_authors(self) -> list:
        """The live authors credited, in order: from `credits` when a
        listing fetched them (`ArticleQuerySet.bylines`), else one query."""
        credits = getattr(self, "credits", None)
        if credits is None:
            credits = self.article_authors.select_related("author")
        return [credit.author for credit in credits if credit.author.live]

    def picture_uses(self) -> list:
        return rights.uses(image=self.hero_image, credit=self.hero_credit, body=self.body)

    def picture_sizes(self) -> dict:
        figures = [figure["image"] for figure in rights.figures(self.body)]
        return sizes.by_photo(
            (self.hero_image, sizes.LEAD),
            (self.share_image, sizes.SHARED),
            *((figure, sizes.IN_BODY) for figure in figures),
        )

    @property
    def caption(self) -> str:
        return self.hero_caption or (self.hero_image.caption if self.hero_image else "")

    @property
    def credit(self) -> str:
        return self.hero_credit or (self.hero_image.credit if self.hero_image else "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.article_page(self))
        # Past the registration wall, a public article is gated too.
        walled = access.level_of(request) == access.WALLED and not self.is_restricted
        readable = self.readable_by(request) and not walled
        opening = self.open_blocks(walled)
        context["gated"] = not readable
        context["free_pieces"] = settings.MEMBERS_REGISTRATION_WALL if walled else 0
        context["body_blocks"] = opening
        context["closed_blocks"] = list(self.body)[len(opening) :] if readable else []
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if settings.MEMBERS_REGISTRATION_WALL and not self.is_restricted:
            response[access.METERED_HEADER] = "1"  # counted by the meter, which takes it off
        return response


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        "articles.AuthorPage", on_delete=models.CASCADE, related_name="article_credits"
    )

    # The article's `listed_at`, copied so an author's listing is one index
    # range (author, date) rather than a join sorted across two tables.
    listed_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [FieldPanel("author", widget=forms.Select)]

    class Meta(Orderable.Meta):
        indexes = [models.Index(fields=["author", "-listed_at", "-page"], name="credit_author_listed")]

    def save(self, *args, **kwargs):
        self.listed_at = self.page.listed_at
        return super().save(*args, **kwargs)


class HomeStory(Orderable):
    """A story an editor places on the front page, in the order given."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        abstract = True


class SecondaryStory(HomeStory):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="secondary_stories")


class EditorsPick(HomeStory):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="picks")
    note = models.CharField(max_length=200, blank=True, help_text="Why read it now, in a line (optional).")
    panels = [FieldPanel("article"), FieldPanel("note")]


class PinnedRelated(Orderable):
    """An editor's choice for the related-stories rail; pins come first."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="pinned_related")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("related")]


class Correction(Orderable):
    """A public correction: what was wrong and what is right, dated."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    made_at = models.DateTimeField("date", default=timezone.now)
    text = models.TextField(max_length=1000, help_text="What was wrong, and what is right now.")

    panels = [FieldPanel("made_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction"


class ExcludedRelated(Orderable):
    """A story the related-stories computation must never pick for this
    article (an editor's call: a retracted piece, a tasteless pairing)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="excluded_related")
    related = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("related")]


class BriefIndexPage(CacheablePage, Page):
    """The quick-takes stream: short commentary, newest first."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.BriefPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.brief_index_page(self, request))
        return context


class BriefPage(Listed, Restricted, CacheablePage, Page):
    author = models.ForeignKey(
        "articles.AuthorPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="briefs"
    )
    body = RichTextField(features=INLINE_FEATURES + ["ol", "ul"])
    image = models.ForeignKey(
        "photos.Photo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PageManager.from_queryset(BriefQuerySet)()

    content_panels = [PictureRightsPanel(), *Page.content_panels] + [
        FieldPanel("author", widget=forms.Select),
        FieldPanel("body"),
        FieldPanel("image"),
        Restricted.access_panel,
    ]
    parent_page_types = ["articles.BriefIndexPage"]
    subpage_types = []
    search_auto_update = False  # discovery.indexing queues it on commit
    search_fields = Page.search_fields + [
        index.SearchField("indexed_body"),
        index.SearchField("filter_terms"),
    ]
    base_form_class = BriefPageForm

    class Meta:
        indexes = [models.Index(fields=["-listed_at", "-page_ptr"], name="brief_latest")]

    def filter_terms(self) -> str:
        return filter_terms.of_brief(self)

    def indexed_body(self) -> str:
        """What search finds a quick take by: nothing of a restricted one's text."""
        return "" if self.is_restricted else self.body

    def picture_uses(self) -> list:
        return rights.uses(image=self.image)

    def picture_sizes(self) -> dict:
        return sizes.by_photo((self.image, sizes.QUICK_TAKE))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.site_rails())
        context["gated"] = not self.readable_by(request)
        return context


class AuthorIndexPage(CacheablePage, Page):
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.AuthorPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = listings.staff()
        return context


class StandardPage(CacheablePage, Page):
    """A page editors write once and keep: About, Contact, Submissions,
    Privacy, Terms, the corrections policy, republishing. Those marked "Show
    in menus" are linked from every page's footer."""

    intro = models.TextField(blank=True, help_text="A sentence or two under the title.")
    body = StreamField(body_blocks(), blank=True)
    list_staff = models.BooleanField(
        default=False,
        verbose_name="List the staff",
        help_text="After the text, the authors with their roles (for a masthead page).",
    )
    counting_notice = models.BooleanField(
        default=False,
        verbose_name="Say what this site counts",
        help_text="After the text, what this site counts about its readers, as its settings have it now "
        "(for the privacy page).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("list_staff"),
        FieldPanel("counting_notice"),
    ]
    parent_page_types = ["articles.HomePage"]
    subpage_types = []
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "standard page"

    def picture_uses(self) -> list:
        return rights.uses(body=self.body)

    def picture_sizes(self) -> dict:
        return sizes.by_photo(*((figure["image"], sizes.IN_BODY) for figure in rights.figures(self.body)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.list_staff:
            context["authors"] = listings.staff()
        if self.counting_notice:
            context["counting"] = privacy.counting()
        return context


class AuthorLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text='e.g. "Bluesky" or "Personal site".')
    url = blocks.URLBlock(label="URL")


class AuthorPage(CacheablePage, Page):
    role = models.CharField(max_length=120, blank=True, help_text='e.g. "Senior fellow, Europe".')
    bio = RichTextField(features=INLINE_FEATURES)
    photo = models.ForeignKey(
        "photos.Photo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    links = StreamField([("link", AuthorLinkBlock())], blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("links"),
    ]
    parent_page_types = ["articles.AuthorIndexPage"]
    subpage_types = []
    search_auto_update = False  # discovery.indexing queues it on commit
    search_fields = Page.search_fields + [index.SearchField("role"), index.SearchField("bio")]

    def picture_sizes(self) -> dict:
        return sizes.by_photo((self.photo, sizes.AUTHOR))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.author_page(self, request))
        return context
