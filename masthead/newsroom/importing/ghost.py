"""Ghost's JSON export read into posts. A post's content may be stored as
HTML, as Lexical (Ghost 5+) or as Mobiledoc (Ghost 1–4): HTML is taken when
present, otherwise the document is rendered to HTML here. The export may
also come as a zip holding the JSON and the site's `content/images/`
folder: its pictures are then read from the zip, in memory."""

import io
import json
import re
import zipfile
from datetime import datetime
from html import escape

from .html_blocks import plain
from .posts import Export, ExportError, ItemError, Person, Picture, Post, scheduled, title_of

MAX_MEMBER = 50 * 1024 * 1024  # bytes a file of a zipped export may unpack to
MAX_TOTAL = 4 * 1024 * 1024 * 1024
IMAGES = "content/images/"


def parse(data: bytes) -> Export:
    if data[:4] == b"PK\x03\x04":
        return _parse_zip(data)
    return _parse_json(data)


def _parse_zip(data: bytes) -> Export:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile:
        raise ExportError("Not a Ghost export: a broken or truncated zip file.") from None
    if sum(m.file_size for m in members) > MAX_TOTAL or any(m.file_size > MAX_MEMBER for m in members):
        raise ExportError("The zip unpacks to more than a Ghost export holds; refused.")
    documents = [m for m in members if m.filename.endswith(".json") and IMAGES not in m.filename]
    if len(documents) != 1:
        raise ExportError("Not a Ghost export: the zip should hold one .json export file.")
    try:
        export = _parse_json(archive.read(documents[0]))
        for member in members:
            if IMAGES in member.filename:
                export.files[member.filename.split(IMAGES, 1)[1]] = archive.read(member)
    except zipfile.BadZipFile as error:
        raise ExportError(f"The zip cannot be read: {error}.") from None
    return export


def _parse_json(data: bytes) -> Export:
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ExportError(f"Not a Ghost export: not UTF-8 text (byte {error.start}).") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ExportError(f"Not a complete Ghost export: broken JSON at {where} ({error.msg}).") from None
    try:
        data = document["db"][0]["data"]
        posts = data["posts"]
    except (KeyError, IndexError, TypeError):
        raise ExportError("Not a Ghost export: no db[0].data.posts.") from None
    users = {u.get("id"): u for u in data.get("users", [])}
    tags = {t.get("id"): t.get("name", "") for t in data.get("tags", [])}
    post_tags, post_authors = {}, {}
    for row in data.get("posts_tags", []):
        post_tags.setdefault(row.get("post_id"), []).append((row.get("sort_order") or 0, row.get("tag_id")))
    for row in data.get("posts_authors", []):
        post_authors.setdefault(row.get("post_id"), []).append(
            (row.get("sort_order") or 0, row.get("author_id"))
        )
    export = Export(source="ghost", posts=[])
    for number, post in enumerate(posts, start=1):
        if not isinstance(post, dict):
            export.skip("", "", f"post {number}", "not an object")
            continue
        where = f"post {number} (Ghost id {post.get('id', '?')})"
        raw_title = str(post.get("title") or "").strip()
        if post.get("type", "post") != "post":
            export.skip(str(post.get("id", "")), raw_title, where, f"a {post.get('type')}, not a post")
            continue
        try:
            export.posts.append(_post(post, raw_title, where, users, tags, post_tags, post_authors))
        except ItemError as error:
            export.skip(str(post.get("id", "")), raw_title, where, str(error))
    return export


# Ghost's visibilities other than "public": who may read the post there.
RESTRICTED = {"members": "members-only", "paid": "for paying members", "tiers": "for chosen tiers"}


