"""The dashboard by role: my drafts, scheduled, recently published,
pictures without a credit for the picture desk, the last edition's figures
for those who send it; no page counts or search box."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.newsletter import delivery
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Delivery, Newsletter, Subscriber, Subscription
from masthead.newsroom import roles
from masthead.photos.models import Photo
from masthead.testing import login, make_article

pytestmark = pytest.mark.django_db


def test_each_role_sees_what_it_has_to_act_on(world, client):
    editor = world.users["editor"]
    draft = ArticlePage(
        title="An unfinished analysis",
        slug="unfinished",
        dek="Soon.",
        kind=world.analysis,
        primary_region=world.europe,
        owner=editor,
        live=False,
    )
    world.europe_section.add_child(instance=draft)
    draft.save_revision(user=editor)
    later = make_article(world.europe_section, title="Tomorrow's piece", owner=editor)
    later.save_revision(user=editor, approved_go_live_at=timezone.now() + timedelta(days=1))
    photo = Photo.objects.get(pk=world.article.hero_image_id)
    Photo.objects.filter(pk=photo.pk).update(credit="")
    newsletter = Newsletter.objects.create(name="Weekly", slug="weekly")
    reader = Subscriber.objects.create(email="r@example.org", state="active")
    Subscription.objects.create(subscriber=reader, newsletter=newsletter, confirmed_at=timezone.now())
    edition = draft_edition(newsletter)
    delivery.start_send(edition)
    Delivery.objects.update(state="sent", sent_at=timezone.now())
    delivery.finish_editions()

    editor.groups.add(Group.objects.get(name=roles.NEWSLETTER_EDITORS))  # this editor also sends the round-up
    login(client, world, "editor")
    page = client.get("/admin/").content.decode()
    mine = page.split('id="my-drafts-heading"')[1].split("</section>")[0]
    assert "An unfinished analysis" in mine and "not published" in mine
    assert "Tomorrow&#x27;s piece" in page.split('id="scheduled-heading"')[1].split("</section>")[0]
    assert world.article.title in page.split('id="published-heading"')[1].split("</section>")[0]
    assert 'id="uncredited-heading"' in page and photo.title in page
    assert "Sent to 1." in page.split('id="last-edition-heading"')[1]
    assert "Search all pages" not in page and "w-summary" not in page

    client.logout()
    login(client, world, "contributor")
    page = client.get("/admin/").content.decode()
    assert "No drafts of yours." in page
    assert 'id="uncredited-heading"' not in page and 'id="last-edition-heading"' not in page
