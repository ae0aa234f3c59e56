"""Build the demo magazine: home, sections, authors, articles, quick takes,
pictures, site settings and two logins.

Everything is keyed on a slug or title and only created when missing, so a
second run changes nothing: no new pages, revisions, pictures or passwords.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from html import escape
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from masthead.articles.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    BriefIndexPage,
    BriefPage,
    Correction,
    EditorsPick,
    Kind,
    PinnedRelated,
    Region,
    SectionPage,
    StandardPage,
)
from masthead.articles.structure import ensure_home
from masthead.core.models import MagazineSettings, Tier
from masthead.discovery import related
from masthead.newsroom import roles
from masthead.photos.files import save_photo
from masthead.photos.models import Photo

from . import content
from .pictures import draw_portrait, draw_scene


@dataclass
class Login:
    username: str
    password: str | None  # None: the account existed before and was left alone
    role: str


def load_demo_content(now=None, log=print) -> list[Login]:
    now = now or timezone.now()
    with transaction.atomic():
        home = ensure_home()
        ensure_settings()
        sections = ensure_sections(home)
        authors = ensure_authors(home)
        ensure_tiers()
        ensure_articles(sections, authors, now)
        # Every rail at once, with the whole archive's word counts; publishing
        # also queued one task per article, which recompute the same.
        related.compute_all()
        ensure_briefs(home, authors, now)
        ensure_standard_pages(home)
        ensure_picks(home)
        logins = ensure_logins()
        ensure_newsletters(now)
    log(
        f"Demo magazine ready: {ArticlePage.objects.live().count()} articles, "
        f"{BriefPage.objects.live().count()} quick takes, {AuthorPage.objects.live().count()} authors."
    )
    return logins


def ensure_settings() -> None:
    if MagazineSettings.objects.exists():
        return
    data = content.SETTINGS
    MagazineSettings.objects.create(
        publication_name=data["publication_name"],
        tagline=data["tagline"],
        newsletter_blurb=data["newsletter_blurb"],
        footer=data["footer"],
        social_links=[
            ("link", {"network": n, "url": settings.SITE_URL + u if u.startswith("/") else u})
            for n, u in data["social_links"]
        ],
    )


def _child(parent, model, slug, build):
    """The child of `parent` with `slug`, created and published by `build()` if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_sections(home) -> dict:
    sections = {}
    for region in Region.objects.all():
        sections[region.slug] = _child(
            home, SectionPage, region.slug, lambda r=region: SectionPage(title=r.name, region=r)
        )
    for kind in Kind.objects.all():
        _child(home, SectionPage, kind.slug, lambda k=kind: SectionPage(title=k.name, kind=k))
    _child(
        home,
        BriefIndexPage,
        "quick-takes",
        lambda: BriefIndexPage(title="Quick takes", intro="Short commentary from our staff, as news breaks."),
    )
    return sections


def ensure_picture(key: str, portrait=False) -> Photo:
    if portrait:
        title, credit, reference = f"Portrait: {key}", "The Meridian Review", ""
    else:
        title, credit, reference = content.PICTURES[key]
    photo = Photo.objects.filter(title=title).first()
    if photo:
        return photo
    data = draw_portrait(key) if portrait else draw_scene(key)
    return save_photo(
        data,
        f"{key}.jpg",
        title=title,
        description="" if portrait else title,
        caption="" if portrait else title + ".",
        credit=credit,
        agency_reference=reference,
    )


def ensure_authors(home) -> dict:
    index = _child(home, AuthorIndexPage, "authors", lambda: AuthorIndexPage(title="Authors"))
    authors = {}
    for data in content.AUTHORS:

        def build(data=data):
            return AuthorPage(
                title=data["name"],
                role=data["role"],
                bio=data["bio"],
                photo=ensure_picture(data["slug"], portrait=True),
                links=[("link", {"label": label, "url": url}) for label, url in data["links"]],
            )

        authors[data["slug"]] = _child(index, AuthorPage, data["slug"], build)
    return authors


def ensure_picks(home) -> None:
    if home.picks.exists():
        return
    by_slug = {a.slug: a for a in ArticlePage.objects.filter(slug__in=[slug for slug, _ in content.PICKS])}
    home.picks = [
        EditorsPick(article=by_slug[slug], note=note) for slug, note in content.PICKS if slug in by_slug
    ]
    home.support_heading, home.support_text = content.SUPPORT_BOX
    home.save_revision().publish()


def ensure_standard_pages(home) -> None:
    for data in content.STANDARD_PAGES:
        _child(
            home,
            StandardPage,
            data["slug"],
            lambda d=data: StandardPage(
                title=d["title"],
                intro=d["intro"],
                body=[("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in d["body"]],
                list_staff=d.get("list_staff", False),
                counting_notice=d.get("counting_notice", False),
                show_in_menus=True,
            ),
        )


def _body(blocks):
    """Swap picture keys in image blocks for the pictures themselves."""
    out = []
    for block_type, value in blocks:
        if block_type == "image":
            value = {**value, "image": ensure_picture(value["image"])}
        out.append((block_type, value))
    return out


def ensure_tiers() -> None:
    for order, data in enumerate(content.TIERS):
        Tier.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "benefits": data["benefits"],
                "monthly_price": data["monthly"],
                "yearly_price": data["yearly"],
                "sort_order": order,
            },
        )


