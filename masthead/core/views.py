from django.http import HttpResponse

from masthead.core import fonts, theme
from masthead.core.models import MagazineSettings


def theme_css(request):
    """The administrator's accent colour and font pair, over site.css."""
    chosen = MagazineSettings.load()
    pair = fonts.PAIRS.get(chosen.font_pair, fonts.PAIRS[fonts.DEFAULT])
    accent = theme.DEFAULT_ACCENT if theme.accent_problem(chosen.accent_colour) else chosen.accent_colour
    css = f":root {{ --accent: {accent}; --serif: {pair.stack('serif')}; --sans: {pair.stack('sans')}; }}\n"
    request.pagecache_page = "theme"  # cached like a page, purged with the settings
    return HttpResponse(css, content_type="text/css; charset=utf-8")
