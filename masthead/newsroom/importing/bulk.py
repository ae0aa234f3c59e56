"""An import's new articles, written a batch at a time.

Made through Wagtail's own calls (`add_child`, `save_revision`, `publish`),
a page is saved three times, validated twice, rebuilt from its revision and
announced to every listener: over a hundred queries a post. New articles
are gathered here instead and written together: tree paths computed
(core/tree.py), one insert per table for the batch, a revision and log
entries per page in bulk, and what publishing sets off (purges, the search
index, related stories, renditions, the reference index) done once a
batch, queued as tasks where publishing queues tasks. Posts imported before
are updated through Wagtail's calls: they are few, and may meet an editor's
changes."""

from dataclasses import dataclass, field
from functools import cache, partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, PageLogEntry, Revision

from masthead.articles.models import (
    ArticleAuthor,
    ArticleCountry,
    ArticlePage,
    ArticleTopic,
    restricted_paths,
)
from masthead.articles.signals import articles_written
from masthead.core import tree
from masthead.photos import receivers as renditions

from ..models import ImportRecord
from . import tasks

# Fields checked before the batch is written; the rest are set by the importer
# from rows it has (region, kind, pictures, the tree).
CHECKED_FIELDS = {"title", "slug", "dek", "body", "hero_caption", "hero_credit", "teaser"}


@cache
def relation_names() -> tuple[list[str], list[str]]:
    """An article's child relations and many-to-many fields, by name."""
    children = [r.get_accessor_name() for r in get_all_child_relations(ArticlePage)]
    return children, [f.name for f in get_all_child_m2m_relations(ArticlePage)]


@dataclass
class NewArticle:
    page: ArticlePage  # not saved; its authors, regions and tags set in memory
    section: Page
    publish: bool
    old_paths: list[str]
    source_id: str
    checksum: str
    item: object  # the report's item, given the page's id once written
    revision: Revision | None = None
    record: ImportRecord | None = None


