from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from masthead.articles import countries
from masthead.articles.models import Topic
from masthead.core import tags
from masthead.core.ratelimit import client_ip, over_limit
from masthead.pagecache import purge

from . import country_listing, search, topic_listing
from .forms import SearchForm


def search_page(request):
    """GET only, so a search is a link: it can be shared, bookmarked and
    used without JavaScript."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": None, "filtered": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        query = search.parse(data["q"])
        context["query"] = query
        context["filtered"] = any(data[k] for k in ("type", "region", "kind", "author", "start", "end"))
        if query and over_limit("search", client_ip(request), settings.SEARCHES_PER_IP_MINUTE, seconds=60):
            context["rate_limited"] = True
            response = TemplateResponse(request, "discovery/search.html", context, status=429)
            response["Retry-After"] = "60"
            return response
        if query:
            filters = search.Filters(
                type=data["type"],
                region=data["region"],
                kind=data["kind"],
                author=data["author"],
                start=data["start"],
                end=data["end"],
                newest_first=data["order"] == "newest",
            )
            try:
                page_obj, results = search.search(query, filters, request.GET.get("page") or 1)
            except InvalidPage:
                raise Http404("There is no such page of results.") from None
            params = request.GET.copy()
            params.pop("page", None)
            context.update(page_obj=page_obj, results=results, params=params.urlencode())
            context["canonical"] = indexable_url(data["q"], results, context["filtered"], page_obj)
            tags.shown(*(result.page for result in results))
    # Stored by its query and filters (pagecache.policy), until the next
    # publish: a popular search costs one render, not one per reader.
    request.pagecache_page = "search"
    tags.add(purge.SEARCH, "list:authors")  # every publish; the author choices
    return TemplateResponse(request, "discovery/search.html", context)


def indexable_url(q, results, filtered, page_obj) -> str | None:
    """The address search engines may index for these results: the first
    page of an unfiltered search that found something. Empty, filtered and
    later pages are `noindex`, so engines get no endless near-copies."""
    if not results or filtered or page_obj.number != 1:
        return None
    return f"{settings.SITE_URL}{reverse('discovery:search')}?{urlencode({'q': q})}"


def country_page(request, slug):
    """Every article tagged with one country, newest first; a known country
    with none yet still has its page."""
    country = countries.by_slug(slug)
    if country is None:
        raise Http404("There is no such country.")
    return TemplateResponse(
        request,
        "discovery/country.html",
        {"country": country, **country_listing.country_page(country, request)},
    )


def topic_page(request, slug):
    """Every live article on one topic, newest first; cached like a page."""
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404("There is no such topic.")
    request.pagecache_page = topic
    context = {"topic": topic, **topic_listing.topic_page(topic, request)}
    return TemplateResponse(request, "discovery/topic.html", context)


def topic_index(request):
    request.pagecache_page = "topics"
    return TemplateResponse(request, "discovery/topics.html", topic_listing.topic_index())


def country_index(request):
    return TemplateResponse(request, "discovery/countries.html", country_listing.country_index())