def _post(post, raw_title, where, users, tags, post_tags, post_authors) -> Post:
    if not post.get("id"):
        raise ItemError("a post without an id")
    html = _content(post)
    title, flags = title_of(raw_title, html, str(post["id"]))
    status = post.get("status", "draft")
    visibility = post.get("visibility") or "public"
    restricted = f"{RESTRICTED.get(visibility, visibility)} in Ghost" if visibility != "public" else ""
    go_live_at = None
    if status == "scheduled":
        go_live_at, flag = scheduled("Ghost", _date(post.get("published_at")), restricted)
        flags.append(flag)
    if post.get("featured"):
        flags.append("featured in Ghost: consider it for the home page")
    authors = [users[a] for _, a in sorted(post_authors.get(post["id"], [])) if a in users]
    if not authors and post.get("author_id") in users:  # Ghost 1 kept one author on the post
        authors = [users[post["author_id"]]]
    image = post.get("feature_image")
    return Post(
        source_id=str(post["id"]),
        title=title,
        slug=post.get("slug") or "",
        published=status == "published" and not restricted,
        published_at=_date(post.get("published_at")),
        go_live_at=go_live_at,
        updated_at=_date(post.get("updated_at")),
        html=html,
        excerpt=post.get("custom_excerpt") or "",
        authors=[
            Person(
                key=u.get("slug") or u["id"],
                name=u.get("name") or u.get("slug"),
                email=u.get("email", ""),
                bio=u.get("bio") or "",
            )
            for u in authors
        ],
        terms=[tags[t] for _, t in sorted(post_tags.get(post["id"], [])) if tags.get(t)],
        # Ghost's primary tag is its first; #tags are internal.
        categories=[tags[t] for _, t in sorted(post_tags.get(post["id"], [])) if tags.get(t)][:1],
        image=Picture(
            source=image,
            alt=post.get("feature_image_alt") or "",
            **caption_and_credit(plain(post.get("feature_image_caption") or "")),
        )
        if image
        else None,
        old_path=f"/{post.get('slug')}/" if post.get("slug") else "",
        restricted=restricted,
        flags=flags,
        where=where,
    )


CREDIT = re.compile(r"\s*\b(?:photo(?:graph)?|image|picture|credit)s?\s*(?:by\b|:)\s*(?P<credit>.+)$", re.I)


def caption_and_credit(text: str) -> dict:
    """Ghost has one caption field; credits are written into it ("Wagons at
    the border. Photo: Piotr Nowak/Agency")."""
    match = CREDIT.search(text)
    if not match:
        return {"caption": text, "credit": ""}
    return {"caption": text[: match.start()].strip(), "credit": match["credit"].strip()}


def _date(value):
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ItemError(f"the date “{value}” is not an ISO date") from None
    if moment.tzinfo is None:
        raise ItemError(f"the date “{value}” has no time zone")
    return moment


