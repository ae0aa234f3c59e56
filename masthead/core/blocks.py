"""StreamField blocks shared by every kind of page."""

import nh3
from django.core.validators import URLValidator
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# What running text may carry: what magazines' archives use, so an imported
# piece keeps its formulas, code and corrections.
INLINE_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough", "code"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[
            ("h2", "Heading"),
            ("h3", "Subheading"),
            ("h4", "Minor heading"),
            ("h5", "Level 5 heading"),
            ("h6", "Level 6 heading"),
        ],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"


class BlockQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "components/blocks/block_quote.html"


class PullQuoteBlock(blocks.TextBlock):
    class Meta:
        icon = "openquote"
        template = "components/blocks/pull_quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, help_text="Blank: the picture's own caption.")
    credit = blocks.CharBlock(required=False, help_text="Blank: the picture's own credit.")

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/blocks/figure.html"


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text="A link to a video, post or map from a known provider.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        label = "Embed"
        template = "components/blocks/embed.html"


class SourceNoteBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=INLINE_FEATURES, **kwargs)

    class Meta:
        icon = "doc-full"
        label = "Source note"
        template = "components/blocks/source_note.html"


class NumberedListBlock(blocks.StructBlock):
    """A numbered list that does not count from one, or counts down (rich
    text's lists always count up from one)."""

    start = blocks.IntegerBlock(default=1)
    reversed = blocks.BooleanBlock(required=False, help_text="Count down.")
    items = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES))

    class Meta:
        icon = "list-ol"
        template = "components/blocks/numbered_list.html"


class TableBlock(TypedTableBlock):
    def __init__(self, **kwargs):
        super().__init__([("cell", blocks.RichTextBlock(features=INLINE_FEATURES))], **kwargs)

    class Meta:
        icon = "table"
        template = "components/blocks/table.html"


class PreformattedBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="Shown with its spaces and line breaks as typed.")
    style = blocks.ChoiceBlock(
        choices=[("code", "Code"), ("preformatted", "Preformatted text"), ("verse", "Verse")],
        default="code",
    )
    language = blocks.CharBlock(required=False, max_length=40, help_text="Of code, e.g. Python.")

    class Meta:
        icon = "code"
        label = "Code or verse"
        template = "components/blocks/preformatted.html"


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(FigureBlock(), min_num=1)
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "components/blocks/gallery.html"


def web_or_site_address(value: str) -> None:
    """An http(s) address, or a path on this site (an imported post's old
    address, which redirects): never another scheme."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkCardBlock(blocks.StructBlock):
    """A link shown as a card: what an embed becomes when the page must not
    load the provider's player (no third-party script on reader pages)."""

    url = blocks.CharBlock(
        label="URL",
        max_length=2000,
        validators=[web_or_site_address],
        help_text="A web address, or a path on this site such as /europe/.",
    )
    title = blocks.CharBlock(required=False, max_length=300)
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "link"
        label = "Link card"
        template = "components/blocks/link_card.html"


class SeparatorBlock(blocks.StaticBlock):
    class Meta:
        icon = "horizontalrule"
        label = "Separator"
        admin_text = "A rule between parts of the piece."
        template = "components/blocks/separator.html"


# What sanitised HTML may keep: structure and text, never script, style or
# frames.
HTML_TAGS = {
    *("p", "br", "a", "b", "strong", "i", "em", "s", "del", "ins", "u", "sub", "sup", "code", "kbd"),
    *("abbr", "cite", "q", "small", "mark", "span", "div", "pre", "blockquote", "figure"),
    *("figcaption", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody"),
    *("tfoot", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6", "details", "summary", "hr"),
}
HTML_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang", "dir"},
}


def sanitise_html(html: str) -> str:
    return nh3.clean(html, tags=HTML_TAGS, attributes=HTML_ATTRIBUTES, link_rel="noopener nofollow")


class SanitisedHTMLBlock(blocks.RawHTMLBlock):
    """HTML no other block can hold (kept so that no imported text is
    lost), cleaned when saved and again when shown."""

    def clean(self, value):
        return super().clean(mark_safe(sanitise_html(str(value))))

    def render_basic(self, value, context=None):
        return mark_safe(f'<div class="kept-html">{sanitise_html(str(value))}</div>')

    class Meta:
        icon = "code"
        label = "HTML (sanitised)"


class SupportBoxBlock(blocks.StructBlock):
    """A donation box inside a piece: amounts and currency from settings."""

    heading = blocks.CharBlock(max_length=80, default="Support independent analysis")
    text = blocks.TextBlock(required=False, max_length=300)

    class Meta:
        icon = "pick"
        label = "Donation box"
        template = "components/blocks/support_box.html"


class MembersBreakBlock(blocks.StaticBlock):
    """Where a restricted piece's open part ends: readers without access see
    the blocks above it, then the gate. Renders nothing itself."""

    class Meta:
        icon = "lock"
        label = "Members-only text starts here"
        admin_text = "Readers without access see the text above this line, then an invitation to join."
        template = "components/blocks/nothing.html"


def body_blocks():
    """The blocks of an article's body, in the order editors see them."""
    return [
        ("paragraph", blocks.RichTextBlock(features=INLINE_FEATURES + ["ol", "ul"], icon="pilcrow")),
        ("heading", HeadingBlock()),
        ("block_quote", BlockQuoteBlock()),
        ("pull_quote", PullQuoteBlock()),
        ("image", FigureBlock()),
        ("embed", EmbedWithCaptionBlock()),
        ("source_note", SourceNoteBlock()),
        ("numbered_list", NumberedListBlock()),
        ("table", TableBlock()),
        ("preformatted", PreformattedBlock()),
        ("gallery", GalleryBlock()),
        ("link_card", LinkCardBlock()),
        ("separator", SeparatorBlock()),
        ("html", SanitisedHTMLBlock()),
        ("members_break", MembersBreakBlock()),
        ("support_box", SupportBoxBlock()),
    ]
