"""An XSS corpus saved through the admin into every free-text field of an
article, a quick take, an author and a picture renders inert wherever
the text appears: the article, the front page, its section, search,
the feeds, the content API and the news sitemap.

"Inert" is checked on the markup, not by hoping a browser's policy blocks
it (the CSP would hide a hole): no script but our JSON-LD and our own
files, no event-handler attribute, no javascript:/vbscript:/data: link, no
frame, object, base, style or refresh. The browser test
(tests/browser/test_xss.py) opens the same kind of page with the policy
off and checks nothing ran."""

import json
import re
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.articles.models import ArticlePage, AuthorPage, BriefPage
from masthead.testing import add_url, article_form, login

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
    '<a href="javascript:window.__xss=1">click</a>',
    "</script><script>window.__xss=1</script>",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<<script>script>window.__xss=1<</script>/script>",
    '<img src="x" onerror=window.__xss=1//',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    "<style>body{display:none}</style>",
    '<a href="&#106;avascript:window.__xss=1">entity</a>',
    "{{ request.user }} {% now 'Y' %}",
]
# Three groups of four, each saved at once: every payload in every field,
# and each also next to others that might unbalance the markup around it.
GROUPS = [" ".join(CORPUS[i::3]) for i in range(3)]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
CONTROL = re.compile(r"[\x00-\x20]+")


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.in_script, self.script = [], None, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value:
                if BAD_SCHEME.match(CONTROL.sub("", value)) and not (
                    tag == "img" and value.startswith("data:image/")
                ):
                    self.problems.append(f"<{tag} {name}={value[:40]}>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta refresh>")
        if tag == "script":
            src = attrs.get("src") or ""
            if attrs.get("type") == "application/ld+json":
                self.in_script, self.script = "json", ""
            elif src.startswith("/static/"):
                self.in_script = "file"
            else:
                self.problems.append(f"<script {attrs}>")
                self.in_script = "bad"

    def handle_data(self, data):
        if self.in_script == "json":
            self.script += data

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script == "json":
            json.loads(self.script)  # JSON-LD that a payload broke out of no longer parses
        if tag == "script":
            self.in_script = None


def assert_inert(html: str, where: str) -> None:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, (where, inspector.problems)


HTML_ELEMENTS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
ATOM_HTML = {"{http://www.w3.org/2005/Atom}content", "{http://www.w3.org/2005/Atom}summary"}


def assert_inert_xml(body: bytes, where: str) -> None:
    """A feed or sitemap: well-formed, and the HTML it carries inert. Other
    elements (titles, names) are plain text, which XML escaping keeps so."""
    root = ET.fromstring(body)
    for element in root.iter():
        html = element.tag in HTML_ELEMENTS or (element.tag in ATOM_HTML and element.get("type") == "html")
        if html and element.text:
            assert_inert(element.text, f"{where} <{element.tag}>")


def assert_inert_json(value, where: str, key: str = "") -> None:
    """The API's *_html fields carry markup and must be inert; its other
    strings are plain text, for the client to escape as text."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert_inert_json(v, where, k)
    elif isinstance(value, list):
        for v in value:
            assert_inert_json(v, where, key)
    elif isinstance(value, str) and key.endswith("_html"):
        assert_inert(value, f"{where} {key}")


def link_contentstate(url: str) -> str:
    """Rich text as the editor's browser sends it, with a link of any URL:
    what a hostile editor could post without the editor's own checks."""
    block = {
        "key": "x1",
        "type": "unstyled",
        "text": "read this",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [{"offset": 0, "length": 4, "key": 0}],
        "data": {},
    }
    entity = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
    return json.dumps({"blocks": [block], "entityMap": {"0": entity}})


def publish_author(client, author, role="", bio="<p>Bio</p>", links=()):
    """The author's edit form, published, as the admin posts it."""
    form = {
        "title": author.title,
        "slug": author.slug,
        "role": role,
        "bio": rich_text(bio),
        "links": streamfield(list(links)),
        "action-publish": "publish",
    }
    return client.post(f"/admin/pages/{author.pk}/edit/", nested_form_data(form))


