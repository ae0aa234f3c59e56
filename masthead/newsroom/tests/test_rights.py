"""Image rights: nothing is published with an uncredited or expired
picture, the editor says which picture and why, and the licence report
lists what ends soon and where it is used."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text, streamfield

from masthead.articles.models import ArticlePage, BriefPage
from masthead.newsroom import licences
from masthead.testing import add_url, article_form, login, make_article, make_photo

from .test_roles import refused

pytestmark = pytest.mark.django_db


def test_publishing_with_an_uncredited_hero_is_refused_naming_it(world, client):
    photo = make_photo("Port of Gdańsk", credit="")
    login(client, world, "editor")
    response = client.post(add_url(world), article_form(world, hero_image=photo.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not published: The picture “Port of Gdańsk” has no credit." in page
    # The error links to the picture, where the credit is given, as a link and not as text.
    edit_picture = reverse("wagtailimages:edit", args=[photo.pk])
    assert f'<a href="{edit_picture}">Edit “Port of Gdańsk”</a>' in page
    assert "&lt;a href" not in page
    assert "A new article" in page  # the form comes back as typed
    assert not ArticlePage.objects.filter(slug="a-new-article").exists()
    # A credit given for this use is enough.
    response = client.post(add_url(world), article_form(world, hero_image=photo.pk, hero_credit="Staff"))
    assert response.status_code == 302 and ArticlePage.objects.get(slug="a-new-article").live


def test_an_uncredited_body_picture_blocks_publishing_but_not_saving(world, client):
    photo = make_photo("Harbour crane", credit="")
    body = streamfield(
        [
            ("paragraph", rich_text("<p>Words.</p>")),
            ("image", {"image": photo.pk, "caption": "", "credit": ""}),
        ]
    )
    login(client, world, "editor")
    response = client.post(add_url(world), article_form(world, body=body))
    assert "The picture “Harbour crane” has no credit" in response.content.decode()
    response = client.post(add_url(world), article_form(world, body=body, **{"action-publish": ""}))
    assert response.status_code == 302
    draft = ArticlePage.objects.get(slug="a-new-article")
    assert not draft.live
    # The editor flags it above the form.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert "This page cannot be published yet" in edit and "Harbour crane" in edit
    assert f'<a href="{reverse("wagtailimages:edit", args=[photo.pk])}">Edit “Harbour crane”</a>' in edit


def test_an_expired_licence_blocks_publishing_and_is_flagged(world, client):
    photo = make_photo("Archive picture")
    photo.licence_expires = timezone.localdate() - timedelta(days=1)
    photo.save()
    article = world.article
    article.hero_image = photo
    article.save_revision()
    login(client, world, "editor")
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert "The licence of the picture “Archive picture” ended on" in client.get(edit_url).content.decode()
    form = article_form(world, title=article.title, slug=article.slug, hero_image=photo.pk)
    response = client.post(edit_url, form)
    assert response.status_code == 200 and "Not published: The licence" in response.content.decode()
    assert ArticlePage.objects.get(pk=article.pk).hero_image_id == world.photo.pk  # live version unchanged


def test_a_brief_with_an_uncredited_picture_is_refused(world, client):
    photo = make_photo("Street scene", credit="")
    login(client, world, "editor")
    response = client.post(
        f"/admin/pages/add/articles/briefpage/{world.brief_index.pk}/",
        {
            "title": "Quick",
            "slug": "quick",
            "body": rich_text("<p>Short.</p>"),
            "image": photo.pk,
            "action-publish": "publish",
        },
    )
    assert "The picture “Street scene” has no credit" in response.content.decode()
    assert not BriefPage.objects.filter(slug="quick").exists()


def test_approving_a_piece_with_an_uncredited_picture_sends_the_reviewer_to_the_editor(world, client):
    photo = make_photo("Border crossing", credit="")
    login(client, world, "contributor")
    client.post(
        add_url(world),
        article_form(world, hero_image=photo.pk, **{"action-publish": "", "action-submit": "submit"}),
    )
    page = ArticlePage.objects.get(slug="a-new-article")
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    login(client, world, "editor")
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert not ArticlePage.objects.get(pk=page.pk).live
    # Once credited, the approval publishes.
    photo.credit = "Staff photographer"
    photo.save()
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert ArticlePage.objects.get(pk=page.pk).live


def test_licence_report_lists_ending_pictures_and_their_pages(world, client, django_assert_max_num_queries):
    from wagtail.models import ReferenceIndex

    today = timezone.localdate()
    ended = make_photo("Ended")
    ended.licence_expires = today - timedelta(days=3)
    ended.save()
    ending = make_photo("Ending")
    ending.licence_expires = today + timedelta(days=10)
    ending.save()
    later = make_photo("Later")
    later.licence_expires = today + timedelta(days=90)
    later.save()
    for n, photo in enumerate([ended, ending, ended]):
        article = make_article(world.europe_section, title=f"Uses {photo.title} {n}", hero_image=photo)
        ReferenceIndex.create_or_update_for_object(article)
    with django_assert_max_num_queries(3):
        rows = licences.report()
    assert [(r.photo.title, r.expired) for r in rows] == [("Ended", True), ("Ending", False)]
    assert [p.title for p in rows[0].pages] == ["Uses Ended 0", "Uses Ended 2"]
    login(client, world, "photo_editor")
    page = client.get(reverse("newsroom_licences")).content.decode()
    assert "Expired" in page and "Uses Ending 1" in page and "Later" not in page
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Picture licences ending" in dashboard and "Uses Ended 0" in dashboard
    login(client, world, "contributor")
    assert refused(client.get(reverse("newsroom_licences")))
    assert "Picture licences ending" not in client.get(reverse("wagtailadmin_home")).content.decode()
