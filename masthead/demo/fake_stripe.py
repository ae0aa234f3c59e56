"""The demo's (and the tests') Stripe: localstripe, a stateful fake of
Stripe's API, with what it lacks added on top as Stripe's API reference
documents it, nothing deeper: Checkout Sessions (and a page that stands
where Stripe's hosted Checkout would), billing portal sessions (and a page
where the reader cancels), and the signed `checkout.session.completed`
event. Everything else (customers, payment methods, plans, subscriptions,
invoices, payment intents, refunds) is localstripe's own, reached over HTTP
with the official library, and so are the events it sends.

    python -m masthead.demo.fake_stripe --port 8420 \\
        --webhook http://127.0.0.1:8000/members/stripe/webhook/ --secret whsec_demo

Runs only on loopback; it never touches the network."""

import argparse
import asyncio
import hashlib
import hmac
import html
import json
import secrets
import time

import stripe
from aiohttp import ClientSession, web
from localstripe import server as localstripe
from localstripe.webhooks import register_webhook

TEST_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}

sessions: dict[str, dict] = {}
portals: dict[str, dict] = {}
config = {"port": 8420, "pages_port": 8421, "webhook": "", "secret": ""}


def _client() -> stripe.StripeClient:
    base = f"http://127.0.0.1:{config['port']}"
    return stripe.StripeClient("sk_test_fake", base_addresses={"api": base}, max_network_retries=0)


def _id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


def _form(data) -> dict:
    """Stripe's form encoding (a[b][0][c]=v) as nested dicts and lists."""
    out: dict = {}
    for raw_key, value in data.items():
        parts = raw_key.replace("]", "").split("[")
        node = out
        for part, following in zip(parts, parts[1:], strict=False):
            node = _child(node, part, [] if following.isdigit() else {})
        _put(node, parts[-1], value)
    return out


def _child(node, part, empty):
    if isinstance(node, dict):
        return node.setdefault(part, empty)
    index = int(part)
    node.extend([None] * (index + 1 - len(node)))
    if node[index] is None:
        node[index] = empty
    return node[index]


def _put(node, part, value):
    if isinstance(node, dict):
        node[part] = value
    else:
        index = int(part)
        node.extend([None] * (index + 1 - len(node)))
        node[index] = value


def _error(status: int, message: str, param: str = "") -> web.Response:
    body = {"error": {"type": "invalid_request_error", "message": message, "param": param}}
    return web.json_response(body, status=status)


async def create_session(request: web.Request) -> web.Response:
    data = _form(await request.post())
    mode = data.get("mode")
    if mode not in ("payment", "subscription"):
        return _error(400, "Invalid mode: must be payment or subscription", "mode")
    items = data.get("line_items")
    if not isinstance(items, list) or not items or "price_data" not in items[0]:
        return _error(400, "line_items[0][price_data] is required (this fake has no Prices)", "line_items")
    price = items[0]["price_data"]
    try:
        amount = int(price["unit_amount"])
    except (KeyError, ValueError):
        return _error(400, "Invalid integer: unit_amount", "line_items[0][price_data][unit_amount]")
    if amount < 50:
        return _error(400, "The amount must be at least 50 cents", "line_items[0][price_data][unit_amount]")
    for url in ("success_url", "cancel_url"):
        if not str(data.get(url, "")).startswith("http"):
            return _error(400, f"Not a valid URL: {url}", url)
    session_id = _id("cs")
    session = {
        "id": session_id,
        "object": "checkout.session",
        "mode": mode,
        "status": "open",
        "payment_status": "unpaid",
        "url": f"http://127.0.0.1:{config['pages_port']}/pay/{session_id}",
        "success_url": data["success_url"],
        "cancel_url": data["cancel_url"],
        "customer": data.get("customer"),
        "customer_email": data.get("customer_email"),
        "customer_details": None,
        "client_reference_id": data.get("client_reference_id"),
        "metadata": data.get("metadata", {}),
        "amount_total": amount,
        "currency": price.get("currency", "eur"),
        "allow_promotion_codes": data.get("allow_promotion_codes") == "true",
        "subscription_data": data.get("subscription_data", {}),
        "payment_intent": None,
        "subscription": None,
        "livemode": False,
        "created": int(time.time()),
        "_price": price,
    }
    sessions[session_id] = session
    return web.json_response(_public(session))


def _public(session: dict) -> dict:
    return {k: v for k, v in session.items() if not k.startswith("_")}


