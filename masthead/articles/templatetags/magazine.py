from django import template

from masthead.articles.teasers import split_teaser
from masthead.core.models import SOCIAL_NETWORKS
from masthead.pagecache import tags

register = template.Library()


def _section_url(taxonomy, request):
    """The URL of the live section listing a region or kind, or ''."""
    section = getattr(taxonomy, "section", None) if taxonomy else None
    if section is None or not section.live:
        return ""
    return section.get_url(request) or ""


@register.inclusion_tag("components/kicker.html", takes_context=True)
def kicker(context, article, tag="p"):
    request = context.get("request")
    return {
        "kind": article.kind,
        "kind_url": _section_url(article.kind, request),
        "region": article.primary_region,
        "region_url": _section_url(article.primary_region, request),
    }


@register.filter
def teaser_parts(text):
    """(lead, rest) of a teaser, for the in-place expander."""
    return split_teaser(text or "")


@register.filter
def author_names(authors):
    names = [a.title for a in authors]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@register.inclusion_tag("components/nav.html", takes_context=True)
def site_nav(context):
    """The sections, the quick takes and the authors, in editors' order."""
    from masthead.articles.models import AuthorIndexPage, BriefIndexPage, SectionPage

    sections = sorted(
        SectionPage.objects.live().select_related("region", "kind"),
        key=lambda s: (s.kind_id is not None, (s.region or s.kind).sort_order, s.title),
    )
    others = [*BriefIndexPage.objects.live(), *AuthorIndexPage.objects.live()]
    tags.shown(*sections, *others)
    page = context.get("page")
    return {
        "items": sections + others,
        "current_pk": page.pk if page else None,
        "request": context.get("request"),
    }


@register.filter
def iso(value):
    """A machine-readable date for <time datetime>, to the second."""
    return value.isoformat(timespec="seconds") if value else ""


@register.filter
def network_name(key):
    return dict(SOCIAL_NETWORKS).get(key, key)
