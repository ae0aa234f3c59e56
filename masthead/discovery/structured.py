"""What search engines and social sites read from an article's head:
canonical URL, OpenGraph and Twitter card tags, and JSON-LD
`NewsArticle` plus `BreadcrumbList` (schema.org)."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe

from masthead.articles import listings
from masthead.core.addresses import absolute
from masthead.photos import sizes

# JSON inside <script> must not be able to close the element.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def share_picture(article):
    """(rendition, alt, credit, caption) for the share image, or None."""
    image = article.share_image or article.hero_image
    if image is None:
        return None
    credit = article.credit if image == article.hero_image else image.credit
    caption = article.caption if image == article.hero_image else image.caption
    return image.get_rendition(sizes.SHARE), image.title, credit, caption


def article_meta(article, authors, publication: str, request=None) -> dict:
    """Everything the article's head needs, from what the page has already
    loaded: the article, its live authors, the publication's name (and the
    request, which keeps the sites' root paths for every link it builds)."""
    url = absolute(article.get_url(request))
    picture = share_picture(article)
    published = article.first_published_at
    modified = article.updated_at or article.last_published_at or published
    section = article.primary_region
    graph = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title[:110],
        "description": article.dek,
        "datePublished": published.isoformat() if published else None,
        "dateModified": modified.isoformat() if modified else None,
        "author": [
            {"@type": "Person", "name": a.title, "url": absolute(a.get_url(request))} for a in authors
        ],
        "publisher": {"@type": "Organization", "name": publication, "url": settings.SITE_URL + "/"},
        "articleSection": [article.kind.name, section.name],
        "isAccessibleForFree": not article.is_restricted,
    }
    if article.is_restricted:
        # Search engines' way to tell a paywall from cloaking: the part
        # behind it, by the class it has on the page (the gate carries it
        # where the reader has no access).
        graph["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".members-only",
        }
    if picture:
        rendition, alt, credit, caption = picture
        graph["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "caption": caption,
                "creditText": credit,
                "copyrightNotice": credit,
            }
        ]
    crumbs = [("Home", settings.SITE_URL + "/")]
    section_page = listings.sections(request).get(("region", section.pk))
    if section_page is not None:
        title, link = section_page
        crumbs.append((title, absolute(link)))
    crumbs.append((article.title, url))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": link}
            for i, (name, link) in enumerate(crumbs, start=1)
        ],
    }
    return {
        "url": url,
        "publication": publication,
        "picture": picture
        and {
            "url": absolute(picture[0].url),
            "width": picture[0].width,
            "height": picture[0].height,
            "alt": picture[1],
        },
        "published": graph["datePublished"],
        "modified": graph["dateModified"],
        "section": section.name,
        "json_ld": [ld_json(graph), ld_json(breadcrumbs)],
    }


def ld_json(data) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))  # noqa: S308 - escaped above
