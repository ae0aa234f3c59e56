"""Old posts' HTML as article body blocks, losing no text.

Running text keeps its inline markup (what rich text can hold; the rest is
unwrapped to its words, never split off). Headings, quotes, lists, tables,
code and verse, pictures and galleries, embeds and rules become their
blocks; what no block can hold is kept as sanitised HTML. Scripts, styles
and forms are dropped and listed. Embeds become link cards: the page never
loads the provider's player."""

import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import PurePosixPath
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import RichText

from masthead.core.blocks import INLINE_FEATURES, TableBlock, sanitise_html

KEEP_INLINE = {"b", "strong", "i", "em", "code", "sub", "sup", "s"}
RENAMED = {"del": "s", "strike": "s", "kbd": "code", "samp": "code", "tt": "code", "var": "i"}
RENAMED |= {"cite": "i", "dfn": "i"}
UNWRAPPED = {"span", "u", "ins", "abbr", "acronym", "mark", "small", "big", "font", "time", "data"}
UNWRAPPED |= {"bdi", "bdo", "wbr", "label", "nobr"}
INLINE = KEEP_INLINE | RENAMED.keys() | UNWRAPPED | {"a", "br", "q"}
DROP = {"script", "style", "noscript", "form", "input", "button", "select", "textarea", "object"}
DROP |= {"embed", "svg", "template", "link", "meta", "canvas", "map"}
# Inside these an inline element holds a block: it is walked, not kept inline.
BLOCKISH = ["img", "figure", "iframe", "video", "audio", "table", "ul", "ol", "p", "div", "blockquote"]
BLOCKISH += ["pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "section"]
BLOCKISH_NAMES = frozenset(BLOCKISH)


def holds_blocks(tag) -> bool:
    """`tag.find(BLOCKISH)`, without building a matcher each time: the
    importer asks it of every paragraph."""
    return any(isinstance(d, Tag) and d.name.lower() in BLOCKISH_NAMES for d in tag.descendants)


# Platforms' own furniture inside post bodies, not the author's text.
FURNITURE = {
    "subscription-widget-wrap": "Substack's subscribe box",
    "subscribe-widget": "Substack's subscribe box",
}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6"}

_cleaners = {}
TAGS = re.compile(r"<[^>]*>")


@dataclass
class Converted:
    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what was changed or left out


PLAIN_PARAGRAPH = re.compile(r"<p>([^<>]*)</p>")
HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
OTHER_SPACE = re.compile(r"[^\S \t\n\f\r]")  # no-break, em and other spaces: Draftail's own rules apply


def _clean(html: str, lists: bool) -> str:
    """Rich text as the editor itself would save it: through Draftail's own
    converter, both ways, so what it cannot hold is dropped here, not when
    an editor first opens the piece. A paragraph of text alone holds nothing
    to drop: its spaces are collapsed as Draftail does, without the round
    trip (test_import_bodies checks the two agree)."""
    if (plain := PLAIN_PARAGRAPH.fullmatch(html)) and not OTHER_SPACE.search(text := unescape(plain[1])):
        return f"<p>{escape(HTML_SPACE.sub(' ', text).strip(' '), quote=False)}</p>"
    if lists not in _cleaners:
        features = INLINE_FEATURES + (["ol", "ul"] if lists else [])
        _cleaners[lists] = ContentstateConverter(features=features)
    converter = _cleaners[lists]
    # `html` is built by _Converter (escaped text, balanced tags): no parser is needed first.
    return converter.to_database_format(converter.from_database_format(html))


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def plain(html: str) -> str:
    return " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())


SIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")  # WordPress's resized copies: photo-1024x683.jpg
UPLOADS = ("/wp-content/uploads/", "/content/images/")


def picture_paths(src: str) -> list[str]:
    """Where a picture may be in a media folder, best first: its path in the
    source's uploads tree (2025/01/photo.jpg), then its file name; each as
    the original when the address names a resized copy."""
    path = urlparse(src).path
    found = []
    for marker in UPLOADS:
        if marker in path:
            found.append(re.sub(r"^size/w\d+/", "", path.split(marker, 1)[1]))
    found.append(PurePosixPath(path).name)
    return list(dict.fromkeys(name for each in found for name in (SIZED.sub("", each), each) if name))


def image_sources(html: str) -> list[str]:
    soup = BeautifulSoup(html or "", "html.parser")
    return [src for img in soup.find_all("img") if (src := img.get("src") or img.get("data-src"))]


def picture_name(src: str) -> str:
    return PurePosixPath(urlparse(src).path).name


def convert(html: str, find_picture, link=lambda href: (href, None)) -> Converted:
    """`find_picture(src, alt)` gives a Photo for an image address, or None;
    `link(href)` where a link points now: (address, page id or None)."""
    converter = _Converter(find_picture, link)
    converter.walk(BeautifulSoup(html or "", "html.parser"))
    converter.flush()
    return converter.out


class _Converter:
    def __init__(self, find_picture, link):
        self.find_picture = find_picture
        self.link = link
        self.out = Converted()
        self.loose = []  # inline content between blocks, gathered into one paragraph

    def note(self, text):
        self.out.notes.append(text)

    def add(self, kind, value):
        self.flush()
        self.out.blocks.append((kind, value))

    def flush(self):
        if self.loose:
            html = "".join(self.loose).strip()
            self.loose.clear()
            if html:
                self.paragraph(f"<p>{html}</p>")

    def paragraph(self, html, lists=False):
        cleaned = _clean(html, lists)
        # Draftail's output is well-formed: its text is what lies between the tags.
        if unescape(TAGS.sub("", cleaned)).strip():
            self.out.blocks.append(("paragraph", RichText(cleaned)))

    # --- inline ---------------------------------------------------------------

    def inline(self, node) -> str:
        if isinstance(node, Comment) or not isinstance(node, NavigableString | Tag):
            return ""
        if isinstance(node, NavigableString):
            return escape(str(node), quote=False) if node.__class__ is NavigableString else ""
        name = node.name.lower()
        if name in DROP:
            return ""
        if name == "br":
            return "<br/>"  # Draftail's parser needs void tags closed
        inner = "".join(self.inline(child) for child in node.children)
        if name in KEEP_INLINE or name in RENAMED:
            tag = RENAMED.get(name, name)
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        if name == "a":
            href = node.get("href") or ""
            if not href or not inner.strip():
                return inner
            address, page_id = self.link(href)
            if page_id:
                return f'<a linktype="page" id="{page_id}">{inner}</a>'
            return f'<a href="{escape(address)}">{inner}</a>'

        if name == "q":
            return f"“{inner}”"
        if name == "img":
            return ""  # handled by the caller: an image is never inline here
        return inner  # span, u, abbr and other wrappers: their words, in place

    # --- blocks -----------------------------------------------------------------

    def walk(self, node):
        for child in list(node.children):
            if isinstance(child, NavigableString):
                if child.__class__ is NavigableString:
                    text = str(child)
                    if text.strip() or self.loose:
                        self.loose.append(escape(text, quote=False))
                continue
            if isinstance(child, Tag):
                self.element(child)

    def element(self, tag):
        name = tag.name.lower()
        classes = set(tag.get("class") or [])
        if furniture := next((FURNITURE[c] for c in classes if c in FURNITURE), None):
            self.note(f"{furniture} was left out")
        elif name in INLINE:
            if holds_blocks(tag):
                self.walk(tag)
            else:
                self.loose.append(self.inline(tag))
        elif name in DROP:
            if name in ("script", "object", "embed", "form"):
                self.note(f"a <{name}> was removed")
        elif name == "p":
            if holds_blocks(tag):
                self.flush()
                self.walk(tag)
                self.flush()
            else:
                self.flush()
                self.paragraph(f"<p>{self.inline_children(tag)}</p>")
        elif name in HEADINGS:
            text = _text(tag)
            if text:
                self.add("heading", {"text": text[:200], "level": HEADINGS[name]})
        elif name == "blockquote":
            self.quote(tag)
        elif name in ("ul", "ol"):
            self.list(tag)
        elif name == "table":
            self.table(tag, "")
        elif name == "pre":
            self.preformatted(tag, classes)
        elif name == "figure" or classes & {"kg-card"} or classes & GHOST_CARDS.keys():
            self.figure(tag, classes)
        elif name == "img":
            self.picture(tag, "")
        elif name in ("iframe", "video", "audio"):
            self.media(tag, "")
        elif name == "hr":
            self.add("separator", None)
        elif name == "dl":
            self.add("html", sanitise_html(str(tag)))
        else:  # div, section, details and other wrappers: their content counts
            self.flush()
            self.walk(tag)
            self.flush()

    def inline_children(self, tag) -> str:
        return "".join(self.inline(child) for child in tag.children)

    def quote(self, tag):
        cite = tag.find(["cite", "footer"], recursive=True)
        attribution = _text(cite) if cite else ""
        if cite:
            cite.extract()
        if tag.find("a", href=True):
            # A quote block holds plain text; a quote with links stays HTML,
            # its links mapped and cleaned like any other.
            inner = "".join(f"<p>{self.inline_children(p)}</p>" for p in (tag.find_all("p") or [tag]))
            by = f"<p><cite>{escape(attribution)}</cite></p>" if attribution else ""
            self.add("html", sanitise_html(f"<blockquote>{inner}{by}</blockquote>"))
            return
        parts = [_text(p) for p in tag.find_all("p")] or [_text(tag)]
        quote = "\n\n".join(part for part in parts if part)
        if quote:
            self.add("block_quote", {"quote": quote, "attribution": attribution[:200]})
        elif attribution:
            self.loose.append(escape(attribution))

    def list(self, tag):
        start, reverse = tag.get("start"), tag.has_attr("reversed")
        counts_oddly = tag.name == "ol" and (reverse or (start not in (None, "", "1")))
        if counts_oddly and not tag.find(["ul", "ol"]):
            items = [RichText(_clean(self.inline_children(li), False)) for li in tag.find_all("li")]
            try:
                number = int(start or (len(items) if reverse else 1))
            except ValueError:
                number = 1
            self.add("numbered_list", {"start": number, "reversed": reverse, "items": items})
            return
        if counts_oddly:
            self.note("a nested list that does not count from one now counts from one")
        self.flush()
        self.paragraph(self.list_html(tag), lists=True)

    def list_html(self, tag) -> str:
        items = []
        for li in tag.find_all("li", recursive=False):
            nested = [child for child in li.children if isinstance(child, Tag) and child.name in ("ul", "ol")]
            for child in nested:
                child.extract()
            inner = self.inline_children(li)
            items.append(f"<li>{inner}{''.join(self.list_html(n) for n in nested)}</li>")
        return f"<{tag.name}>{''.join(items)}</{tag.name}>"

    def table(self, tag, caption):
        caption_tag = tag.find("caption")
        if caption_tag is not None:
            caption = caption or _text(caption_tag)
        rows = []
        for tr in tag.find_all("tr"):
            cells = tr.find_all(["td", "th"], recursive=False)
            row = []
            for cell in cells:
                row.append(_clean(self.inline_children(cell), False))
                span = str(cell.get("colspan") or "1")
                row += [""] * (int(span) - 1 if span.isdigit() else 0)
            rows.append((row, all(c.name == "th" for c in cells) and bool(cells)))
        if not rows:
            return
        header = rows[0][1] or tag.find("thead") is not None
        width = max(len(row) for row, _ in rows)
        head = rows[0][0] if header else []
        body = [row + [""] * (width - len(row)) for row, _ in (rows[1:] if header else rows)]
        headings = [plain(cell) for cell in head] + [""] * (width - len(head))
        raw = {
            "caption": caption,
            "columns": [{"type": "cell", "heading": heading} for heading in headings],
            "rows": [{"values": values} for values in body],
        }
        self.add("table", TableBlock().to_python(raw))

    def preformatted(self, tag, classes):
        text = tag.get_text()
        text = text[1:] if text.startswith("\n") else text
        code = tag.find("code")
        if "wp-block-verse" in classes or "verse" in classes:
            style = "verse"
        elif code is not None or classes & {"wp-block-code", "code"}:
            style = "code"
        else:
            style = "preformatted"
        language = ""
        for name in [*(code.get("class") or [] if code else []), *classes]:
            if name.startswith("language-"):
                language = name.removeprefix("language-")[:40]
        if text.strip():
            self.add("preformatted", {"text": text.rstrip(), "style": style, "language": language})

    def figure(self, tag, classes):
        caption_tag = tag.find("figcaption", recursive=False)
        caption = _text(caption_tag) if caption_tag else ""
        for card, method in GHOST_CARDS.items():
            if card in classes:
                return method(self, tag, caption)
        if tag.find("table"):
            return self.table(tag.find("table"), caption)
        quote = tag.find("blockquote")
        if quote is not None:
            if "wp-block-pullquote" in classes | set(quote.get("class") or []):
                return self.pull_quote(tag)
            return self.walk_inside(tag)
        if tag.find("pre"):
            pre = tag.find("pre")
            self.preformatted(pre, set(pre.get("class") or []) | classes)
            return None
        images = tag.find_all("img")
        if len(images) > 1 or classes & {"wp-block-gallery", "gallery", "kg-gallery-card"}:
            return self.gallery(tag, images, caption)
        embed = tag.find(["iframe", "video", "audio"])
        if embed is not None:
            return self.media(embed, caption)
        if classes & {"wp-block-embed", "embed"}:
            return self.embed(tag, caption)
        if images:
            return self.picture(images[0], caption)
        return self.walk_inside(tag)

    def walk_inside(self, tag):
        self.flush()
        self.walk(tag)
        self.flush()

    def pull_quote(self, tag):
        quote = tag.find("blockquote")
        cite = quote.find("cite")
        attribution = _text(cite) if cite else ""
        if cite:
            cite.extract()
        text = "\n\n".join(_text(p) for p in quote.find_all("p")) or _text(quote)
        if attribution:
            text += f"\n— {attribution}"
        if text:
            self.add("pull_quote", text)

    def gallery(self, tag, images, caption):
        figures = []
        for img in images:
            photo = self.photo(img)
            if photo is not None:
                item = img.find_parent("figure")
                own = item.find("figcaption") if item is not None and item is not tag else None
                figures.append({"image": photo, "caption": _text(own)[:255] if own else "", "credit": ""})
        if figures:
            self.add("gallery", {"images": figures, "caption": caption[:255]})
        elif caption:
            self.add_caption(caption)

    def picture(self, img, caption):
        photo = self.photo(img)
        if photo is None:
            if caption:
                self.add_caption(caption)
            return
        self.add("image", {"image": photo, "caption": caption[:255], "credit": ""})

    def add_caption(self, caption):
        """A picture that could not be brought over keeps its caption's words."""
        self.flush()
        self.paragraph(f"<p><i>{escape(caption)}</i></p>")

    def photo(self, img):
        src = img.get("src") or img.get("data-src") or ""
        if not src:
            return None
        return self.find_picture(src, img.get("alt") or "")

    def media(self, tag, caption):
        source = tag.get("src") or ""
        if not source and tag.find("source") is not None:
            source = tag.find("source").get("src") or ""
        address, _ = self.link(source) if source else ("", None)
        if not address.startswith(("http://", "https://", "/")):
            self.note(f"an embedded <{tag.name}> without an address was left out")
            if caption:
                self.add_caption(caption)
            return
        self.link_card(source, tag.get("title") or "", caption)
        self.note(f"an embedded {tag.name} became a link: {source}")

    def embed(self, tag, caption):
        wrapper = tag.find(class_="wp-block-embed__wrapper")
        anchor = tag.find("a", href=True)
        url = (_text(wrapper) if wrapper else "") or (anchor["href"] if anchor else "") or _text(tag)
        if not url.startswith(("http://", "https://")):
            return self.walk_inside(tag)
        title = _text(anchor) if anchor and _text(anchor) != url else ""
        self.link_card(url, title, caption)
        return None

    def link_card(self, url, title, description):
        address, _ = self.link(url)
        if not address.startswith(("http://", "https://", "/", "mailto:")):
            # javascript: and other schemes a page must never link to: the words stay.
            self.note(f"a link to “{address[:60]}” was left out: not a web address")
            self.loose.append(escape(" ".join(part for part in (title, description) if part)))
            return
        self.add("link_card", {"url": address, "title": title[:300], "description": description})

    # --- Ghost cards ----------------------------------------------------------------

    def ghost_bookmark(self, tag, caption):
        anchor = tag.find("a", href=True)
        title = tag.find(class_="kg-bookmark-title")
        if anchor is None:
            return self.walk_inside(tag)
        about = ["kg-bookmark-description", "kg-bookmark-author", "kg-bookmark-publisher"]
        found = tag.find_all(class_=about)
        description = " · ".join(_text(part) for part in found if _text(part))
        self.link_card(anchor["href"], _text(title) if title else caption, description)
        if caption and title:
            self.add_caption(caption)
        return None

    def ghost_callout(self, tag, caption):
        text = tag.find(class_="kg-callout-text") or tag
        emoji = tag.find(class_="kg-callout-emoji")
        prefix = f"{_text(emoji)} " if emoji else ""
        self.add("html", sanitise_html(f"<p>{prefix}{self.inline_children(text)}</p>"))

    def ghost_button(self, tag, caption):
        anchor = tag.find("a", href=True)
        if anchor is not None:
            self.link_card(anchor["href"], _text(anchor), "")

    def ghost_file(self, tag, caption):
        anchor = tag.find("a", href=True)
        player = tag.find(["audio", "video"])
        title = tag.find(class_=re.compile("kg-(file-card|audio)-title"))
        about = tag.find(class_="kg-file-card-caption")
        url = anchor["href"] if anchor is not None else (player.get("src") if player is not None else "")
        if url:
            title = _text(title) if title else (_text(anchor) if anchor is not None else "")
            self.link_card(url, title or caption, _text(about) if about else "")


GHOST_CARDS = {
    "kg-bookmark-card": _Converter.ghost_bookmark,
    "kg-callout-card": _Converter.ghost_callout,
    "kg-button-card": _Converter.ghost_button,
    "kg-file-card": _Converter.ghost_file,
    "kg-audio-card": _Converter.ghost_file,
}
