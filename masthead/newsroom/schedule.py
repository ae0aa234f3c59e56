"""Scheduled go-live and expiry, carried out by the clock (`manage.py
run_clock`, started with the task worker). Editors schedule through Wagtail:
an approved revision with a go-live time waits in
`Revision.approved_go_live_at`; a live page with `expire_at` comes down at
that time. Until its go-live a new piece is not live, so it is absent from
every page, listing, feed, search, API answer and newsletter (embargo).

Any number of clocks may run: each due item is taken under a row lock
(PostgreSQL) or the one writer lock (SQLite) and checked again, so it is
carried out once. A clock that was down carries out what fell due
meanwhile as soon as it returns, and records each as a `ScheduleMiss`."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from .models import ScheduleMiss

logger = logging.getLogger(__name__)
# A clock ticks every 20 seconds: later than this, the time was missed.
GRACE = timedelta(minutes=1)
LATE_ACTION = "masthead.schedule_late"


@dataclass
class Tick:
    published: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    late: list = field(default_factory=list)


def _locked(queryset):
    return queryset.select_for_update(skip_locked=True) if connection.vendor == "postgresql" else queryset


@contextmanager
def _each(what: str):
    """One item failing (a page that no longer validates, say) is logged
    and left for the next tick; the others are still carried out."""
    try:
        yield
    except Exception:  # noqa: BLE001
        logger.exception("The clock could not carry out the %s; it tries again next tick.", what)


def run_due(now: datetime | None = None) -> Tick:
    """Carry out every expiry and go-live due at `now`."""
    now = now or timezone.now()
    tick = Tick()
    for page_id in (
        Page.objects.filter(live=True, expire_at__lte=now).order_by("expire_at").values_list("pk", flat=True)
    ):
        with _each(f"expiry of page {page_id}"), transaction.atomic():
            page = _locked(Page.objects.filter(pk=page_id, live=True, expire_at__lte=now)).first()
            if page is None:
                continue  # another clock took it
            due = page.expire_at
            page.specific.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            tick.unpublished.append(page)
            _note(page, ScheduleMiss.UNPUBLISH, due, now, tick)
    for revision_id in (
        Revision.objects.filter(approved_go_live_at__lte=now)
        .order_by("approved_go_live_at")
        .values_list("pk", flat=True)
    ):
        with _each(f"go-live of revision {revision_id}"), transaction.atomic():
            revision = _locked(Revision.objects.filter(pk=revision_id, approved_go_live_at__lte=now)).first()
            if revision is None:
                continue
            due = revision.approved_go_live_at
            revision.publish(log_action="wagtail.publish.scheduled")
            target = revision.content_object
            tick.published.append(target)
            if isinstance(target, Page):
                _note(target, ScheduleMiss.PUBLISH, due, now, tick)
    return tick


def _note(page, action, due, now, tick) -> None:
    if now - due <= GRACE:
        return
    miss = ScheduleMiss.objects.create(page_id=page.pk, action=action, due_at=due, done_at=now)
    log(
        instance=page.specific,
        action=LATE_ACTION,
        data={"what": miss.get_action_display(), "due": due.isoformat(), "done": now.isoformat()},
    )
    tick.late.append(miss)


def recent_misses(days: int = 7):
    since = timezone.now() - timedelta(days=days)
    return ScheduleMiss.objects.filter(done_at__gte=since).select_related("page")
