"""The round-up and members-only pieces: in full for the readers who may
read them, when the edition says so; a teaser and a link for everyone else,
in both parts of the mail and in the web archive."""

import email

import pytest
from django.test import override_settings

from masthead.core import access
from masthead.members import accounts, levels
from masthead.members.models import Member
from masthead.newsletter import delivery
from masthead.newsletter.editions import draft_edition
from masthead.newsletter.models import Delivery, Newsletter, Subscription
from masthead.testing import make_article

MEMBERS_WORD, PAID_WORD = "zanzibarquokka", "paidonlyocelot"


def piece(world, title, word, level_access, tier=None):
    body = [
        ("paragraph", "<p>Everyone may read this opening.</p>"),
        ("members_break", None),
        ("paragraph", f"<p>Behind the gate: {word}.</p>"),
        ("heading", {"text": f"A heading {word}h", "level": "h2"}),
    ]
    article = make_article(world.europe_section, title=title, body=body, access=level_access)
    if tier is not None:
        article.access_tiers.set([tier])
        article.save_revision().publish()
    return article


def reader(newsletter, address, tier=None, member=True):
    if member:
        subscriber = accounts.find_or_create(address, source="test").subscriber
        if tier is not None:
            Member.objects.filter(subscriber=subscriber).update(tier=tier, subscription_status="active")
        levels.refresh(Member.objects.get(subscriber=subscriber))
    else:
        from masthead.newsletter.models import Subscriber

        subscriber = Subscriber.objects.create(email=address, state="active")
    subscriber.state = "active"
    subscriber.save()
    confirmed = subscriber.created_at
    Subscription.objects.create(subscriber=subscriber, newsletter=newsletter, confirmed_at=confirmed)
    return subscriber


def mails(edition) -> dict[str, str]:
    """Each recipient's whole message (text and HTML), as SMTP would carry it."""
    worker = delivery.Worker()
    rows = list(Delivery.objects.filter(edition=edition).select_related("subscriber"))
    worker.levels = delivery.subscriber_levels(rows)
    out = {}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        for row in rows:
            message = email.message_from_bytes(worker.envelope(row)[1])
            out[row.email] = "".join(
                p.get_payload(decode=True).decode() for p in message.walk() if not p.is_multipart()
            )
    return out


@pytest.mark.parametrize("in_full", [True, False])
def test_members_only_pieces_in_full_only_for_those_who_may_read_them(world, tiers, client, in_full):
    piece(world, "The harbour deal", MEMBERS_WORD, access.MEMBERS)
    piece(world, "The paid analysis", PAID_WORD, access.PAID, tier=tiers["supporter"])
    newsletter = Newsletter.objects.create(name="Weekly", slug="weekly")
    reader(newsletter, "anon@example.org", member=False)
    reader(newsletter, "free@example.org")
    reader(newsletter, "supporter@example.org", tier=tiers["supporter"])
    reader(newsletter, "patron@example.org", tier=tiers["patron"])
    edition = draft_edition(newsletter)
    edition.members_in_full = in_full
    edition.save()
    assert delivery.start_send(edition) == 4
    got = mails(edition)

    assert MEMBERS_WORD not in got["anon@example.org"] and PAID_WORD not in got["anon@example.org"]
    assert "Read the article (for members)" in got["anon@example.org"]
    assert "The harbour deal" in got["anon@example.org"]  # the teaser and its link stay
    assert PAID_WORD not in got["free@example.org"] and PAID_WORD not in got["patron@example.org"]
    assert (MEMBERS_WORD in got["free@example.org"]) is in_full
    assert (PAID_WORD in got["supporter@example.org"]) is in_full
    assert (MEMBERS_WORD in got["patron@example.org"]) is in_full
    assert f"A heading {PAID_WORD}h" in got["supporter@example.org"] or not in_full

    archive = client.get(f"/newsletter/archive/{edition.pk}/").content.decode()
    assert "The harbour deal" in archive and MEMBERS_WORD not in archive and PAID_WORD not in archive