@dataclass
class Batch:
    source: str
    pending: list = field(default_factory=list)
    taken: dict = field(default_factory=dict)  # section id: the slugs of its children
    section_urls: dict = field(default_factory=dict)

    def free_slug(self, section, slug: str) -> str:
        """`slug`, or with a number after it, not taken under `section`
        (counting the articles waiting to be written)."""
        if section.pk not in self.taken:
            self.taken[section.pk] = set(Page.objects.child_of(section).values_list("slug", flat=True))
        taken = self.taken[section.pk]
        candidate, n = slug, 1
        while candidate in taken:
            n += 1
            candidate = f"{slug}-{n}"
        taken.add(candidate)
        return candidate

    def forget(self) -> None:
        """After a rollback: what was read of the tree may be gone."""
        self.taken.clear()
        self.section_urls.clear()

    @staticmethod
    def new_page(**fields) -> ArticlePage:
        """An article whose relations are all held in memory, empty until
        set: its revision is then serialised without reading any of them."""
        page = ArticlePage(**fields)
        children, m2ms = relation_names()
        for name in children:
            setattr(page, name, [])
        for name in m2ms:
            getattr(page, name).set([])
        return page

    def check(self, page: ArticlePage) -> None:
        """Raises ValidationError as saving would, without the database."""
        page.clean_fields(exclude=[f.name for f in page._meta.fields if f.name not in CHECKED_FIELDS])

    def add(self, article: NewArticle) -> None:
        self.pending.append(article)

    def write(self) -> list[NewArticle]:
        """Write what is pending; returns it, each with its page's id."""
        written, self.pending = self.pending, []
        if not written:
            return []
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(ArticlePage)
        locale = Locale.get_default()
        restricted = restricted_paths()  # one query a batch, not one a page
        numbers, added = {}, {}
        for article in written:
            page, section = article.page, article.section
            if section.pk not in numbers:
                numbers[section.pk] = tree.next_child_number(section)
            page.path = tree.child_path(Page, section.path, numbers[section.pk])
            numbers[section.pk] += 1
            added[section.pk] = added.get(section.pk, 0) + 1
            page.depth, page.numchild = section.depth + 1, 0
            page.url_path = f"{section.url_path}{page.slug}/"
            page.content_type, page.locale = content_type, locale
            page.draft_title = page.title
            page.live = article.publish
            # A post scheduled at the source waits, as Wagtail's scheduled publish leaves it.
            page.has_unpublished_changes = not article.publish
            if article.publish:
                page.first_published_at = page.first_published_at or now
                page.last_published_at = page.first_published_at
            page.latest_revision_created_at = now
            page.set_listed_at(restricted)
            page.set_derived()
        tree.insert_pages([a.page for a in written])
        tree.count_children(added)
        self.write_relations(written)
        self.write_revisions(written, now)
        self.write_redirects(written)
        records = ImportRecord.objects.bulk_create(
            ImportRecord(
                source=self.source,
                source_id=a.source_id,
                page_id=a.page.pk,
                checksum=a.checksum,
                revision=a.revision,
            )
            for a in written
        )
        for article, record in zip(written, records, strict=True):
            article.record = record
        self.announce([a.page for a in written])
        for article in written:
            article.item.page_id = article.page.pk
        return written

    @staticmethod
    def write_relations(written) -> None:
        """The authors' credits, further regions, countries and topics, held
        in memory on each page until now."""
        through = ArticlePage.further_regions.through
        authors, regions, countries, topics = [], [], [], []
        for article in written:
            page = article.page
            for credit in page.article_authors.all():
                credit.page_id, credit.listed_at = page.pk, page.listed_at
                authors.append(credit)
            regions += [through(articlepage_id=page.pk, region_id=r.pk) for r in page.further_regions.all()]
            for items, rows in ((page.country_items.all(), countries), (page.topic_items.all(), topics)):
                for item in items:
                    item.content_object_id = page.pk
                    rows.append(item)
        for model, rows in (
            (ArticleAuthor, authors),
            (through, regions),
            (ArticleCountry, countries),
            (ArticleTopic, topics),
        ):
            model.objects.bulk_create(rows)

    @staticmethod
    def write_revisions(written, now) -> None:
        """One revision a page, as `save_revision` makes it, and the log's
        "created" and (for a published page) "published" entries."""
        content_type = ContentType.objects.get_for_model(ArticlePage)
        base_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(a.page.pk),
                created_at=now,
                object_str=a.page.title,
                content=a.page.serializable_data(),
                approved_go_live_at=a.page.go_live_at,
            )
            for a in written
        )
        for article, revision in zip(written, revisions, strict=True):
            article.revision = revision
            article.page.latest_revision = revision
            article.page.live_revision = revision if article.publish else None
        # Each page's one revision, found by the database in one statement
        # each (Django's bulk_update builds a CASE of every row, far slower).
        ids = [a.page.pk for a in written]
        own = Revision.objects.filter(
            base_content_type=base_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        Page.objects.filter(pk__in=ids).update(latest_revision_id=Subquery(own.values("pk")[:1]))
        Page.objects.filter(pk__in=ids, live=True).update(live_revision_id=F("latest_revision_id"))
        entries = []
        for a in written:
            common = {
                "content_type": content_type,
                "page_id": a.page.pk,
                "label": a.page.title,
                "timestamp": now,
            }
            entries.append(PageLogEntry(action="wagtail.create", **common))
            if a.page.go_live_at:
                entries.append(
                    PageLogEntry(action="wagtail.publish.scheduled", revision=a.revision, **common)
                )
            if a.publish:
                entries.append(
                    PageLogEntry(
                        action="wagtail.publish", revision=a.revision, content_changed=True, **common
                    )
                )
        PageLogEntry.objects.bulk_create(entries)

    def write_redirects(self, written) -> None:
        """The old addresses of published posts, permanent redirects to them;
        one already there (a post deleted here and imported again) is pointed
        at the new page."""
        wanted = {}
        for a in written:
            if not a.publish:
                continue
            if a.section.pk not in self.section_urls:
                self.section_urls[a.section.pk] = a.section.get_url() or ""
            new = Redirect.normalise_path(f"{self.section_urls[a.section.pk]}{a.page.slug}/")
            for path in a.old_paths:
                old = Redirect.normalise_path(path)
                if old != new:
                    wanted[old] = a.page.pk
        if not wanted:
            return
        existing = list(Redirect.objects.filter(site=None, old_path__in=list(wanted)))
        for redirect in existing:
            redirect.redirect_page_id, redirect.is_permanent = wanted.pop(redirect.old_path), True
        Redirect.objects.bulk_update(existing, ["redirect_page", "is_permanent"])
        Redirect.objects.bulk_create(
            Redirect(old_path=old, site=None, redirect_page_id=pk, is_permanent=True)
            for old, pk in wanted.items()
        )

    @staticmethod
    def announce(pages) -> None:
        """What saving and publishing set off, once for the batch: the search
        index, related stories and the page cache's listings
        (`articles_written`), and once committed the reference index and
        the live pages' pictures' sizes."""
        articles_written.send(sender=ArticlePage, pages=pages)
        sizes = {}
        for page in (page for page in pages if page.live):
            for photo_id, specs in page.picture_sizes().items():
                sizes.setdefault(photo_id, []).extend(specs)
        renditions.queue(sizes)
        transaction.on_commit(partial(tasks.index_references.enqueue, [p.pk for p in pages]))
