from urllib.parse import quote, urlencode

from django import template
from django.utils import timezone

from masthead.articles.listings import footer_links, nav_items, sections
from masthead.articles.teasers import ends_sentence, split_teaser
from masthead.core.addresses import absolute
from masthead.core.models import SOCIAL_NETWORKS

register = template.Library()


@register.inclusion_tag("components/kicker.html", takes_context=True)
def kicker(context, article, tag="p"):
    found = sections(context.get("request"))
    return {
        "kind": article.kind,
        "kind_url": found.get(("kind", article.kind_id), ("", ""))[1],
        "region": article.primary_region,
        "region_url": found.get(("region", article.primary_region_id), ("", ""))[1],
    }


@register.filter
def teaser_parts(text):
    """(lead, rest, cut mid-sentence) of a teaser, for the in-place expander."""
    lead, rest = split_teaser(text or "")
    return lead, rest, bool(rest) and not ends_sentence(lead)


@register.filter
def credited(page) -> str:
    """ "A and B": whom an article or a quick take is credited to, from its
    credits as listings fetch them (prefetched), live authors only."""
    if hasattr(page, "credited_authors"):
        return author_names(page.credited_authors())
    author = getattr(page, "author", None)
    return author.title if author is not None and author.live else ""


@register.filter
def author_names(authors):
    names = [a.title for a in authors]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@register.inclusion_tag("components/nav.html", takes_context=True)
def site_nav(context, place=""):
    """The sections' navigation; `place` names a second copy (the narrow
    screens' menu), shown where the first is not."""
    page = context.get("page")
    items = nav_items(context.get("request"))
    return {"items": items, "current_pk": page.pk if page else None, "place": place}


@register.simple_tag(takes_context=True)
def nav_current(context):
    """The page's pk when the navigation links to it (marked current there),
    else "": all the header's markup depends on besides the site's settings
    and the reader's access (base.html keeps it under these)."""
    pk = getattr(context.get("page"), "pk", None)
    return pk if pk and any(item["pk"] == pk for item in nav_items(context.get("request"))) else ""


@register.inclusion_tag("components/footer_links.html", takes_context=True)
def site_footer_links(context):
    return {"links": footer_links(context.get("request"))}


SHARE = [
    ("Bluesky", "https://bsky.app/intent/compose?{}", lambda title, url: {"text": f"{title} {url}"}),
    ("Mastodon", "https://mastodonshare.com/?{}", lambda title, url: {"text": title, "url": url}),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?{}", lambda title, url: {"url": url}),
    ("Email", "mailto:?{}", lambda title, url: {"subject": title, "body": url}),
]


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, page):
    """Plain links to each network's own share page: no script, no cookie,
    nothing loaded from them until a reader follows one."""
    url = absolute(page.get_url(context.get("request")))
    links = [
        (name, pattern.format(urlencode(query(page.title, url), quote_via=quote)))
        for name, pattern, query in SHARE
    ]
    return {"links": links, "url": url, "title": page.title}


@register.filter
def stamp(value):
    """Date and time of a dated piece, in the site's time zone; the time
    only when one was given (not a bare date's midnight)."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    day = f"{local.day} {local:%B %Y}"
    return day if (local.hour, local.minute) == (0, 0) else f"{day}, {local:%H:%M}"


@register.filter
def iso(value):
    """A machine-readable date for <time datetime>, to the second."""
    return value.isoformat(timespec="seconds") if value else ""


@register.filter
def network_name(key):
    return dict(SOCIAL_NETWORKS).get(key, key)


@register.filter
def readable_by(piece, request) -> bool:
    """May the reader of `request` read all of `piece`? (A restricted
    piece in a stream shows its headline only to the others.)"""
    return piece.readable_by(request)
