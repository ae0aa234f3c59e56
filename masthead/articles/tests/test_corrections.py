"""Public corrections: shown under the article with their date; the newest
one moves the article's updated date, which feeds and structured data use."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from masthead.articles.models import ArticlePage, Correction
from masthead.testing import article_form, login

pytestmark = pytest.mark.django_db


def correct(article, text, made_at):
    article.corrections.add(Correction(text=text, made_at=made_at))
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_a_correction_is_shown_dated_and_moves_the_updated_date(client, world):
    ArticlePage.objects.filter(pk=world.article.pk).update(
        first_published_at=timezone.now() - timedelta(days=3)
    )
    world.article.refresh_from_db()
    made = timezone.now() - timedelta(hours=2)
    article = correct(
        world.article, "An earlier version gave the cable's length as 80 km; it is 95 km.", made
    )
    assert article.updated_at == made
    html = client.get(article.url).content.decode()
    aside = re.search(r'<aside class="corrections".*?</aside>', html, re.S).group(0)
    assert 'id="corrections-heading">Correction<' in aside and "it is 95 km." in aside
    assert timezone.localtime(made).strftime("%-d %B %Y") in aside
    assert re.search(r"Updated <time", html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    graph = data if isinstance(data, dict) else data[0]
    modified = next(node for node in graph.get("@graph", [graph]) if "dateModified" in node)["dateModified"]
    assert modified.startswith(made.strftime("%Y-%m-%d"))


def test_an_older_correction_never_moves_the_updated_date_back(world):
    recent = timezone.now() - timedelta(hours=1)
    article = correct(world.article, "First correction.", recent)
    article = correct(article, "A late note about an old error.", recent - timedelta(days=30))
    assert article.updated_at == recent
    assert article.corrections.count() == 2


def test_a_correction_without_text_is_refused_and_nothing_is_saved(client, world):
    login(client, world)
    edit = f"/admin/pages/{world.article.pk}/edit/"
    data = article_form(
        world,
        title=world.article.title,
        slug=world.article.slug,
        corrections=inline_formset([{"made_at": timezone.now().strftime("%Y-%m-%d %H:%M"), "text": ""}]),
    )
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.content.decode()
    assert not Correction.objects.filter(page=world.article).exists()


def test_an_update_on_the_day_of_publication_is_not_shown():
    first = timezone.make_aware(timezone.datetime(2026, 3, 5, 9, 0))
    assert ArticlePage(first_published_at=first, updated_at=first + timedelta(hours=8)).shown_update is None
    later = first + timedelta(days=1, hours=1)
    assert ArticlePage(first_published_at=first, updated_at=later).shown_update == later
    assert ArticlePage(first_published_at=first, updated_at=None).shown_update is None
