"""A reader signs in from the demo inbox, joins the paid tier on the page
standing where Stripe's Checkout would, reads the paid piece, cancels in
the billing portal, and finds it gated again; every step through the live
site, its page cache, the fake Stripe and its webhooks."""

from playwright.sync_api import expect

from .test_newsletter import open_latest_mail

PAID = "/global/shadow-fleets-price-sanctions-risk/"
MEMBERS = "/africa/grain-corridors-fail-importers/"
PAID_WORDS = "Brokers quote that discount openly"
MEMBERS_WORDS = "Traders route the first cargoes"


def read_until(page, url, present: bool, words: str, tries: int = 40):
    """The article, until its closed part is (or is not) there: access
    follows Stripe's webhook, which comes a moment after the payment."""
    for _ in range(tries):
        page.goto(url)
        if (page.get_by_text(words).count() > 0) == present:
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"{url}: {'no' if present else 'still'} {words!r}")


def test_join_pay_read_cancel_gated_again(page, live_site, artifacts):
    site = live_site.url
    # Anonymous: the open part and the gate, on both restricted pieces.
    page.goto(site + PAID)
    gate = page.locator(".gate")
    expect(gate).to_contain_text("paying members")
    expect(page.get_by_text(PAID_WORDS)).to_have_count(0)
    page.screenshot(path=str(artifacts / "members-gate.png"), full_page=True)
    page.goto(site + MEMBERS)
    expect(page.get_by_text(MEMBERS_WORDS)).to_have_count(0)

    # Sign in by a mailed link (a new address makes a free account).
    gate = page.locator(".gate")
    gate.get_by_role("link", name="Already a member? Sign in").click()
    page.get_by_label("Your e-mail address").fill("Member.One@Example.org")
    page.get_by_role("button", name="Mail me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")
    open_latest_mail(page, site, "member.one@example.org", "Your sign-in link")
    page.locator("a[href*='/account/sign-in/link/']").first.click()
    page.get_by_role("button", name="Sign me in").click()
    # Back on the members piece, signed in: a free member reads it whole.
    expect(page.get_by_text(MEMBERS_WORDS)).to_be_visible()
    expect(page.get_by_role("link", name="Account", exact=True)).to_be_visible()

    # The paid piece is still closed to a free member; join from its gate.
    page.goto(site + PAID)
    expect(page.get_by_text(PAID_WORDS)).to_have_count(0)
    page.locator(".gate").get_by_role("link", name="See the membership tiers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Become a member")
    page.screenshot(path=str(artifacts / "members-join.png"), full_page=True)
    page.get_by_role("button", name="Join as Supporter").click()

    # The page standing where Stripe's Checkout would.
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporter membership")
    page.screenshot(path=str(artifacts / "members-checkout.png"), full_page=True)
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    read_until(page, site + PAID, True, PAID_WORDS)
    page.screenshot(path=str(artifacts / "members-paid-piece.png"), full_page=True)
    for _ in range(40):  # the invoice's event comes a moment after the payment
        page.goto(site + "/account/")
        if page.locator("table.payments").count():
            break
        page.wait_for_timeout(500)
    expect(page.locator("main")).to_contain_text("You are a Supporter member")
    expect(page.locator("table.payments")).to_contain_text("6.00 EUR")
    page.screenshot(path=str(artifacts / "members-account.png"), full_page=True)

    # Cancel in the billing portal: Stripe's event ends access.
    page.get_by_role("button", name="Change card, see invoices or cancel").click()
    page.get_by_role("button", name="Cancel membership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    read_until(page, site + PAID, False, PAID_WORDS)
    expect(page.locator(".gate")).to_be_visible()
    # Still a free member: the members piece stays open.
    page.goto(site + MEMBERS)
    expect(page.get_by_text(MEMBERS_WORDS)).to_be_visible()


def test_a_gift_from_the_front_page_box(page, live_site):
    site = live_site.url
    page.goto(site + "/")
    box = page.locator(".support-box")
    expect(box).to_contain_text("Keep this magazine independent")
    box.get_by_label("25 EUR", exact=True).check()
    box.get_by_role("button", name="Give").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Donation")
    page.get_by_label("E-mail").fill("giver@example.org")
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    open_latest_mail(page, site, "giver@example.org", "Your receipt")
    expect(page.locator("body")).to_contain_text("25.00 EUR")
