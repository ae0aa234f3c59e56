"""A large archive for scale tests and benchmarks: N articles spread over
the demo's regions, kinds and authors, with pictures.

Pages are written in bulk, not one `add_child` at a time (100,000 articles
take minutes, not hours): tree paths are computed here, the page and
article rows go in with one multi-row insert per batch, and `listed_at` and
`summary` are filled as `ArticlePage.save` would. Pictures are cloned rows
of a few real picture files, with every size the site shows copied too,
so no image is decoded per article; each article gets a stored related
stories rail, as publishing would leave one. The articles have no
revisions (like an import);
the first edit in the admin makes one. They are not in the search index.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from masthead.articles.listings import RELATED_COUNT
from masthead.articles.models import ArticleAuthor, ArticlePage, AuthorPage, Kind, SectionPage
from masthead.core import tree
from masthead.discovery.models import RelatedStory
from masthead.photos import sizes
from masthead.photos.models import Photo, PhotoRendition

ARTICLES_PER_PHOTO = 10
BATCH = 2000

WORDS = (
    "port cable grid tariff border election coalition ministry treaty summit drought harvest "
    "pipeline shipping strait reactor budget deficit inflation corridor ceasefire observers "
    "mandate council senate governor province delta river railway refinery customs quota "
    "union strike court ruling appeal sanction embargo convoy patrol coast island monsoon "
    "reservoir turbine subsidy auction bond yield currency reserve lender audit inquiry"
).split()


SYLLABLES = "ka lo mi nu ser tan vel dor is ar en ol bra cri fen gal hu jor lin mar".split()
RARE_WORDS = 20_000
RARE_SHARE = 0.3  # of the words in a sentence
TOPIC_WORDS = 12


def _rare_words() -> tuple[list[str], list[float]]:
    """Made-up names and terms, drawn by Zipf's law as real text is: a few
    common, most rare. Searches for them match few articles, as searches
    for a name or a place do; the topic words above match most of them."""
    n = len(SYLLABLES)
    words = [
        SYLLABLES[i % n]
        + SYLLABLES[(i // n) % n]
        + SYLLABLES[(i // n // n) % n]
        + ("" if i < n**3 else str(i))
        for i in range(RARE_WORDS)
    ]
    cumulative, total = [], 0.0
    for rank in range(1, RARE_WORDS + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


RARE, RARE_WEIGHTS = _rare_words()


def _topics(rng) -> list[str]:
    """A piece's own few topic words: each is in about a fifth of the
    archive, as a real magazine's common words are, not in all of it."""
    return rng.sample(WORDS, TOPIC_WORDS)


def _sentence(rng, topics=WORDS) -> str:
    words = [
        rng.choices(RARE, cum_weights=RARE_WEIGHTS)[0] if rng.random() < RARE_SHARE else rng.choice(topics)
        for _ in range(rng.randint(9, 22))
    ]
    return " ".join(words).capitalize() + "."


def _paragraph(rng, topics=WORDS) -> str:
    return " ".join(_sentence(rng, topics) for _ in range(rng.randint(3, 6)))


def _clone_photos(count: int, rng) -> list[int]:
    """`count` picture rows sharing the demo's picture files and renditions."""
    sources = [
        p for p in Photo.objects.exclude(title__startswith="Portrait") if not p.title.startswith("Corpus ")
    ]
    if not sources:
        raise RuntimeError("load the demo content first: the corpus reuses its pictures")
    renditions = {}
    for source in sources:
        source.get_renditions(*sizes.LEAD)  # made once per real file, as publishing would
        renditions[source.pk] = list(
            PhotoRendition.objects.filter(image=source, filter_spec__in=sizes.LEAD).values(
                "filter_spec", "file", "width", "height", "focal_point_key"
            )
        )
    made = []
    for start in range(0, count, BATCH):
        batch = []
        for i in range(start, min(count, start + BATCH)):
            source = sources[i % len(sources)]
            batch.append(
                Photo(
                    title=f"Corpus {i}: {source.title}",
                    file=source.file.name,
                    width=source.width,
                    height=source.height,
                    file_size=source.file_size,
                    file_hash=source.file_hash,
                    collection_id=source.collection_id,
                    caption=source.caption,
                    credit=source.credit or "The Meridian Review",
                    description=source.description,
                )
            )
        batch = Photo.objects.bulk_create(batch)
        PhotoRendition.objects.bulk_create(
            [
                PhotoRendition(image_id=photo.pk, **row)
                for photo, source in zip(
                    batch, (sources[i % len(sources)] for i in range(start, start + len(batch))), strict=True
                )
                for row in renditions[source.pk]
            ]
        )
        made += [p.pk for p in batch]
    rng.shuffle(made)
    return made


