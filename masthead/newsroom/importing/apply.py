"""Posts into the magazine, each on its own: each post becomes an article
under its region's section (published with its original date, or a
draft), its authors author pages, its categories and tags regions, a kind
and country tags through the mapping, its pictures credited photos from
the media folder, its old address a permanent redirect. A post that cannot
be imported is skipped with its reason and the others go in; a post
readers could not see at the source (password, private, members, paid)
comes in as a draft and is never published. A re-run updates what changed
and creates no duplicates (`ImportRecord`)."""

import hashlib
import io
import json
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urljoin, urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.utils.file import hash_filelike

from masthead.articles import countries, structure
from masthead.articles.models import (
    ArticleAuthor,
    ArticleCountry,
    ArticlePage,
    ArticleTopic,
    AuthorPage,
    Kind,
    Region,
    Topic,
)
from masthead.photos import rights
from masthead.photos.files import save_photo
from masthead.photos.models import Photo

from ..models import ImportRecord
from . import bulk, fetch, html_blocks
from .html_blocks import picture_name, picture_paths
from .posts import Export, ExportError, ItemError, Picture, Post

MAPPING_KEYS = {"regions", "kinds", "default_region", "default_kind", "ignore"}


@dataclass
class Mapping:
    regions: dict
    kinds: dict
    default_region: Region | None
    default_kind: Kind | None
    ignore: set


def load_mapping(text: str | None) -> Mapping:
    """The user's mapping, JSON: {"regions": {"Term": "region-slug"}, "kinds":
    {...}, "default_region": slug, "default_kind": slug, "ignore": [terms]}.
    Region and kind names and slugs map to themselves without being listed."""
    try:
        data = json.loads(text) if text else {}
    except json.JSONDecodeError as error:
        raise ExportError(
            f"The mapping is not JSON: line {error.lineno}, column {error.colno}: {error.msg}."
        ) from None
    if not isinstance(data, dict):
        raise ExportError("The mapping must be a JSON object.")
    if unknown := set(data) - MAPPING_KEYS:
        raise ExportError(f"The mapping has unknown keys: {', '.join(sorted(unknown))}.")
    regions = {r.slug: r for r in Region.objects.all()}
    kinds = {k.slug: k for k in Kind.objects.all()}

    def table(known, given, what):
        found = {key.lower(): value for key, value in known.items()}
        found.update({value.name.lower(): value for value in known.values()})
        if not isinstance(given, dict):
            raise ExportError(f"The mapping's {what}s must be an object of term → {what} slug.")
        for term, slug in given.items():
            if slug not in known:
                raise ExportError(f"The mapping sends “{term}” to the {what} “{slug}”, which does not exist.")
            found[str(term).lower()] = known[slug]
        return found

    def default(key, known, fallback=None):
        slug = data.get(key, fallback)
        if slug is not None and slug not in known:
            raise ExportError(f"The mapping's {key} “{slug}” does not exist.")
        return known.get(slug) if slug else None

    return Mapping(
        regions=table(regions, data.get("regions", {}), "region"),
        kinds=table(kinds, data.get("kinds", {}), "kind"),
        default_region=default("default_region", regions),
        default_kind=default("default_kind", kinds, "news" if "news" in kinds else None),
        ignore={str(t).lower() for t in data.get("ignore", [])},
    )


@dataclass
class Item:
    """What became of one item of the export, for the kept report."""

    source_id: str
    title: str
    old_url: str
    outcome: str = "skipped"  # created, updated, unchanged, skipped or conflict
    page_id: int | None = None
    notes: list = field(default_factory=list)


