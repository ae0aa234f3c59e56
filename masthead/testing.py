"""The tiny world the tests share, and builders for more of it.

home → a region section and a kind section → two articles by one author,
a quick-takes index with one brief, and a user for each role.
"""

import io
from dataclasses import dataclass
from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.articles.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    BriefIndexPage,
    BriefPage,
    HomePage,
    Kind,
    Region,
    SectionPage,
)
from masthead.demo.pictures import draw_scene
from masthead.photos.files import save_photo
from masthead.photos.models import Photo

_serial = count(1)
PASSWORD = "correct horse battery staple"


@dataclass
class World:
    home: HomePage
    europe: Region
    asia: Region
    analysis: Kind
    news: Kind
    europe_section: SectionPage
    asia_section: SectionPage
    analysis_section: SectionPage
    author: AuthorPage
    photo: Photo
    article: ArticlePage
    other_article: ArticlePage
    brief_index: BriefIndexPage
    brief: BriefPage
    users: dict

    def fresh(self) -> "World":
        """The same world read again from the database: a test may change
        its objects in memory, and the next test must not see that."""
        found = {}
        for name, value in vars(self).items():
            if name == "users":
                User = get_user_model()
                found[name] = {key: User.objects.get(pk=user.pk) for key, user in value.items()}
            else:
                found[name] = type(value).objects.get(pk=value.pk)
        return World(**found)


def make_photo(title="A picture", credit="Jane Doe/Agency", caption="A caption.") -> Photo:
    data = draw_scene(title, size=(320, 180))
    return save_photo(
        data, f"photo-{next(_serial)}.jpg", title=title, credit=credit, caption=caption, description=title
    )


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_article(
    section, *, region=None, kind=None, authors=(), countries=(), days_ago=1, revision=True, **fields
):
    """An article under `section`; publishing through a revision unless
    `revision=False`, which saves it live directly (fast, for bulk)."""
    n = next(_serial)
    title = fields.pop("title", f"Article number {n}")
    page = ArticlePage(
        title=title,
        slug=fields.pop("slug", f"article-{n}"),
        dek=fields.pop("dek", f"The standfirst of article {n}."),
        kind=kind or section.kind or Kind.objects.get(slug="analysis"),
        primary_region=region or section.region or Region.objects.get(slug="europe"),
        body=fields.pop(
            "body", [("paragraph", f"<p>The first paragraph of article {n}, with some words.</p>")]
        ),
        first_published_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )
    page.article_authors = [ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(authors)]
    page.countries.add(*countries)
    if revision:
        return publish(section, page)
    section.add_child(instance=page)
    return page


def make_user(username, *, group=None, superuser=False):
    User = get_user_model()
    user = User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=superuser, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def build_world() -> World:
    root = Page.get_first_root_node()
    root.get_children().delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    europe, asia = Region.objects.get(slug="europe"), Region.objects.get(slug="asia-pacific")
    analysis, news = Kind.objects.get(slug="analysis"), Kind.objects.get(slug="news")
    europe_section = publish(home, SectionPage(title="Europe", slug="europe", region=europe))
    asia_section = publish(home, SectionPage(title="Asia-Pacific", slug="asia-pacific", region=asia))
    analysis_section = publish(home, SectionPage(title="Analysis", slug="analysis", kind=analysis))
    authors = publish(home, AuthorIndexPage(title="Authors", slug="authors"))
    author = publish(authors, AuthorPage(title="Ada Writer", slug="ada-writer", bio="<p>Writes.</p>"))
    photo = make_photo("Harbour at dawn", credit="REUTERS/Jane Doe")
    article = make_article(
        europe_section,
        title="Ships and cables",
        slug="ships-and-cables",
        kind=analysis,
        authors=[author],
        hero_image=photo,
        days_ago=1,
    )
    other = make_article(
        europe_section,
        title="Ports and borders",
        slug="ports-and-borders",
        kind=news,
        authors=[author],
        days_ago=2,
    )
    brief_index = publish(home, BriefIndexPage(title="Quick takes", slug="quick-takes"))
    brief = publish(
        brief_index,
        BriefPage(title="A quick thought", slug="a-quick-thought", author=author, body="<p>Short.</p>"),
    )
    users = {
        "admin": make_user("admin", superuser=True),
        "editor": make_user("editor", group="Editors"),
        "contributor": make_user("contributor", group="Contributors"),
        "photo_editor": make_user("photo_editor", group="Photo editors"),
        "administrator": make_user("administrator", group="Administrators"),
    }
    return World(
        home=home,
        europe=europe,
        asia=asia,
        analysis=analysis,
        news=news,
        europe_section=europe_section,
        asia_section=asia_section,
        analysis_section=analysis_section,
        author=author,
        photo=photo,
        article=article,
        other_article=other,
        brief_index=brief_index,
        brief=brief,
        users=users,
    )


def wsgi_request(path, method="GET", query="", host="testserver", **headers):
    """One request through the whole WSGI application, page cache in front,
    as a server would make it: returns (status code, headers, body)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from masthead.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{"HTTP_" + name.upper(): value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = {k.lower(): v for k, v in response_headers}

    # As Django's test client does: the test's transaction must stay open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


# --- The article editing form, as the admin posts it ---------------------


def sign_in(client, user):
    """A staff session past both factors (password and TOTP app), as
    after `/admin/login/` and the code; signing in through the forms
    themselves is tested in masthead/newsroom/tests/test_staff_security.py."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test app"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def login(client, world, role="editor"):
    sign_in(client, world.users[role])


def article_form(world, **overrides):
    data = {
        "title": "A new article",
        "slug": "a-new-article",
        "dek": "A standfirst.",
        "kind": world.news.pk,
        "primary_region": world.europe.pk,
        "body": streamfield([("paragraph", rich_text("<p>Some words.</p>"))]),
        "article_authors": inline_formset([]),
        "pinned_related": inline_formset([]),
        "excluded_related": inline_formset([]),
        "corrections": inline_formset([]),
        "access": "public",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(world):
    return f"/admin/pages/add/articles/articlepage/{world.europe_section.pk}/"
