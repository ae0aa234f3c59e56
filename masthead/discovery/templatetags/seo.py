from django import template

from masthead.core.addresses import absolute
from masthead.discovery.structured import article_meta

register = template.Library()


@register.inclusion_tag("discovery/article_head.html", takes_context=True)
def article_head(context, article, authors, publication):
    return article_meta(article, authors, publication, context.get("request"))


@register.simple_tag(takes_context=True)
def canonical(context, page) -> str:
    """The page's address in full, or "" for a page without one. Given the
    request, Wagtail looks the sites' root paths up once for all the page's
    links instead of once for each page object."""
    url = page.get_url(context.get("request"))
    return absolute(url) if url else ""