async def retrieve_session(request: web.Request) -> web.Response:
    session = sessions.get(request.match_info["id"])
    if session is None:
        return _error(404, f"No such checkout.session: '{request.match_info['id']}'", "id")
    return web.json_response(_public(session))


async def create_portal(request: web.Request) -> web.Response:
    data = _form(await request.post())
    if not data.get("customer"):
        return _error(400, "Missing required param: customer.", "customer")
    portal_id = _id("bps")
    portals[portal_id] = {
        "id": portal_id,
        "object": "billing_portal.session",
        "customer": data["customer"],
        "return_url": data.get("return_url", ""),
        "url": f"http://127.0.0.1:{config['pages_port']}/portal/{portal_id}",
        "livemode": False,
        "created": int(time.time()),
    }
    return web.json_response(portals[portal_id])


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font:1rem/1.5 system-ui,sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem}}
button{{font:inherit;padding:.6rem 1.2rem;background:#635bff;color:#fff;border:0;border-radius:4px}}
.note{{background:#fff4d6;padding:.5rem 1rem}}</style></head><body><main>
<p class="note">Demo payments: this page stands where Stripe's hosted page would. No money moves.</p>
{body}</main></body></html>"""


def _page(title: str, body: str, status: int = 200) -> web.Response:
    return web.Response(
        text=_PAGE.format(title=html.escape(title), body=body), content_type="text/html", status=status
    )


async def pay_page(request: web.Request) -> web.Response:
    session = sessions.get(request.match_info["id"])
    if session is None or session["status"] != "open":
        return _page("Checkout", "<h1>This checkout has expired</h1>", 404)
    price = session["_price"]
    name = html.escape(str(price.get("product_data", {}).get("name", "Payment")))
    every = price.get("recurring", {}).get("interval")
    amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}" + (
        f" a {every}" if every else ""
    )
    email = html.escape(session.get("customer_email") or "")
    body = f"""<h1>{name}</h1><p>{amount}</p>
<form method="post"><p><label>E-mail <input name="email" type="email" required value="{email}"></label></p>
<p><label>Card <input name="card" value="{TEST_CARD["number"]}" inputmode="numeric"></label></p>
<p><button type="submit">Pay</button></p></form>
<p><a href="{html.escape(session["cancel_url"])}">Cancel and go back</a></p>"""
    return _page("Checkout", body)


def _complete(session: dict, email: str, card: str) -> None:
    """What paying does on Stripe's side, through localstripe's API."""
    client = _client()
    customer_id = session["customer"]
    if not customer_id:
        customer_id = client.v1.customers.create(params={"email": email}).id
    method = client.v1.payment_methods.create(
        params={"type": "card", "card": {**TEST_CARD, "number": card or TEST_CARD["number"]}}
    )
    client.v1.payment_methods.attach(method.id, params={"customer": customer_id})
    client.v1.customers.update(
        customer_id, params={"invoice_settings": {"default_payment_method": method.id}}
    )
    price = session["_price"]
    metadata = session["metadata"]
    if session["mode"] == "subscription":
        plan = client.v1.plans.create(
            params={
                "amount": session["amount_total"],
                "currency": session["currency"],
                "interval": price.get("recurring", {}).get("interval", "month"),
                "product": {"name": str(price.get("product_data", {}).get("name", "Membership"))},
            }
        )
        extra = session["subscription_data"]
        subscription = client.v1.subscriptions.create(
            params={
                "customer": customer_id,
                "items": [{"plan": plan.id}],
                "metadata": extra.get("metadata", {}),
                **(
                    {"trial_period_days": extra["trial_period_days"]}
                    if extra.get("trial_period_days")
                    else {}
                ),
            }
        )
        session["subscription"] = subscription.id
    else:
        intent = client.v1.payment_intents.create(
            params={
                "amount": session["amount_total"],
                "currency": session["currency"],
                "customer": customer_id,
                "payment_method": method.id,
                "confirm": True,
                "metadata": metadata,
            }
        )
        session["payment_intent"] = intent.id
    session.update(
        status="complete",
        payment_status="paid",
        customer=customer_id,
        customer_details={"email": email},
    )


async def pay(request: web.Request) -> web.Response:
    session = sessions.get(request.match_info["id"])
    if session is None or session["status"] != "open":
        return _page("Checkout", "<h1>This checkout has expired</h1>", 404)
    form = await request.post()
    email = str(form.get("email", "")).strip()
    if "@" not in email:
        return _page("Checkout", "<h1>Enter an e-mail address</h1>", 400)
    try:
        await asyncio.get_running_loop().run_in_executor(
            None, _complete, session, email, str(form.get("card", "")).replace(" ", "")
        )
    except stripe.StripeError as error:
        return _page("Checkout", f"<h1>The payment failed</h1><p>{html.escape(str(error))}</p>", 402)
    await send_event("checkout.session.completed", _public(session))
    raise web.HTTPSeeOther(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))


def _subscriptions(customer_id: str) -> list:
    return list(_client().v1.subscriptions.list(params={"customer": customer_id}).data)


async def portal_page(request: web.Request) -> web.Response:
    portal = portals.get(request.match_info["id"])
    if portal is None:
        return _page("Billing", "<h1>This link has expired</h1>", 404)
    loop = asyncio.get_running_loop()
    subscriptions = await loop.run_in_executor(None, _subscriptions, portal["customer"])
    rows = "".join(
        f"""<li>{html.escape(s.id)} ({html.escape(s.status)})
<form method="post"><input type="hidden" name="subscription" value="{html.escape(s.id)}">
<button type="submit">Cancel membership</button></form></li>"""
        for s in subscriptions
        if s.status in ("active", "trialing", "past_due")
    )
    back = html.escape(portal["return_url"])
    body = f"""<h1>Your billing</h1><ul>{rows or "<li>No active subscription.</li>"}</ul>
<p><a href="{back}">Back to the magazine</a></p>"""
    return _page("Billing", body)


async def portal_cancel(request: web.Request) -> web.Response:
    portal = portals.get(request.match_info["id"])
    if portal is None:
        return _page("Billing", "<h1>This link has expired</h1>", 404)
    form = await request.post()
    subscription_id = str(form.get("subscription", ""))
    mine = {
        s.id
        for s in await asyncio.get_running_loop().run_in_executor(None, _subscriptions, portal["customer"])
    }
    if subscription_id not in mine:
        return _page("Billing", "<h1>No such subscription</h1>", 404)
    await asyncio.get_running_loop().run_in_executor(None, _client().v1.subscriptions.cancel, subscription_id)
    raise web.HTTPSeeOther(portal["return_url"])


async def send_event(kind: str, obj: dict) -> None:
    """A signed event, as Stripe signs them (t=…,v1=HMAC-SHA256)."""
    if not config["webhook"]:
        return
    created = int(time.time())
    event = {
        "id": _id("evt"),
        "object": "event",
        "type": kind,
        "created": created,
        "livemode": False,
        "api_version": stripe.api_version,
        "data": {"object": obj},
    }
    payload = json.dumps(event).encode()
    signature = hmac.new(config["secret"].encode(), b"%d.%s" % (created, payload), hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "Stripe-Signature": f"t={created},v1={signature}"}
    async with ClientSession() as http, http.post(config["webhook"], data=payload, headers=headers) as answer:
        await answer.read()


def api_app() -> web.Application:
    # Checkout and the portal are unknown to localstripe: no route of its
    # own matches these paths, so adding them beside its routes is safe.
    application = localstripe.app
    application.router.add_post("/v1/checkout/sessions", create_session)
    application.router.add_get("/v1/checkout/sessions/{id}", retrieve_session)
    application.router.add_post("/v1/billing_portal/sessions", create_portal)
    return application


def pages_app() -> web.Application:
    """The pages a reader's browser opens (Stripe's hosted pages), on their
    own port: localstripe asks every request on its own for an API key."""
    application = web.Application()
    application.router.add_get("/pay/{id}", pay_page)
    application.router.add_post("/pay/{id}", pay)
    application.router.add_get("/portal/{id}", portal_page)
    application.router.add_post("/portal/{id}", portal_cancel)
    return application


async def serve() -> None:
    for application, port in ((api_app(), config["port"]), (pages_app(), config["pages_port"])):
        runner = web.AppRunner(application)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
    print(
        f"fake Stripe: API on 127.0.0.1:{config['port']}, pages on 127.0.0.1:{config['pages_port']}",
        flush=True,
    )
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8420, help="the API's port")
    parser.add_argument(
        "--pages-port", type=int, default=0, help="the hosted pages' port (default: the next)"
    )
    parser.add_argument("--webhook", default="", help="masthead's webhook address")
    parser.add_argument("--secret", default="", help="the webhook signing secret")
    args = parser.parse_args()
    config.update(
        port=args.port, pages_port=args.pages_port or args.port + 1, webhook=args.webhook, secret=args.secret
    )
    if args.webhook:
        register_webhook("masthead", args.webhook, args.secret, None)
    asyncio.run(serve())


if __name__ == "__main__":
    main()
