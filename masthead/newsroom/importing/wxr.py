"""WordPress's export (WXR: RSS 2.0 with the `wp:` namespace) read into
posts. Posts are imported; attachments give featured pictures; pages, menu
items, revisions and the like are listed as skipped."""

from datetime import UTC, datetime
from html import unescape
from urllib.parse import urlparse

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from . import wordpress_text
from .html_blocks import picture_paths
from .posts import Export, ExportError, ItemError, Person, Picture, Post, scheduled, title_of

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# Custom fields (post meta) read as the standfirst and as a picture's credit.
DEK_FIELDS = ("standfirst", "dek", "subtitle", "subheadline")
CREDIT_FIELDS = ("credit", "photo_credit", "media_credit", "_media_credit", "image_credit")


def _wp(element, name: str) -> str:
    """A `wp:` child's text, whatever WXR version (1.0–1.2) the namespace says."""
    for child in element:
        if child.tag.endswith("}" + name) and "wordpress.org/export" in child.tag:
            return (child.text or "").strip()
    return ""


def _excerpt(item) -> str:
    for child in item:
        if child.tag.endswith("}encoded") and "excerpt" in child.tag:
            return (child.text or "").strip()
    return ""


def _meta(item) -> dict[str, str]:
    found = {}
    for child in item:
        if child.tag.endswith("}postmeta"):
            found[_wp(child, "meta_key")] = _wp(child, "meta_value")
    return found


def _date(text: str):
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise ItemError(f"the date “{text}” is not in WordPress's form (2024-03-05 10:00:00)") from None


def parse(data: bytes) -> Export:
    try:
        root = SafeET.fromstring(data)
    except SafeET.ParseError as error:
        line, column = error.position
        raise ExportError(
            f"Not a complete WordPress export: broken XML at line {line}, column {column}."
        ) from None
    except DefusedXmlException:
        raise ExportError(
            "The file declares XML entities or a DTD, which exports never do; refused."
        ) from None
    channel = root.find("channel")
    if (
        root.tag != "rss"
        or channel is None
        or not any("wordpress.org/export" in e.tag for e in channel.iter())
    ):
        raise ExportError("Not a WordPress export: no <rss><channel> with WordPress (wp:) elements.")
    site = (channel.findtext("link") or "").rstrip("/")
    authors = {}
    for element in channel:
        if element.tag.endswith("}author"):
            login = _wp(element, "author_login")
            authors[login] = Person(
                key=login,
                name=_wp(element, "author_display_name") or login,
                email=_wp(element, "author_email"),
            )
    items = channel.findall("item")
    attachments, urls, children = {}, {}, {}
    for item in items:
        if _wp(item, "post_type") == "attachment":
            meta = _meta(item)
            urls[_wp(item, "post_id")] = _wp(item, "attachment_url")
            children.setdefault(_wp(item, "post_parent"), []).append(_wp(item, "post_id"))
            attachments[_wp(item, "post_id")] = Picture(
                source=_wp(item, "attachment_url"),
                caption=unescape(_excerpt(item) or (item.findtext("title") or "").strip()),
                credit=next((meta[k] for k in CREDIT_FIELDS if meta.get(k)), ""),
                alt=meta.get("_wp_attachment_image_alt", ""),
            )
    export = Export(source="wordpress", posts=[], site=site)
    export.pictures = {picture_paths(p.source)[0]: p for p in attachments.values()}
    media = (urls, children)
    for number, item in enumerate(items, start=1):
        kind, post_id = _wp(item, "post_type"), _wp(item, "post_id")
        # WordPress keeps titles as HTML: "Ships &amp; ports", "<em>Ships</em>".
        raw_title = unescape((item.findtext("title") or "").strip())
        where = f"item {number} (WordPress id {post_id or '?'})"
        if kind == "attachment":
            continue
        if kind != "post":
            export.skip(post_id, raw_title, where, f"a {kind or 'untyped item'}, not a post")
            continue
        status = _wp(item, "status")
        if status == "trash":
            export.skip(post_id, raw_title, where, "in the bin")
            continue
        try:
            post = _post(item, post_id, raw_title, status, where, authors, attachments, site, media)
            export.posts.append(post)
        except ItemError as error:
            export.skip(post_id, raw_title, where, str(error))
    return export


def _post(item, post_id, raw_title, status, where, authors, attachments, site, media) -> Post:
    if not post_id:
        raise ItemError("a post without wp:post_id")
    urls, children = media
    html = wordpress_text.render(item.findtext(CONTENT) or "", urls, children.get(post_id, []))
    title, flags = title_of(raw_title, html, post_id)
    meta = _meta(item)
    creator = (item.findtext(DC_CREATOR) or "").strip()
    link = item.findtext("link") or ""
    restricted = ""
    if _wp(item, "post_password"):
        restricted = "password-protected in WordPress"
    elif status == "private":
        restricted = "private in WordPress"
    go_live_at = None
    if status not in ("publish", "draft", "pending", "private", "future", ""):
        flags.append(f"unknown status “{status}” in WordPress: imported as a draft")
    elif status == "future":
        go_live_at, flag = scheduled("WordPress", _date(_wp(item, "post_date_gmt")), restricted)
        flags.append(flag)
    if _wp(item, "is_sticky") == "1":
        flags.append("sticky in WordPress: consider it for the home page")
    comments = sum(1 for child in item if child.tag.endswith("}comment"))
    if comments:
        flags.append(f"{comments} comment{'s' * (comments != 1)} not imported")
    return Post(
        source_id=post_id,
        title=title,
        slug=_wp(item, "post_name"),
        published=status == "publish" and not restricted,
        published_at=_date(_wp(item, "post_date_gmt")),
        go_live_at=go_live_at,
        updated_at=_date(_wp(item, "post_modified_gmt")),
        html=html,
        excerpt=_excerpt(item),
        dek=next((meta[k] for k in DEK_FIELDS if meta.get(k)), ""),
        authors=[authors.get(creator) or Person(key=creator, name=creator)] if creator else [],
        terms=[(c.text or "").strip() for c in item.findall("category") if (c.text or "").strip()],
        categories=[
            (c.text or "").strip()
            for c in item.findall("category")
            if c.get("domain") == "category" and (c.text or "").strip()
        ],
        image=attachments.get(meta.get("_thumbnail_id", "")),
        old_path=_path(link, site),
        restricted=restricted,
        flags=flags,
        where=where,
    )


def _path(link: str, site: str) -> str:
    if not link or ("?" in link and "p=" in link):
        return ""  # an unpublished post's ?p=123 link is no URL readers know
    return urlparse(link).path or ""
