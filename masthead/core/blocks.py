"""StreamField blocks shared by every kind of page."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

INLINE_FEATURES = ["bold", "italic", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading"), ("h3", "Subheading")], default="h2")

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
    ]