def save_everything_through_the_admin(client, world, payload: str):
    """Plain fields get the payload as it is; rich text gets it as an
    editor's typing arrives (text, escaped by the editor) plus a link entity
    of any URL, which is how markup can enter it at all."""
    login(client, world, "admin")
    typed = escape(payload)
    photo = world.photo
    response = client.post(
        f"/admin/images/{photo.pk}/",
        {"title": f"Picture {payload}", "caption": payload, "credit": payload[:255], "collection": 1},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body = streamfield(
        [
            ("paragraph", rich_text(f"<p>Opening {typed} words</p>")),
            ("paragraph", link_contentstate("javascript:window.__xss=1")),
            ("heading", {"text": payload[:200], "level": "h2"}),
            ("block_quote", {"quote": payload, "attribution": payload[:200]}),
            ("pull_quote", payload),
            ("image", {"image": photo.pk, "caption": payload, "credit": payload}),
            ("source_note", rich_text(f"<p>Source {typed}</p>")),
        ]
    )
    data = article_form(
        world,
        title=f"Cables {payload}",
        slug="cables-corpus",
        dek=f"Dek {payload}",
        body=body,
        teaser=f"Teaser {payload}",
        hero_image=photo.pk,
        hero_caption=payload,
        hero_credit=payload[:255],
        seo_title=f"SEO {payload}"[:255],
        search_description=f"Description {payload}",
        article_authors=inline_formset([{"author": world.author.pk}]),
    )
    response = client.post(add_url(world), data)
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(
        f"/admin/pages/add/articles/briefpage/{world.brief_index.pk}/",
        {
            "title": f"Quick {payload}",
            "slug": "quick-corpus",
            "author": world.author.pk,
            "body": rich_text(f"<p>Take {typed}</p>"),
            "access": "public",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = publish_author(client, world.author, role=payload[:120], bio=f"<p>Bio {typed}</p>")
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return ArticlePage.objects.get(slug="cables-corpus"), BriefPage.objects.get(slug="quick-corpus")


@pytest.mark.parametrize("payload", GROUPS, ids=["group-1", "group-2", "group-3"])
def test_the_corpus_saved_through_the_admin_renders_inert_everywhere(client, world, payload):
    article, brief = save_everything_through_the_admin(client, world, payload)
    assert article.live and brief.live
    html = client.get(article.url).content.decode()
    assert "Cables" in html and "Opening" in html  # the text itself is kept, as text
    for url in (article.url, "/", world.europe_section.url, brief.url, world.author.url, "/quick-takes/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
    for q in ("cables", payload):
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        assert_inert(response.content.decode(), f"search {q}")
    for url in ("/feeds/rss/", "/feeds/atom/", "/feeds/quick-takes/rss/", "/sitemap-news.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert_xml(response.content, url)
    api = (
        f"/api/v1/articles/{article.pk}?fields=title,dek,body_html",
        "/api/v1/articles",
        f"/api/v1/briefs/{brief.pk}?fields=title,body_html",
    )
    for url in api:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        answer = response.json()
        assert_inert_json(answer, url)
        assert "_html" in json.dumps(answer) or url == "/api/v1/articles"


def test_a_javascript_link_in_an_author_profile_is_refused_with_a_message(client, world):
    login(client, world, "admin")
    author = world.author
    link = ("link", {"label": "Site", "url": "javascript:window.__xss=1"})
    response = publish_author(client, author, links=[link])
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert "javascript:" not in "".join(str(b.value) for b in AuthorPage.objects.get(pk=author.pk).links)


def test_the_checker_catches_what_it_looks_for():
    for bad in [
        "<script>x</script>",
        '<img src=x onerror="y">',
        '<a href=" java\tscript:x">',
        '<iframe src="https://example.org"></iframe>',
        '<script type="application/ld+json">{"a": "</script><script>x</script>',
    ]:
        with pytest.raises((AssertionError, ValueError)):
            assert_inert(bad, "probe")
    assert_inert('<script type="application/ld+json">{"a": "b"}</script><a href="/x">x</a>', "fine")
