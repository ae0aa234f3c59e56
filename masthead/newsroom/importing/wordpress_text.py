"""WordPress's post content as the HTML its readers saw: its paragraph rules
(blank lines part paragraphs, a single line break is a <br>) and its core
shortcodes, applied as WordPress applies them when it renders a post."""

import re
from html import escape

# Elements WordPress never wraps in a paragraph (wpautop's list, shortened to
# what occurs in post content).
BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|"
    "table|tbody|td|tfoot|th|thead|tr|ul|iframe|audio|video|object|style|script"
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.I | re.S)
_SHORTCODE = re.compile(r"\[(caption|gallery|embed|audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# A URL alone on its line: WordPress embeds it (oEmbed) in classic content.
_BARE_URL = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.M)
_IMG = re.compile(r"<img\b[^>]*>", re.I)


def uses_blocks(content: str) -> bool:
    """Block-editor content: WordPress applies no paragraph rules to it."""
    return "<!-- wp:" in content


def render(content: str, attachments: dict[str, str], children: list[str]) -> str:
    """`attachments`: the export's attachment ids → file URLs, for galleries;
    `children`: this post's own attachments, a gallery's default."""
    if not uses_blocks(content):
        content = _BARE_URL.sub(lambda m: _link_figure(m.group(1), ""), content)
    content = _SHORTCODE.sub(lambda m: _shortcode(m, attachments, children), content)
    return content if uses_blocks(content) else autop(content)


def attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(text or "")}


def _link_figure(url: str, title: str) -> str:
    url = escape(url, quote=True)
    return f'\n\n<figure class="embed"><a href="{url}">{escape(title) or url}</a></figure>\n\n'


def _shortcode(match, attachments, children) -> str:
    name, attrs, inner = match.group(1).lower(), attributes(match.group(2)), match.group(3) or ""
    if name == "caption":
        image = _IMG.search(inner)
        if image is None:
            return inner
        # The caption is what follows the image (and the link around it).
        caption = re.sub(r"^\s*</a>", "", inner[image.end() :]).strip() or attrs.get("caption", "")
        before = inner[: image.start()]
        link = re.search(r"<a\b[^>]*>\s*$", before)
        head = link.group(0) if link else ""
        tail = "</a>" if link else ""
        return f"\n\n<figure>{head}{image.group(0)}{tail}<figcaption>{caption}</figcaption></figure>\n\n"
    if name == "gallery":
        ids = [i.strip() for i in (attrs.get("ids") or attrs.get("include") or "").split(",") if i.strip()]
        urls = [attachments[i] for i in (ids or children) if i in attachments]
        images = "".join(f'<img src="{escape(url, quote=True)}" alt="">' for url in urls)
        return f'\n\n<figure class="gallery">{images}</figure>\n\n'
    if name == "embed":
        return _link_figure((inner or attrs.get("src", "")).strip(), "")
    # audio or video: a link to the file
    source = attrs.get("src") or next(
        (attrs[k] for k in ("mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv") if attrs.get(k)), ""
    )
    return _link_figure(source, f"{name.capitalize()}: {source.rsplit('/', 1)[-1]}") if source else ""


def autop(text: str) -> str:
    """WordPress's paragraph rules (its `wpautop`, step by step): text parted
    by blank lines becomes paragraphs and single line breaks <br>, block
    elements are not wrapped, and nothing inside <pre> changes."""
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"<pre-kept-{len(kept) - 1}>"

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n")) + "\n"
    text = re.sub(rf"(<(?:{BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</(?:{BLOCK_TAGS})>)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"(<pre-kept-\d+>)", r"\n\n\1\n\n", text)
    text = "".join(f"<p>{chunk.strip()}</p>\n" for chunk in re.split(r"\n\s*\n", text) if chunk.strip())
    block = rf"</?(?:{BLOCK_TAGS})[^>]*>|<pre-kept-\d+>"
    text = re.sub(rf"<p>\s*({block})\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I | re.S)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*({block})", r"\1", text, flags=re.I)
    text = re.sub(rf"({block})\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"(?<!<br>)\s*\n(?!$)", "<br>\n", text)
    text = re.sub(rf"({block})\s*<br>", r"\1", text, flags=re.I)
    text = re.sub(r"<br>(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"<p>\s*</p>", "", text)
    return re.sub(r"<pre-kept-(\d+)>", lambda m: kept[int(m.group(1))], text).strip()
