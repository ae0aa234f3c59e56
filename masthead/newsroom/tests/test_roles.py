"""Every role can do its job, and every action outside it is refused:
tried through the admin as a person would, then checked in the database."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from masthead.articles.models import ArticlePage, Region
from masthead.core.models import MagazineSettings
from masthead.newsroom import roles
from masthead.photos.models import Photo
from masthead.testing import add_url, article_form, login, make_photo

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """Wagtail answers a forbidden admin request with 403, or by sending
    the user back to the dashboard with "you do not have permission"."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# Admin areas only administrators may open (the newsletter also for its editors).
ADMIN_ONLY = [
    "/admin/users/",
    "/admin/groups/",
    "/admin/workflows/list/",
    "/admin/settings/core/magazinesettings/{settings_pk}/",
    "/admin/snippets/articles/region/",
    "/admin/sites/",
]


def test_roles_are_groups_with_a_review_workflow_on_every_page(world):
    from wagtail.models import Workflow

    assert {name for name in roles.ROLES} <= set(
        world.users["editor"].groups.model.objects.values_list("name", flat=True)
    )
    workflow = world.article.get_workflow()
    assert workflow.name == roles.REVIEW and workflow.active
    [task] = workflow.tasks.specific()
    assert [g.name for g in task.groups.all()] == [roles.EDITORS]
    assert world.brief.get_workflow() == workflow
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_ensure_is_idempotent_and_restores_hand_edits(world):
    editors = roles.ensure()[roles.EDITORS]
    count = editors.permissions.count()
    editors.permissions.clear()
    roles.ensure()
    assert editors.permissions.count() == count
    assert not editors.user_set.model.objects.filter(groups__name="Moderators").exists()


def test_admin_only_areas_are_refused_to_everyone_else(world, client):
    settings_pk = MagazineSettings.load().pk
    for role in ("contributor", "editor", "photo_editor"):
        login(client, world, role)
        for path in ADMIN_ONLY:
            assert refused(client.get(path.format(settings_pk=settings_pk))), (role, path)
    login(client, world, "administrator")
    for path in ADMIN_ONLY:
        assert client.get(path.format(settings_pk=settings_pk)).status_code == 200, path


@pytest.mark.parametrize("role", ["contributor", "editor", "photo_editor"])
def test_only_newsletter_editors_and_administrators_open_the_newsletter(world, client, role):
    login(client, world, role)
    assert refused(client.get("/admin/newsletters/"))
    world.users[role].groups.add(roles.ensure()[roles.NEWSLETTER_EDITORS])
    assert client.get("/admin/newsletters/").status_code == 200


def test_contributor_drafts_and_submits_but_cannot_publish(world, client):
    login(client, world, "contributor")
    response = client.post(add_url(world), article_form(world))  # asks to publish
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="a-new-article")
    assert not page.live and page.owner == world.users["contributor"]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form(world, **{"action-publish": "", "action-submit": "submit"}),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Under review it is locked to the reviewers.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form(world, title="Changed under review", **{"action-publish": ""}),
    )
    assert ArticlePage.objects.get(pk=page.pk).get_latest_revision().content["title"] == "A new article"
    # Approving is the editors' job.
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_contributor_cannot_touch_others_pages(world, client):
    login(client, world, "contributor")
    article = world.article
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert refused(client.get(edit))
    assert refused(client.post(edit, article_form(world, title="Vandalised", slug=article.slug)))
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[article.pk])))
    assert refused(
        client.post(reverse("wagtailadmin_pages:move_confirm", args=[article.pk, world.asia_section.pk]))
    )
    article.refresh_from_db()
    assert (
        article.live
        and article.title == "Ships and cables"
        and article.get_parent().pk == world.europe_section.pk
    )


def test_contributor_uses_pictures_but_cannot_change_others(world, client):
    login(client, world, "contributor")
    photo = world.photo
    assert client.get(reverse("wagtailimages_chooser:choose")).status_code == 200
    assert refused(client.post(reverse("wagtailimages:edit", args=[photo.pk]), {"title": "x", "credit": ""}))
    assert refused(client.post(reverse("wagtailimages:delete", args=[photo.pk])))
    photo.refresh_from_db()
    assert photo.credit == "REUTERS/Jane Doe"


def test_editor_edits_anyones_piece_and_publishes(world, client):
    login(client, world, "contributor")
    client.post(add_url(world), article_form(world, **{"action-publish": ""}))
    page = ArticlePage.objects.get(slug="a-new-article")
    client.logout()
    login(client, world, "editor")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), article_form(world, title="Edited by the desk")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.title == "Edited by the desk"


def test_editor_cannot_delete_a_section_with_its_articles_or_change_others_pictures(world, client):
    login(client, world, "editor")
    section = world.europe_section
    client.post(reverse("wagtailadmin_pages:delete", args=[section.pk]))
    assert Page.objects.filter(pk=section.pk).exists()
    photo = make_photo("Someone else's")
    assert refused(client.post(reverse("wagtailimages:edit", args=[photo.pk]), {"title": "x", "credit": ""}))
    assert Photo.objects.get(pk=photo.pk).credit == "Jane Doe/Agency"


def test_photo_editor_fixes_credits_but_no_pages(world, client):
    login(client, world, "photo_editor")
    photo = world.photo
    response = client.post(
        reverse("wagtailimages:edit", args=[photo.pk]),
        {"title": photo.title, "credit": "REUTERS/Jane Doe (corrected)", "caption": photo.caption},
    )
    assert response.status_code == 302
    assert Photo.objects.get(pk=photo.pk).credit == "REUTERS/Jane Doe (corrected)"
    assert refused(client.get(add_url(world)))
    assert refused(client.post(add_url(world), article_form(world)))
    assert not ArticlePage.objects.filter(slug="a-new-article").exists()
    edit = reverse("wagtailadmin_pages:edit", args=[world.article.pk])
    assert refused(client.post(edit, article_form(world, title="Retitled", slug=world.article.slug)))
    assert ArticlePage.objects.get(pk=world.article.pk).title == "Ships and cables"


def test_administrator_manages_users_settings_and_taxonomy(world, client):
    login(client, world, "administrator")
    response = client.post(
        "/admin/snippets/articles/region/add/", {"name": "Arctic", "slug": "arctic", "sort_order": 9}
    )
    assert response.status_code == 302 and Region.objects.filter(slug="arctic").exists()
    assert client.get(reverse("wagtailusers_users:edit", args=[world.users["editor"].pk])).status_code == 200


def test_revisions_are_kept_and_compared(world, client):
    login(client, world, "editor")
    article = world.article
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    for title in ("Ships, cables and sabotage", "Ships, cables and the law of the sea"):
        response = client.post(edit, article_form(world, title=title, slug=article.slug))
        assert response.status_code == 302
    first, second = article.revisions.order_by("-created_at", "-pk")[:2][::-1]
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "sabotage" in page and "the law of the sea" in page
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).content.decode()
    assert "Ships, cables and the law of the sea" in history


def test_the_admin_carries_the_magazines_name(world, client):
    from masthead.core.models import MagazineSettings

    name = MagazineSettings.load().publication_name
    page = client.get("/admin/login/").content.decode()
    assert "Sign in to Wagtail" not in page
    assert f"Sign in to {name}" in page and f"- {name}</title>" in page