@dataclass
class Report:
    items: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # edited here since the import: not overwritten
    skipped: list = field(default_factory=list)
    restricted: list = field(default_factory=list)  # came in as drafts, never published
    flags: list = field(default_factory=list)  # for editors to look at
    notes: list = field(default_factory=list)
    topics: Counter = field(default_factory=Counter)  # terms that became topics, with their posts
    run: object = None  # the kept ImportRun, when kept

    def lines(self) -> list[str]:
        out = [
            f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.conflicts)} in conflict, {len(self.skipped)} skipped."
        ]
        out += [f"created: {line}" for line in self.created]
        out += [f"updated: {line}" for line in self.updated]
        out += [f"conflict: {line}" for line in self.conflicts]
        out += [f"skipped: {line}" for line in self.skipped]
        out += [f"restricted: {line}" for line in self.restricted]
        out += [f"flag: {line}" for line in self.flags]
        out += [f"note: {line}" for line in self.notes]
        out += [
            f"note: the term “{term}” ({n} post{'s' * (n != 1)}) names no region, kind or country: a topic"
            for term, n in sorted(self.topics.items())
        ]
        return out


class Importer:
    def __init__(self, export: Export, mapping: Mapping, media: Path | None, fetch=False, site=""):
        self.export, self.mapping, self.media = export, mapping, media
        # Pictures missing from the media folder are fetched from the old
        # site (`site`: its address, where the export does not give it).
        self.fetch, self.site = fetch, (site or export.site).rstrip("/")
        self.fetched = {}
        self.label = ""
        self.report = Report(skipped=list(export.skipped))
        skipped = export.skipped_items
        self.report.items = [Item(i, title, "", "skipped", None, [why]) for i, title, why in skipped]
        self.photos = {}
        self.authors = {}
        self.unresolved = False  # the post being imported links to one not imported yet
        # The posts of the file, by source id and old path: what a link may find later in it.
        self.in_export = {p.source_id for p in export.posts} | {
            Redirect.normalise_path(p.old_path) for p in export.posts if p.old_path
        }
        self.dry_run = False
        self.item = None  # the report's item of the post being imported
        self.items = {}  # every post's item, by source id
        self.incomplete = False  # a picture of the post being imported could not be had
        self.savepoint = None  # taken before the post being imported first writes
        self.terms_made = []  # mapping entries the post being imported added
        self.batch = bulk.Batch(export.source)  # new articles, written together
        self.sections = {}  # region id: its section
        self.tags = {}  # (tag model, name): the tag
        # What earlier imports of this source made, by source id.
        self.records = {r.source_id: r for r in ImportRecord.objects.filter(source=export.source)}

    def run(self, dry_run=False, progress=None) -> Report:
        """Imports the posts a batch (`IMPORT_BATCH`) at a time, each batch
        committed whole, then calls `progress(done, total)` in the batch's
        transaction. Should one fail, the batches before it stay whole and a
        re-run goes on from there. A dry run is one transaction, rolled back."""
        self.dry_run = dry_run
        if self.fetch and not dry_run:
            self.fetched = fetch.fetch_all(self.to_fetch())
        posts, size = self.export.posts, settings.IMPORT_BATCH
        with transaction.atomic() if dry_run else nullcontext():
            linking_ahead = []
            for start in range(0, len(posts), size):
                with transaction.atomic():
                    for post in posts[start : start + size]:
                        if self.one_safely(post):
                            self.flag(post)
                            if self.unresolved:
                                linking_ahead.append(post)
                    for written in self.batch.write():
                        self.records[written.source_id] = written.record
                    if progress:
                        progress(min(start + size, len(posts)), len(posts))
            # Posts that link to posts imported after them: their links now
            # find their pages.
            with transaction.atomic():
                for post in linking_ahead:
                    self.one_safely(post, again=True)
            if dry_run:
                transaction.set_rollback(True)
        return self.report

    def flag(self, post: Post) -> None:
        label = f"{post.where} “{post.title}”"
        if post.restricted:
            restricted = f"{post.restricted}; a draft here, never published"
            self.report.restricted.append(f"{label}: {restricted}")
            self.item.notes.append(f"was restricted: {restricted}")
        self.report.flags += [f"{label}: {flag}" for flag in post.flags]
        self.item.notes += post.flags

    def one_safely(self, post: Post, again=False) -> bool:
        if again:  # the second pass over a post: its own item, not the last one's
            self.item = self.items[post.source_id]
        else:
            self.item = self.items[post.source_id] = Item(post.source_id, post.title, post.old_path)
            self.report.items.append(self.item)
        self.savepoint, self.terms_made = None, []
        try:
            imported = self.one(post, again)
        except (ItemError, ValidationError) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            if self.savepoint is not None:  # a post that fails leaves nothing
                transaction.savepoint_rollback(self.savepoint)
            # What the failed post made was rolled back: forget it.
            self.photos.clear()
            self.authors.clear()
            self.sections.clear()
            self.tags.clear()
            self.batch.forget()
            for term in self.terms_made:
                self.mapping.regions.pop(term, None)
            self.skip(post, reason)
            return False
        if self.savepoint is not None:
            transaction.savepoint_commit(self.savepoint)
        return imported

    def writing(self) -> None:
        """Called before the post being imported first writes to the
        database: a savepoint then, so that should the post fail, what it
        wrote goes. Most new posts write nothing until their batch is
        written, and so cost no savepoint (two round trips a post)."""
        if self.savepoint is None:
            self.savepoint = transaction.savepoint()

    def skip(self, post: Post, reason: str) -> bool:
        self.report.skipped.append(f"{post.where} “{post.title}”: {reason}")
        self.item.outcome, self.item.page_id = "skipped", None
        self.item.notes.append(reason)
        return False

    def note(self, label: str, text: str) -> None:
        """A loss or a change in one post: in the report, and on its item;
        once, however often the post shows the picture or is converted."""
        if text in self.item.notes:
            return
        self.report.notes.append(f"{label}: {text}")
        self.item.notes.append(text)

    def outcome(self, label: str, outcome: str, page_id, again: bool, detail: str = "") -> bool:
        """`page_id` is None for a new article still to be written (bulk.Batch
        gives the item its page's id)."""
        if not again:
            self.item.outcome, self.item.page_id = outcome, page_id
            {
                "created": self.report.created,
                "updated": self.report.updated,
                "unchanged": self.report.unchanged,
                "conflict": self.report.conflicts,
            }[outcome].append(f"{label}{detail}")
        return True

    # --- one post ---------------------------------------------------------------

    def one(self, post: Post, again=False) -> bool:
        """Imports the post; False when it is skipped (the report says why)."""
        label = self.label = f"{post.where} “{post.title}”"
        terms = self.sort_terms(post)
        region = terms["regions"][0] if terms["regions"] else self.mapping.default_region
        if region is None:
            region = self.region_from(post, label)
        kind = terms["kinds"][0] if terms["kinds"] else self.mapping.default_kind
        if kind is None:
            return self.skip(post, "no category or tag maps to a kind, and no default_kind")
        section = self.section(region)
        record = self.records.get(post.source_id)
        # What the import made of the post: its content, and where the
        # mapping put it; a new mapping re-applies it.
        checksum = hashlib.sha256(f"{post.checksum()}:{region.pk}:{kind.pk}".encode()).hexdigest()
        if record and record.checksum == checksum and not again:
            return self.outcome(label, "unchanged", record.page_id, again)
        if record and not again and (edited := self.edited_here(record)):
            detail = (
                f": edited here on {edited:%Y-%m-%d %H:%M}, changed at the source"
                f"{f' on {post.updated_at:%Y-%m-%d %H:%M}' if post.updated_at else ''}; "
                "kept as edited here, the source's version not applied"
            )
            return self.outcome(label, "conflict", record.page_id, again, detail)
        self.unresolved = self.incomplete = False
        converted = html_blocks.convert(post.html, self.picture_for_src, self.link_for)
        if not again:
            for text in dict.fromkeys(converted.notes):
                self.note(label, text)
        hero = self.picture(post.image, label) if post.image else None
        if record is None and not again:
            return self.new(post, label, section, kind, region, terms, converted.blocks, hero, checksum)
        self.writing()  # an update goes through Wagtail's own calls, which write
        if record and record.page.get_parent().pk != section.pk:  # a new mapping places it elsewhere
            record.page.move(section, pos="last-child")
        page = ArticlePage.objects.get(pk=record.page_id)
        self.fill(page, post, kind, region, terms, converted.blocks, hero, again)
        revision = page.save_revision()
        problems = rights.problems(page.picture_uses())
        if post.published and not problems:
            revision.publish()
            self.redirect(post, page)
        elif post.published or post.go_live_at:
            for problem in problems:
                self.note(label, f"kept as a draft. {problem}")
            if not problems:  # its go-live is in the future: Wagtail schedules it
                revision.publish()
        elif page.live:  # unpublished or restricted at the source since the last run
            page.unpublish()
        self.records[post.source_id], _ = ImportRecord.objects.update_or_create(
            source=self.export.source,
            source_id=post.source_id,
            # Pictures that could not be had are tried again by a re-run.
            defaults={
                "page": page,
                "checksum": "incomplete" if self.incomplete else checksum,
                "revision": revision,
            },
        )
        return self.outcome(label, "updated" if record else "created", page.pk, again)

    def new(
        self, post: Post, label: str, section, kind, region, terms: dict, blocks, hero, checksum: str
    ) -> bool:
        """A post imported for the first time: checked now, written with its
        batch."""
        page = self.batch.new_page(
            slug=self.batch.free_slug(section, slugify(post.slug or post.title)[:200] or "post")
        )
        self.fill(page, post, kind, region, terms, blocks, hero, again=False)
        self.batch.check(page)
        problems = rights.problems(page.picture_uses())
        if post.published:
            page.first_published_at = post.published_at
        if post.published or post.go_live_at:
            for problem in problems:
                self.note(label, f"kept as a draft. {problem}")
        if problems:
            page.go_live_at = None
        self.batch.add(
            bulk.NewArticle(
                page=page,
                section=section,
                publish=post.published and not problems,
                old_paths=self.old_paths(post),
                source_id=post.source_id,
                checksum="incomplete" if self.incomplete else checksum,
                item=self.item,
            )
        )
        return self.outcome(label, "created", None, again=False)

    def fill(self, page, post: Post, kind, region, terms: dict, blocks, hero, again: bool) -> None:
        """What the post says, onto the page (in memory: its relations too)."""
        page.title = post.title[:255]
        page.dek = self.dek(post, blocks)
        page.kind, page.primary_region = kind, region
        page.body = blocks
        page.teaser = ""
        page.hero_image = hero
        page.hero_caption = (post.image.caption if post.image else "")[:400]
        page.hero_credit = (post.image.credit if post.image else "")[:255]
        page.go_live_at = post.go_live_at
        page.further_regions.set([r for r in terms["regions"][1:] if r != region])
        # Tags through their items: what `countries.set()` does, without its queries.
        page.country_items = [ArticleCountry(tag=self.tag(Tag, name)) for name in terms["countries"]]
        # Terms nothing else took are topics; not the one the post's region was made from.
        topics = [t for t in dict.fromkeys(terms["topics"]) if t.lower() != region.name.lower()]
        page.topic_items = [ArticleTopic(tag=self.tag(Topic, name)) for name in topics]
        if not again:
            self.report.topics.update(topics)
        page.article_authors = [
            ArticleAuthor(author=self.author(person), sort_order=i) for i, person in enumerate(post.authors)
        ]

    def tag(self, model, name: str):
        """The tag of that name (as taggit matches names: exactly), made if
        new; kept for the posts after."""
        key = (model, name)
        if key not in self.tags:
            found = model.objects.filter(name=name).first()
            if found is None:
                self.writing()
                found = model.objects.create(name=name)
            self.tags[key] = found
        return self.tags[key]

    def section(self, region):
        if region.pk not in self.sections:
            self.writing()
            section, made = structure.ensure_section(region)
            if made:
                self.report.notes.append(
                    f"the section “{section.title}” was made to hold the region {region}"
                )
            self.sections[region.pk] = section
        return self.sections[region.pk]

    @staticmethod
    def edited_here(record):
        """When an editor last changed the page, if after the import."""
        page = record.page
        if record.revision_id is None or page.latest_revision_id in (None, record.revision_id):
            return None
        return page.latest_revision.created_at

    def region_from(self, post: Post, label: str) -> Region:
        """A post no term or default places: in a region made from its own
        category (the source's section), or else in Global."""
        category = next((c for c in post.categories if c.lower() not in self.mapping.ignore), "")
        slug = slugify(category)[:50]
        self.writing()
        if not slug:
            region = Region.objects.filter(slug="global").first() or Region.objects.create(
                name="Global", slug="global"
            )
            self.note(label, f"no category or tag names a region: put in {region.name}")
            return region
        region, made = Region.objects.get_or_create(
            slug=slug, defaults={"name": category[:60], "sort_order": Region.objects.count()}
        )
        if made:
            self.report.notes.append(f"the region “{region.name}” was made from the source's category")
        self.mapping.regions[category.lower()] = region
        self.terms_made.append(category.lower())
        return region

    def sort_terms(self, post: Post) -> dict:
        found = {"regions": [], "kinds": [], "countries": [], "topics": []}
        for term in post.terms:
            key = term.lower()
            if key in self.mapping.ignore:
                continue
            if key in self.mapping.regions:
                found["regions"].append(self.mapping.regions[key])
            elif key in self.mapping.kinds:
                found["kinds"].append(self.mapping.kinds[key])
            elif country := countries.find(term):
                found["countries"].append(country.name)
            elif not term.startswith("#"):  # Ghost's #tags are internal
                found["topics"].append(term)
        found["regions"] = list(dict.fromkeys(found["regions"]))
        found["countries"] = list(dict.fromkeys(found["countries"]))
        return found

    @staticmethod
    def dek(post: Post, blocks) -> str:
        text = post.dek or html_blocks.plain(post.excerpt)
        if not text:
            first = next((v for t, v in blocks if t == "paragraph"), None)
            text = html_blocks.plain(first.source) if first else post.title
        if len(text) > 400:
            text = text[:397].rsplit(" ", 1)[0] + "…"
        return text

    def author(self, person) -> AuthorPage:
        slug = slugify(person.key or person.name)[:200] or "author"
        if slug not in self.authors:
            author = AuthorPage.objects.filter(slug=slug).first()
            if author is None:
                self.writing()
                index = structure.ensure_author_index()
                bio = html_blocks.plain(person.bio) or person.name
                author = AuthorPage(title=person.name[:255], slug=slug, bio=f"<p>{escape(bio)}</p>")
                index.add_child(instance=author)
                author.save_revision().publish()
                if not person.bio:
                    self.report.notes.append(f"author page made for {person.name}: it needs a bio")
            self.authors[slug] = author
        return self.authors[slug]

    def picture_for_src(self, src: str, alt: str = ""):
        """A picture in a post's text, with what the source recorded of it
        (its attachment's caption and credit) and the alt text given here."""
        known = self.known(src)
        if known is None:
            return self.picture(Picture(source=src, alt=alt), None)
        return self.picture(replace(known, alt=alt or known.alt), None)

    def link_for(self, href: str) -> tuple[str, int | None]:
        """Where a link in a post points now: (address, None), or for a link
        to an imported post (its old path, which redirects, and the page's
        id): rich text links to the page itself, and follows it wherever it
        moves."""
        href = href.replace("__GHOST_URL__", "")
        parsed = urlparse(href)
        site = urlparse(self.site).netloc if self.site else None
        if parsed.netloc and parsed.netloc != site or not (parsed.netloc or href.startswith("/")):
            return href, None
        post_id = parse_qs(parsed.query).get("p", [""])[0]
        if post_id:
            record = self.records.get(post_id)
            page_id = record.page_id if record else None
            in_export = post_id in self.in_export
        else:
            old = Redirect.normalise_path(parsed.path or "/")
            page_id = (
                Redirect.objects.filter(old_path=old, redirect_page__isnull=False)
                .values_list("redirect_page_id", flat=True)
                .first()
            )
            in_export = old in self.in_export
        path = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
        # A post of this file not written yet: its links get a second pass.
        # A link to what the file does not hold stays as it is.
        if not page_id and in_export:
            self.unresolved = True
        return path, page_id

    def address(self, source: str) -> str:
        """A picture's absolute address at the old site."""
        source = source.replace("__GHOST_URL__", self.site)
        return urljoin(self.site + "/", source) if self.site else source

    def to_fetch(self) -> list[str]:
        """The pictures posts show that the media folder lacks, by address."""
        sources = []
        for post in self.export.posts:
            if post.image:
                sources.append(post.image.source)
            sources += html_blocks.image_sources(post.html)
        pictures = [self.known(s) or Picture(source=s) for s in sources]
        carried = self.export.files
        return [
            self.address(p.source)
            for p in pictures
            if self.find_file(p) is None and not any(path in carried for path in picture_paths(p.source))
        ]

    def known(self, src: str) -> Picture | None:
        """The source's own record of a picture (the original, not a
        resized copy; its caption and credit), if it has one."""
        return next((self.export.pictures[p] for p in picture_paths(src) if p in self.export.pictures), None)

    def find_file(self, picture) -> Path | None:
        """The picture's file in the media folder (the uploads tree as the
        source kept it, or flat), never outside it."""
        if not self.media or not picture.source:
            return None
        root = self.media.resolve()
        for relative in picture_paths(picture.source):
            path = (self.media / relative).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
        return None

    def picture(self, picture, label) -> Photo | None:
        key = picture_paths(picture.source)[0] if picture.source else ""
        if key in self.photos:
            return self.photos[key]
        label = label or f"{self.label}: a picture in the text"
        path = self.find_file(picture)
        carried = next((p for p in picture_paths(picture.source) if p in self.export.files), None)
        if path is not None:
            data, name = path.read_bytes(), path.name
        elif carried is not None:
            data, name = self.export.files[carried], PurePosixPath(carried).name
        else:
            fetched = self.fetched.get(self.address(picture.source))
            if fetched is None or not fetched.data:
                self.incomplete = True
                where = "in the media folder" + (" nor fetched" if self.fetch else "")
                self.note(label, f"{key}: {fetched.error if fetched else f'not {where}'}")
                return None
            data, name = fetched.data, picture_name(picture.source)
        digest = hash_filelike(io.BytesIO(data))
        photo = Photo.objects.filter(file_hash=digest).first()
        if photo is None and self.dry_run:
            # The database is rolled back after a dry run, but stored files
            # would stay: a dry run only says what it would bring in.
            self.note(label, f"would bring in {key}")
            return None
        if photo is None:
            self.writing()
            try:
                photo = save_photo(
                    data,
                    name,
                    title=(picture.caption or picture.alt or Path(name).stem)[:255],
                    caption=picture.caption,
                    credit=picture.credit[:255],
                    description=picture.alt[:255] if picture.alt else "",
                )
            except ValidationError as error:
                self.incomplete = True
                self.note(label, f"{key} was not imported: {' '.join(error.messages)}")
                return None
        self.photos[key] = photo
        return photo

    def old_paths(self, post: Post) -> list[str]:
        """The post's path, and for WordPress its `?p=ID` link too."""
        old_paths = [post.old_path] if post.old_path else []
        if self.export.source == "wordpress":
            old_paths.append(f"/?p={post.source_id}")
        return old_paths

    def redirect(self, post: Post, page) -> None:
        """Old addresses, permanent redirects."""
        for path in self.old_paths(post):
            old = Redirect.normalise_path(path)
            if old == Redirect.normalise_path(page.url or ""):
                continue
            Redirect.objects.update_or_create(
                old_path=old, site=None, defaults={"redirect_page": page, "is_permanent": True}
            )
