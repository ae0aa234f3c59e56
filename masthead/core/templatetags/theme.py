from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from masthead.core import fonts

register = template.Library()


@register.simple_tag(takes_context=True)
def theme_links(context):
    """The chosen font pair's faces (the body face preloaded) and /theme.css.
    Without the font files (scripts/fonts not run) the pages keep their
    fallback faces rather than fail."""
    settings = context.get("settings")
    chosen = settings["core"]["MagazineSettings"].font_pair if settings is not None else fonts.DEFAULT
    pair = fonts.PAIRS.get(chosen, fonts.PAIRS[fonts.DEFAULT])
    links = []
    if pair.serif or pair.sans:
        try:
            links.append(
                format_html(
                    '<link rel="preload" href="{}" as="font" type="font/woff2" crossorigin>',
                    static(pair.preload()),
                )
            )
            links.append(format_html('<link rel="stylesheet" href="{}">', static("fonts/fonts.css")))
        except ValueError:  # not collected: no fonts
            links = []
    links.append(format_html('<link rel="stylesheet" href="{}">', "/theme.css"))
    return format_html("\n".join(["{}"] * len(links)), *links)
