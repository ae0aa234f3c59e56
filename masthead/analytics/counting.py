"""From a beacon to an event: what is read of the request, and what is
dropped. Plain functions; the front (front.py) calls them."""

import functools
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from .models import Event, Salt

MAX_BODY = 2048
_crawlers = CrawlerDetect()


class BadBeacon(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Beacon:
    page_id: int | None
    path: str
    referrer: str  # the full referring address, as the page saw it
    query: str


def parse(body: bytes) -> Beacon:
    """A beacon's JSON (what count.js sends), checked."""
    if len(body) > MAX_BODY:
        raise BadBeacon("too large")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadBeacon("not JSON") from None
    if not isinstance(data, dict):
        raise BadBeacon("not an object")
    page, path = data.get("p"), data.get("u")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool) or not 0 < page < 2**31):
        raise BadBeacon("bad page id")
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 300:
        raise BadBeacon("bad path")
    referrer, query = data.get("r") or "", data.get("q") or ""
    if not isinstance(referrer, str) or not isinstance(query, str):
        raise BadBeacon("bad referrer or query")
    return Beacon(page, path, referrer[:500], query[:500])


@functools.lru_cache(maxsize=2048)
def is_bot(user_agent: str) -> bool:
    return not user_agent or _crawlers.isCrawler(user_agent)


@functools.lru_cache(maxsize=2048)
def device(user_agent: str) -> str:
    agent = user_agent.lower()
    if "ipad" in agent or "tablet" in agent:
        return "tablet"
    if "mobi" in agent or "android" in agent:
        return "mobile"
    return "desktop"


def opted_out(environ) -> bool:
    """Do Not Track or Global Privacy Control, when the site honours them."""
    if not settings.ANALYTICS_HONOUR_DNT:
        return False
    return environ.get("HTTP_DNT") == "1" or environ.get("HTTP_SEC_GPC") == "1"


def source_of(beacon: Beacon, own_host: str) -> tuple[str, str]:
    """(source, referrer host): a campaign tag if the address had one, and
    the referring site unless it is this one."""
    params = parse_qs(beacon.query.lstrip("?"))
    campaign = (params.get("utm_source") or params.get("ref") or [""])[0][:100]
    host = (urlsplit(beacon.referrer).hostname or "")[:100] if beacon.referrer.startswith("http") else ""
    if host == own_host.split(":")[0]:
        host = ""
    return campaign or host, host


_salt: dict[date, str] = {}


def salt_for(day: date) -> str:
    """The day's salt, made by the first process to need it (one row a day,
    shared by every process), deleted by the upkeep once the day is over."""
    if day not in _salt:
        _salt.clear()
        row = Salt.objects.filter(day=day).first()
        if row is None:
            try:
                row = Salt.objects.create(day=day, value=secrets.token_hex(16))
            except IntegrityError:  # another process made it first
                row = Salt.objects.get(day=day)
        _salt[day] = row.value
    return _salt[day]


def visitor(day: date, ip: str, user_agent: str) -> str:
    raw = f"{salt_for(day)}|{ip}|{user_agent}".encode("utf-8", "surrogateescape")
    return hashlib.blake2b(raw, digest_size=8).hexdigest()


def event(beacon: Beacon, *, ip: str, user_agent: str, host: str, at: datetime | None = None) -> Event:
    at = at or timezone.now()
    source, referrer = source_of(beacon, host)
    return Event(
        at=at,
        page_id=beacon.page_id,
        path=beacon.path,
        source=source,
        referrer=referrer,
        device=device(user_agent),
        visitor=visitor(timezone.localdate(at), ip, user_agent),
    )
