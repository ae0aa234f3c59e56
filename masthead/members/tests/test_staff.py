"""Staff: membership managers see members, payments and revenue; editors
see none of it. Production refuses test keys."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from masthead.core import access
from masthead.members import accounts
from masthead.members.models import Member, Payment
from masthead.newsroom import roles
from masthead.testing import login, make_user, sign_in

ROOT = Path(__file__).resolve().parents[3]


def manager(client):
    user = make_user("money-person")
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_MANAGERS))
    sign_in(client, user)
    return user


def some_money(tiers):
    member = accounts.find_or_create("paying@example.org", source="page 3")
    Member.objects.filter(pk=member.pk).update(
        tier=tiers["supporter"], subscription_status="active", interval="month", name="Pat Paying"
    )
    Payment.objects.create(member=member, kind="membership", amount=800, currency="eur", stripe_id="in_1")
    Payment.objects.create(member=member, kind="donation", amount=2500, currency="eur", stripe_id="pi_1")
    return member


@pytest.mark.parametrize(
    "path",
    [
        "/admin/membership/revenue/",
        "/admin/membership/export/",
        "/admin/membership_members/",
        "/admin/membership_payments/",
    ],
)
def test_editors_do_not_see_payment_data(client, world, tiers, path):
    some_money(tiers)
    login(client, world, "editor")
    response = client.get(path)
    assert response.status_code in (302, 403)
    assert b"paying@example.org" not in response.content


def test_a_membership_manager_sees_members_payments_and_revenue(client, world, tiers):
    member = some_money(tiers)
    manager(client)
    listing = client.get("/admin/membership_members/?q=paying")
    assert listing.status_code == 200 and b"paying@example.org" in listing.content
    accounts.find_or_create("reader@example.org", source="join")
    listing = client.get("/admin/membership_members/").content.decode()
    assert "<strong>2</strong> members: Free 1, Supporter 1. By payment status: active 1." in listing
    by_tier = client.get(f"/admin/membership_members/?tier={tiers['supporter'].pk}").content.decode()
    assert "<strong>1</strong> member: Supporter 1" in by_tier and "reader@example.org" not in by_tier
    by_source = client.get("/admin/membership_members/?source=join").content.decode()
    assert "reader@example.org" in by_source and "paying@example.org" not in by_source
    assert '<option value="page 3">page 3</option>' in by_source  # sources offered as they arise
    since = client.get("/admin/membership_members/?created_at_from=2099-01-01").content.decode()
    assert "<strong>0</strong> members" in since
    detail = client.get(f"/admin/membership_members/inspect/{member.pk}/").content.decode()
    assert "paying@example.org" in detail and "8 EUR" in detail and "25 EUR" in detail
    assert 'id="member-events"' in detail
    exported = b"".join(client.get("/admin/membership/export/?source=join").streaming_content).decode()
    assert "reader@example.org" in exported and "paying@example.org" not in exported
    unknown = client.get("/admin/membership_members/?source=nowhere&tier=x")  # bad filters: a clear form
    assert unknown.status_code == 200 and "paying@example.org" in unknown.content.decode()
    dashboard = client.get("/admin/membership/revenue/").content.decode()
    assert "8 EUR" in dashboard  # monthly recurring revenue: one Supporter
    assert "96 EUR" in dashboard  # and a year of it
    assert "25" in dashboard  # the gift this month
    csv = b"".join(client.get("/admin/membership/export/").streaming_content).decode()
    assert "paying@example.org,Pat Paying,Supporter,active,month" in csv
    assert client.get("/admin/membership_payments/").status_code == 200
    # A comp, given in the admin, changes access at once.
    form = {"name": "Pat", "comp_tier": tiers["patron"].pk, "comp_until": "2099-01-01T00:00"}
    response = client.post(f"/admin/membership_members/edit/{member.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Member.objects.get(pk=member.pk).level == access.tier_level("patron")


def test_production_refuses_a_test_key(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STRIPE_SECRET_KEY": "sk_test_abc",
        "STRIPE_ALLOW_TEST_KEYS": "false",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "STRIPE_SECRET_KEY is a test key" in run.stderr
    env["STRIPE_ALLOW_TEST_KEYS"] = "true"
    assert (
        subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True
        ).returncode
        == 0
    )


def test_a_paid_newsletter_goes_to_its_tiers_only(tiers):
    from masthead.newsletter import subscriptions
    from masthead.newsletter.forms import SignUpForm
    from masthead.newsletter.models import Newsletter

    letter = Newsletter.objects.create(name="Supporters' letter", slug="supporters")
    letter.tiers.set([tiers["supporter"]])
    readers = {}
    for email, tier in (("free@example.org", None), ("payer@example.org", tiers["supporter"])):
        member = accounts.find_or_create(email)
        subscriptions.set_newsletters(member.subscriber, [letter])
        if tier is not None:
            Member.objects.filter(pk=member.pk).update(tier=tier, subscription_status="active")
        member.refresh_from_db()
        from masthead.members import levels

        levels.refresh(member)
        readers[email] = member
    assert [s.email for s in subscriptions.receives(letter)] == ["payer@example.org"]
    # The public sign-up form does not offer it.
    assert letter not in SignUpForm().fields["newsletters"].queryset


def test_importing_members_from_csv(client, world, tiers):
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager(client)

    def upload(text: str):
        return client.post("/admin/membership/import/", {"file": SimpleUploadedFile("m.csv", text.encode())})

    bad = (
        "email,name,tier,until\nok@example.org,Ok,,\nnot-an-address,X,,\n"
        "x@example.org,,Gold,\ny@example.org,,supporter,\n"
    )
    response = upload(bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 3" in page and "Line 4: there is no tier" in page and "Line 5: a paid tier" in page
    assert not Member.objects.filter(subscriber__email="ok@example.org").exists()  # nothing written
    assert upload("name\nNobody\n").status_code == 400
    assert upload("\xff\xfe").status_code in (200, 400)
    good = "Email,Name,Tier,Until\nOne@Example.org,One,Supporter,2099-12-31\ntwo@example.org,Two,,\n"
    response = upload(good)
    assert response.status_code == 200 and "2 new members" in response.content.decode()
    one = Member.objects.get(subscriber__email="one@example.org")
    assert one.level == access.tier_level("supporter") and one.name == "One"