def _content(post) -> str:
    if post.get("html"):
        return post["html"]
    try:
        if post.get("lexical"):
            return lexical_html(json.loads(post["lexical"]))
        if post.get("mobiledoc"):
            return mobiledoc_html(json.loads(post["mobiledoc"]))
    except (json.JSONDecodeError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ItemError(f"its content document is broken ({error})") from None
    return ""


# --- Lexical (Ghost 5+) ---------------------------------------------------------

# Lexical's text format bits, and the element each stands for.
FORMATS = ((1, "b"), (2, "i"), (4, "s"), (16, "code"), (32, "sub"), (64, "sup"))


def lexical_html(document: dict) -> str:
    return "".join(_lexical(node) for node in document["root"]["children"])


def _lexical(node: dict) -> str:
    kind = node.get("type")
    inner = "".join(_lexical(child) for child in node.get("children", []))
    if kind in ("text", "extended-text"):
        text = escape(node.get("text", ""))
        fmt = node.get("format", 0) or 0
        for bit, tag in FORMATS:
            if fmt & bit:
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{escape(node.get("url", ""))}">{inner}</a>'
    if kind in ("paragraph", "extended-paragraph"):
        return f"<p>{inner}</p>"
    if kind in ("heading", "extended-heading"):
        tag = node.get("tag", "h2") if node.get("tag") in ("h1", "h2", "h3", "h4", "h5", "h6") else "h2"
        return f"<{tag}>{inner}</{tag}>"
    if kind in ("quote", "extended-quote", "aside"):
        return f"<blockquote>{inner}</blockquote>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        start = node.get("start") or 1
        return f"<{tag}{f' start={start}' if tag == 'ol' and start != 1 else ''}>{inner}</{tag}>"
    if kind == "listitem":
        return f"<li>{inner}</li>"
    return card_html(kind, node) if kind in CARDS else inner


def card_html(name: str, card: dict) -> str:
    """A Ghost card (Lexical node or Mobiledoc payload) as the HTML Ghost
    renders for it, which the body converter reads like any other post."""
    return CARDS[name](card)


def _figure(classes, inner, caption):
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="kg-card {classes}">{inner}{caption}</figure>'


def _img(card):
    return f'<img src="{escape(card.get("src", ""))}" alt="{escape(card.get("alt") or "")}">'


def _bookmark(card):
    meta = card.get("metadata") or {}
    url = escape(card.get("url", ""))
    return _figure(
        "kg-bookmark-card",
        f'<a class="kg-bookmark-container" href="{url}"><div class="kg-bookmark-content">'
        f'<div class="kg-bookmark-title">{escape(meta.get("title") or "")}</div>'
        f'<div class="kg-bookmark-description">{escape(meta.get("description") or "")}</div>'
        "</div></a>",
        card.get("caption", ""),
    )


def _embed(card):
    url = escape(card.get("url", ""))
    return _figure("kg-embed-card embed", f'<a href="{url}">{url}</a>', card.get("caption", ""))


def _markdown(card):
    # No markdown library: paragraphs by blank lines keep every word.
    text = card.get("markdown", "")
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def _media(kind):
    def render(card):
        src = escape(card.get("src", ""))
        title = escape(card.get("title") or card.get("fileTitle") or "")
        if kind == "file":
            return f'<div class="kg-card kg-file-card"><a href="{src}">{title or src}</a></div>'
        player = f'<{kind} src="{src}" title="{title}"></{kind}>'
        return _figure(f"kg-{kind}-card", player, card.get("caption", ""))

    return render


CARDS = {
    "image": lambda c: _figure("kg-image-card", _img(c), c.get("caption", "")),
    "gallery": lambda c: _figure(
        "kg-gallery-card",
        "".join(_img(image) for image in c.get("images", [])),
        c.get("caption", ""),
    ),
    "embed": _embed,
    "bookmark": _bookmark,
    "html": lambda c: c.get("html", ""),
    "markdown": _markdown,
    "codeblock": lambda c: (
        f'<pre><code class="language-{escape(c.get("language") or "")}">'
        f"{escape(c.get('code', ''))}</code></pre>"
    ),
    "code": lambda c: CARDS["codeblock"](c),
    "horizontalrule": lambda c: "<hr>",
    "hr": lambda c: "<hr>",
    "callout": lambda c: (
        '<div class="kg-card kg-callout-card">'
        f'<div class="kg-callout-emoji">{escape(c.get("calloutEmoji") or "")}</div>'
        f'<div class="kg-callout-text">{c.get("calloutText", "")}</div></div>'
    ),
    "toggle": lambda c: (
        f'<div class="kg-card kg-toggle-card"><h4>{c.get("heading", "")}</h4>'
        f'<div class="kg-toggle-content">{c.get("content", "")}</div></div>'
    ),
    "button": lambda c: (
        f'<div class="kg-card kg-button-card"><a href="{escape(c.get("buttonUrl", ""))}">'
        f"{escape(c.get('buttonText', ''))}</a></div>"
    ),
    "header": lambda c: (
        f'<div class="kg-card kg-header-card"><h2>{c.get("header", "")}</h2>'
        f"<h3>{c.get('subheader', '')}</h3></div>"
    ),
    "audio": _media("audio"),
    "video": _media("video"),
    "file": _media("file"),
}


# --- Mobiledoc (Ghost 1–4) ------------------------------------------------------


def mobiledoc_html(document: dict) -> str:
    markups = document.get("markups", [])
    atoms = document.get("atoms", [])
    cards = document.get("cards", [])
    return "".join(_section(section, markups, atoms, cards) for section in document.get("sections", []))


def _markers(markers, markups, atoms) -> str:
    out, open_tags = [], []
    for marker in markers:
        kind, opens, closes, value = marker
        for index in opens:
            tag, *attrs = markups[index]
            attributes = dict(zip(attrs[0][::2], attrs[0][1::2], strict=False)) if attrs else {}
            href = f' href="{escape(attributes["href"])}"' if tag == "a" and "href" in attributes else ""
            out.append(f"<{tag}{href}>")
            open_tags.append(tag)
        if kind == 0:
            out.append(escape(value))
        else:  # an atom: Ghost's only one is the soft line break
            name, text, _ = atoms[value]
            out.append("<br>" if name == "soft-return" else escape(text or ""))
        for _ in range(closes):
            out.append(f"</{open_tags.pop()}>")
    return "".join(out)


def _section(section, markups, atoms, cards) -> str:
    kind = section[0]
    if kind == 1:  # markup section: p, h2, blockquote…
        tag = section[1].lower()
        return f"<{tag}>{_markers(section[2], markups, atoms)}</{tag}>"
    if kind == 3:  # list section
        tag = section[1].lower()
        items = "".join(f"<li>{_markers(item, markups, atoms)}</li>" for item in section[2])
        return f"<{tag}>{items}</{tag}>"
    if kind == 10:  # card
        name, payload = cards[section[1]]
        return card_html(name, payload) if name in CARDS else ""
    return ""
