from django import template

from masthead.core.addresses import absolute
from masthead.discovery.structured import article_meta

register = template.Library()


@register.inclusion_tag("discovery/article_head.html")
def article_head(article, authors, publication):
    return article_meta(article, authors, publication)


@register.simple_tag
def canonical(page):
    return absolute(page.url)