def ensure_articles(sections, authors, now) -> None:
    kinds = {k.slug: k for k in Kind.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    # Oldest first, so an article's pinned related stories already exist.
    for data in sorted(content.ARTICLES, key=lambda a: -a["days_ago"]):

        def build(data=data):
            published = now - timedelta(days=data["days_ago"])
            page = ArticlePage(
                title=data["title"],
                dek=data["dek"],
                kind=kinds[data["kind"]],
                primary_region=regions[data["region"]],
                hero_image=ensure_picture(data["picture"]),
                hero_caption=data.get("hero_caption", ""),
                body=_body(data["body"]),
                first_published_at=published,
                updated_at=now - timedelta(days=data["updated_days_ago"])
                if "updated_days_ago" in data
                else None,
                search_description=data["dek"],
                access=data.get("access", "public"),
            )
            page.access_tiers = list(Tier.objects.filter(slug__in=data.get("tiers", [])))
            page.further_regions = [regions[s] for s in data.get("further_regions", [])]
            page.countries.add(*data["countries"])
            page.topics.add(*content.TOPICS.get(data["slug"], []))
            page.article_authors = [
                ArticleAuthor(author=authors[slug], sort_order=i) for i, slug in enumerate(data["authors"])
            ]
            page.corrections = [
                Correction(text=text, made_at=now - timedelta(days=days), sort_order=i)
                for i, (days, text) in enumerate(data.get("corrections", []))
            ]
            page.pinned_related = [
                PinnedRelated(related=ArticlePage.objects.get(slug=slug), sort_order=i)
                for i, slug in enumerate(data.get("related", []))
            ]
            return page

        _child(sections[data["region"]], ArticlePage, data["slug"], build)


def ensure_briefs(home, authors, now) -> None:
    index = BriefIndexPage.objects.child_of(home).get(slug="quick-takes")
    for data in sorted(content.BRIEFS, key=lambda b: -b["days_ago"]):
        _child(
            index,
            BriefPage,
            data["slug"],
            lambda data=data: BriefPage(
                title=data["title"],
                author=authors[data["author"]],
                body=data["body"],
                first_published_at=now - timedelta(days=data["days_ago"]),
            ),
        )


def _logins_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.json"


# Demo accounts: username, role, and the groups giving that role's rights
# (the administrator is a superuser). See masthead/newsroom/roles.py.
LOGINS = (
    ("admin", "administrator"),
    ("editor", "editor"),
    ("writer", "contributor"),
    ("photos", "photo editor"),
)
ROLE_GROUPS = {
    "administrator": [],
    "editor": [roles.EDITORS, roles.NEWSLETTER_EDITORS],
    "contributor": [roles.CONTRIBUTORS],
    "photo editor": [roles.PHOTO_EDITORS],
}


def ensure_logins() -> list[Login]:
    """An administrator, an editor who may publish, a contributor whose
    pieces go to review, a photo editor. Passwords are made once, kept in
    the data folder (mode 600) and never reset."""
    path = _logins_file()
    saved = json.loads(path.read_text()) if path.exists() else {}
    User = get_user_model()
    logins = []
    for username, role in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            saved[username] = secrets.token_urlsafe(12)
            user = User(username=username, email=f"{username}@example.org", is_staff=role == "administrator")
            user.is_superuser = role == "administrator"
            user.set_password(saved[username])
            user.save()
            user.groups.add(*Group.objects.filter(name__in=ROLE_GROUPS[role]))
        logins.append(Login(username, saved.get(username), role))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved))
    path.chmod(0o600)
    return logins


def ensure_newsletters(now) -> None:
    """The weekly round-up and a regional alert, a few subscribers at
    example.org, and one edition already sent so the archive has a page.
    Sent to the demo inbox like every other demo mail."""
    from masthead.newsletter.delivery import Worker, start_send
    from masthead.newsletter.editions import draft_edition
    from masthead.newsletter.models import Edition, Newsletter, Subscriber, Subscription

    for data in content.NEWSLETTERS:
        region = Region.objects.filter(slug=data.get("region", "")).first()
        Newsletter.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "region": region,
                "is_default": data.get("default", False),
                "sort_order": data["sort_order"],
            },
        )
    if Edition.objects.exists():
        return
    round_up = Newsletter.objects.get(slug=content.NEWSLETTERS[0]["slug"])
    for address in content.DEMO_SUBSCRIBERS:
        subscriber, _ = Subscriber.objects.get_or_create(
            email=address, defaults={"state": Subscriber.State.ACTIVE, "confirmed_at": now}
        )
        Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter=round_up, defaults={"confirmed_at": now}
        )
    edition = draft_edition(round_up, end=now)
    edition.intro = content.EDITION_INTRO
    edition.save()
    start_send(edition)
    transaction.on_commit(lambda: Worker().run(once=True))


def warm_pages(log=print) -> None:
    """Render every live page once, so the image sizes the templates ask for
    exist before the first reader arrives."""
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost").lstrip(".")
    client = Client()
    pages = Page.objects.live().exclude(depth=1).specific()
    for page in pages:
        url = page.get_url()
        if url:
            response = client.get(url, HTTP_HOST=host)
            if response.status_code != 200:
                log(f"warning: {url} answered {response.status_code}")
    log(f"Rendered {len(pages)} pages once to prepare their pictures.")