def make_corpus(total: int, *, seed: int = 1, log=print, now=None) -> int:
    """Add `total` live articles. Returns how many were added."""
    rng = random.Random(seed)
    now = now or timezone.now()
    sections = list(SectionPage.objects.filter(region__isnull=False).select_related("region"))
    kinds = list(Kind.objects.all())
    authors = list(AuthorPage.objects.live().values_list("pk", flat=True))
    if not sections or not kinds or not authors:
        raise RuntimeError("load the demo content first: the corpus needs sections, kinds and authors")
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    photos = _clone_photos(max(1, total // ARTICLES_PER_PHOTO), rng)
    # Raw StreamField data: a list of blocks, stored as JSON without validation.
    body_pool = []
    for _ in range(50):
        topics = _topics(rng)
        body_pool.append(
            [
                {"type": "paragraph", "value": f"<p>{_paragraph(rng, topics)}</p>", "id": str(uuid.uuid4())}
                for _ in range(14)
            ]
        )
    added = 0
    recent = {}  # region id: its newest articles' ids
    with transaction.atomic():
        next_step = {}
        for section in sections:
            next_step[section.pk] = tree.next_child_number(section)
        while added < total:
            size = min(BATCH, total - added)
            pages, per_section = [], {}
            for i in range(size):
                n = added + i
                section = sections[rng.randrange(len(sections))]
                step = next_step[section.pk]
                next_step[section.pk] += 1
                per_section[section.pk] = per_section.get(section.pk, 0) + 1
                published = now - timedelta(minutes=30 * (total - n) + rng.randint(0, 29))
                slug = f"corpus-{seed}-{n}"
                topics = _topics(rng)
                title = _sentence(rng, topics)[:-1][:120]
                page = ArticlePage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=tree.child_path(Page, section.path, step),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    latest_revision_created_at=published,
                    listed_at=published,
                    kind=kinds[rng.randrange(len(kinds))],
                    primary_region_id=section.region_id,
                    dek=_sentence(rng, topics),
                    hero_image_id=photos[n % len(photos)],
                    teaser="",
                )
                page.summary = _paragraph(rng, topics)
                pages.append(page)
            for page in pages:
                page.body = body_pool[rng.randrange(len(body_pool))]
            tree.insert_pages(pages)
            ArticleAuthor.objects.bulk_create(
                [
                    ArticleAuthor(
                        page_id=p.pk,
                        author_id=authors[rng.randrange(len(authors))],
                        sort_order=0,
                        listed_at=p.listed_at,
                    )
                    for p in pages
                ]
            )
            # A stored related-stories rail, as publishing would leave (the
            # site computes it from the text; here: the same region's latest).
            rails = []
            for page in pages:
                before = recent.setdefault(page.primary_region_id, [])
                rails += [
                    RelatedStory(article_id=page.pk, related_id=other, position=i, score=1.0)
                    for i, other in enumerate(reversed(before[-RELATED_COUNT:]))
                ]
                before.append(page.pk)
                del before[:-RELATED_COUNT]
            RelatedStory.objects.bulk_create(rails)
            tree.count_children(per_section)
            added += size
            log(f"  {added:,} of {total:,} articles")
    return added
