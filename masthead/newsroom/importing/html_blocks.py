"""Old posts' HTML as article body blocks: paragraphs and lists through
Wagtail's own rich-text whitelist, headings, quotes and pictures as their
blocks; scripts, styles and unknown wrappers dropped, embeds kept as links
(fetching them would need the network at render time)."""

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlparse

from bs4 import BeautifulSoup, NavigableString, Tag
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.rich_text import RichText

from masthead.core.blocks import INLINE_FEATURES

_whitelist = None
DROP = {"script", "style", "noscript", "form", "input", "button", "iframe", "object", "embed", "svg", "hr"}


@dataclass
class Converted:
    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what was changed or left out


def _clean(html: str) -> str:
    global _whitelist
    if _whitelist is None:
        _whitelist = EditorHTMLConverter(features=INLINE_FEATURES + ["ol", "ul"]).whitelister
    return _whitelist.clean(html)


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def convert(html: str, find_picture) -> Converted:
    """`find_picture(src)` gives a Photo for an image address, or None."""
    out = Converted()
    soup = BeautifulSoup(html or "", "html.parser")
    _walk(soup, out, find_picture)
    return out


def _paragraph(out, html):
    cleaned = _clean(html)
    if BeautifulSoup(cleaned, "html.parser").get_text().strip():
        out.blocks.append(("paragraph", RichText(cleaned)))


def _walk(node, out, find_picture):
    loose = []  # inline content between blocks, gathered into one paragraph

    def flush():
        if loose:
            _paragraph(out, "<p>" + "".join(loose) + "</p>")
            loose.clear()

    for child in list(node.children):
        if isinstance(child, NavigableString):
            if child.__class__ is NavigableString and child.strip():
                loose.append(str(child).replace("<", "&lt;"))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in ("b", "strong", "i", "em", "a", "br", "code", "small", "sup", "sub", "abbr", "u"):
            loose.append(str(child))
            continue
        flush()
        if name == "p":
            if child.find("img"):
                _walk(child, out, find_picture)
            else:
                _paragraph(out, str(child))
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _text(child)
            if text:
                level = "h2" if name in ("h1", "h2") else "h3"
                out.blocks.append(("heading", {"text": text[:200], "level": level}))
        elif name == "blockquote":
            cite = child.find(["cite", "footer"])
            attribution = _text(cite) if cite else ""
            if cite:
                cite.extract()
            quote = _text(child)
            if quote:
                out.blocks.append(("block_quote", {"quote": quote, "attribution": attribution[:200]}))
        elif name in ("ul", "ol"):
            _paragraph(out, str(child))
        elif name in ("figure", "img"):
            _picture(child, out, find_picture)
        elif name in ("pre",):
            _paragraph(out, "<p>" + _text(child).replace("<", "&lt;") + "</p>")
        elif name in DROP:
            src = child.get("src") or child.get("data") or ""
            if name == "iframe" and src.startswith(("http://", "https://")):
                out.blocks.append(("paragraph", RichText(f'<p><a href="{_attr(src)}">{_attr(src)}</a></p>')))
                out.notes.append(f"an embedded frame became a link: {src}")
            elif name in ("script", "iframe", "object", "embed", "form"):
                out.notes.append(f"a <{name}> was removed")
        else:  # div, section, span and other wrappers: their content counts
            _walk(child, out, find_picture)
    flush()


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _picture(tag, out, find_picture):
    img = tag if tag.name == "img" else tag.find("img")
    if img is None or not img.get("src"):
        return
    caption_tag = tag.find("figcaption") if tag.name == "figure" else None
    caption = _text(caption_tag) if caption_tag else ""
    photo = find_picture(img["src"])
    if photo is None:
        out.notes.append(f"picture not in the media folder: {picture_name(img['src'])}")
        return
    out.blocks.append(
        ("image", {"image": photo, "caption": caption[:255] or img.get("alt", "")[:255], "credit": ""})
    )


def plain(html: str) -> str:
    return " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())


def picture_name(src: str) -> str:
    """The file name an image address points at (WordPress adds sizes: kept as is)."""
    return PurePosixPath(urlparse(src).path).name
