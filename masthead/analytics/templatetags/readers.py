"""The Readers tab of an article's edit page (articles/models.py names its
template): the piece's numbers from the rollups, as on its Readers page."""

from django import template

from masthead.core.charts import bars

from .. import dashboard

register = template.Library()


@register.inclusion_tag("analytics/_readers_tab.html")
def readers_of(page):
    if page is None or not page.pk or not page.live:
        return {"unpublished": True}
    numbers = dashboard.pages_numbers([page.pk], many=False)
    return {
        "page": page,
        **numbers,
        "views_bars": bars([d["views"] for d in numbers["days"]], 100, 8, 2),
    }
