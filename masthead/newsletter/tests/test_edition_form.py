"""Adding stories to an edition from the period's published pieces, ticked
in its form, rather than found one by one in the page tree."""

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import EditionItem, Newsletter
from masthead.testing import login

pytestmark = pytest.mark.django_db


def form_data(edition, **extra):
    items = list(edition.items.order_by("sort_order"))
    data = nested_form_data(
        {
            "newsletter": edition.newsletter_id,
            "subject": edition.subject,
            "intro": "",
            "items": inline_formset(
                [{"id": item.pk, "article": item.article_id, "ORDER": i} for i, item in enumerate(items)],
                initial=len(items),
            ),
            "period_start": timezone.localtime(edition.period_start).strftime("%Y-%m-%d %H:%M"),
            "period_end": timezone.localtime(edition.period_end).strftime("%Y-%m-%d %H:%M"),
        }
    )
    return {**data, **extra}


def test_the_periods_pieces_are_offered_and_ticked_ones_join_the_end(world, client):
    edition = draft_edition(Newsletter.objects.create(name="Weekly", slug="weekly"))
    EditionItem.objects.filter(edition=edition, article=world.other_article).delete()
    login(client, world, "admin")
    url = f"/admin/snippets/newsletter/edition/edit/{edition.pk}/"
    page = client.get(url).content.decode()
    offered = page.split("Add stories published in the period")[1]
    assert world.other_article.title in offered and f'value="{world.article.pk}"' not in offered

    response = client.post(url, form_data(edition, add_stories=[str(world.other_article.pk)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    articles = list(edition.items.order_by("sort_order").values_list("article_id", flat=True))
    assert articles[-1] == world.other_article.pk and articles.count(world.other_article.pk) == 1

    unknown = client.post(url, form_data(edition, add_stories=["999999"]))  # not a piece of the period
    assert unknown.status_code == 200 and "Select a valid choice" in unknown.content.decode()
    assert edition.items.count() == len(articles)
    assert "Every piece published in the period is in the edition." in client.get(url).content.decode()
