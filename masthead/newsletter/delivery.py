"""Sending an edition: the delivery table is the queue.

`start_send` snapshots the audience, one row per (edition, subscriber).
Workers (`manage.py deliver_newsletters`, any number, on any host) `claim` batches of
due rows with a lease, send them over one open connection, and mark each row
as soon as its message is handed over, so a worker killed mid-send leaves
at most the one message in flight to be sent again, under the same
Message-ID. Rows whose lease ran out are claimed again by anyone."""

import logging
import math
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from masthead.core.models import MagazineSettings

from . import engagement, links, mails, mime
from .models import Delivery, Edition, Subscriber
from .rendering import content_of, levelled, personalise, render_edition
from .subscriptions import receives, suppress
from .transport import TransportDown, backend_message, make_transport, uses_smtp

log = logging.getLogger(__name__)
State = Delivery.State


# --- Starting a send --------------------------------------------------------


def start_send(edition: Edition, now=None) -> int:
    """Freeze the edition's content and queue one delivery per current
    subscriber. Returns the number queued; 0 if it had already started.
    The rows fall due at the pace of the send-rate cap and the edition's
    delivery window, so workers need no clock of their own to keep it."""
    now = now or timezone.now()
    with transaction.atomic():
        started = Edition.objects.filter(
            pk=edition.pk, state__in=[Edition.State.DRAFT, Edition.State.SCHEDULED]
        )
        if not started.update(state=Edition.State.SENDING, started_at=now):
            return 0
        edition.refresh_from_db()
        # Whether opens and clicks are counted is fixed for the whole send.
        edition.content = {**content_of(edition), "tracked": settings.NEWSLETTER_ENGAGEMENT}
        edition.save(update_fields=["content"])
        audience = list(receives(edition.newsletter).order_by("pk").values_list("pk", "email"))
        spacing = _spacing(len(audience), edition.window_minutes)
        for first in range(0, len(audience), 2000):
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        edition_id=edition.pk,
                        subscriber_id=pk,
                        email=email,
                        due_at=now + timedelta(seconds=(first + i) * spacing),
                    )
                    for i, (pk, email) in enumerate(audience[first : first + 2000])
                ]
            )
        if not audience:
            Edition.objects.filter(pk=edition.pk).update(state=Edition.State.SENT, finished_at=now)
    return len(audience)


def _spacing(count: int, window_minutes: int) -> float:
    """Seconds between two rows falling due: the rate cap's interval, or
    the window divided among the rows, whichever is longer."""
    by_rate = 1 / settings.NEWSLETTER_MAX_RATE if settings.NEWSLETTER_MAX_RATE else 0.0
    by_window = window_minutes * 60 / count if window_minutes and count else 0.0
    return max(by_rate, by_window)


def send_now(edition: Edition, window_minutes: int = 0) -> int:
    Edition.objects.filter(pk=edition.pk).update(window_minutes=window_minutes)
    edition.window_minutes = window_minutes
    return start_send(edition)


# --- Claiming ---------------------------------------------------------------


def claim(limit: int, lease_seconds: int, now=None) -> tuple[str, list[Delivery]]:
    """Lease up to `limit` due rows to a new claim token. PostgreSQL skips
    rows another worker has locked; SQLite takes its one write lock at BEGIN
    (IMMEDIATE), and the conditional update is what guarantees either way
    that a row goes to one claim."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = Delivery.objects.filter(state=State.PENDING, due_at__lte=now).order_by("due_at")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        Delivery.objects.filter(pk__in=ids, state=State.PENDING, due_at__lte=now).update(
            claim=token, due_at=now + timedelta(seconds=lease_seconds), attempts=F("attempts") + 1
        )
    rows = Delivery.objects.filter(claim=token, state=State.PENDING).order_by("due_at", "pk")
    rows = rows.select_related("subscriber").only("pk", "edition_id", "email", "attempts", "subscriber__key")
    return token, list(rows)


def release(rows, delay_seconds: float = 0):
    """Put leased rows back, due after `delay_seconds`; their attempt does not count."""
    if rows:
        Delivery.objects.filter(pk__in=[r.pk for r in rows], state=State.PENDING).update(
            claim="", due_at=timezone.now() + timedelta(seconds=delay_seconds), attempts=F("attempts") - 1
        )


# --- Sending ----------------------------------------------------------------


@dataclass
class EditionMail:
    prepared: mime.Prepared
    subject: str
    from_header: str
    newsletter_id: int
    tracked: bool


def edition_mail(edition: Edition, level: str = "") -> EditionMail:
    """The edition as readers at `level` get it (the same for every level
    unless members-only pieces go out in full)."""
    html, text = render_edition(edition, edition.content, level)
    tracked = bool(edition.content and edition.content.get("tracked"))
    if tracked:
        html = engagement.track(html)
    publication = MagazineSettings.load().publication_name
    slug = edition.newsletter.slug
    prepared = mime.prepare(
        edition.pk,
        slug,
        f"{slug}.{mails.list_domain()}",
        publication,
        settings.NEWSLETTER_FROM_EMAIL,
        edition.subject,
        html,
        text,
    )
    return EditionMail(
        prepared,
        edition.subject,
        f"{publication} <{settings.NEWSLETTER_FROM_EMAIL}>",
        edition.newsletter_id,
        tracked,
    )


def backoff(attempts: int) -> float:
    """Seconds before retrying a temporary failure: 1, 2, 4 … minutes, at most an hour."""
    return min(3600.0, 60.0 * 2 ** max(0, attempts - 1))


class Worker:
    """One delivery worker: claims, sends, records, repeats."""

    def __init__(self, batch: int | None = None, lease: int | None = None, name: str | None = None):
        self.batch = batch or settings.NEWSLETTER_BATCH
        self.lease = lease or settings.NEWSLETTER_LEASE_SECONDS
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.transport = make_transport()
        self.editions: dict[int, tuple[Edition, bool]] = {}
        self.mails: dict[tuple[int, str], EditionMail] = {}
        self.levels: dict[int, str] = {}  # subscriber id -> access level, for this batch
        self.stop = threading.Event()
        self.down_for = 0.0
        self.sent = 0

    def _edition(self, edition_id: int) -> tuple[Edition, bool]:
        """The edition, and whether its mail differs by the reader's level."""
        if edition_id not in self.editions:
            edition = Edition.objects.select_related("newsletter").get(pk=edition_id)
            self.editions[edition_id] = (edition, levelled(edition.content or {}))
        return self.editions[edition_id]

    def _mail(self, edition_id: int, level: str = "") -> EditionMail:
        edition, by_level = self._edition(edition_id)
        key = (edition_id, level if by_level else "")
        if key not in self.mails:
            self.mails[key] = edition_mail(edition, key[1])
        return self.mails[key]

    def run(self, once: bool = False, idle: float = 1.0):
        """Loop until stopped (or, with `once`, until nothing is due)."""
        while not self.stop.is_set():
            worked = self.work_once()
            if worked is None:  # the mail server is down: wait, growing the pause
                self.down_for = min(30.0, max(1.0, self.down_for * 2))
                log.warning("mail transport down; retrying in %.0f s", self.down_for)
                self.stop.wait(self.down_for)
                continue
            self.down_for = 0.0
            if not worked:
                self.transport.close()
                finish_editions()
                if once:
                    return
                self.stop.wait(idle)
        self.transport.close()

    def work_once(self) -> int | None:
        """Send one batch; the number of rows handled, or None if the
        transport is down (the batch went back to the queue)."""
        _, rows = claim(self.batch, self.lease)
        if not rows:
            return 0
        deadline = time.monotonic() + self.lease * 0.8
        try:
            self.deliver(rows, deadline)
        except TransportDown:
            return None
        finish_editions()
        return len(rows)

    def deliver(self, rows, deadline: float):
        """Send the batch in order. Each message's outcome is written down
        while the server answers the next one's MAIL FROM, and so before
        the next can be accepted: a kill leaves at most one message sent
        but not marked. The next message is built while the server takes
        in the current one."""
        receiving = self._receiving(rows)
        skipped = [r.pk for r in rows if r.subscriber_id not in receiving]
        if skipped:
            Delivery.objects.filter(pk__in=skipped).update(state=State.SKIPPED, claim="")
        rows = [r for r in rows if r.subscriber_id in receiving]
        by_level = any(self._edition(e)[1] for e in {r.edition_id for r in rows})
        self.levels = subscriber_levels(rows) if by_level else {}
        unrecorded = []  # at most one (row, message id, outcome)
        built = {}  # row pk -> (message id, raw bytes, backend message)

        def record_previous():
            while unrecorded:
                self.record(*unrecorded.pop())

        def build(row):
            if row is not None and row.pk not in built:
                built[row.pk] = self.envelope(row)

        try:
            for index, row in enumerate(rows):
                if time.monotonic() > deadline or self.stop.is_set():
                    release(rows[index:])
                    return
                build(row)
                msgid, raw, message = built.pop(row.pk)
                following = rows[index + 1] if index + 1 < len(rows) else None
                try:
                    outcome = self.transport.send(
                        self._mail(row.edition_id).prepared.from_address,
                        row.email,
                        raw,
                        message,
                        first=record_previous,
                        meanwhile=lambda following=following: build(following),
                    )
                except TransportDown:
                    release(rows[index:], delay_seconds=1)
                    raise
                unrecorded.append((row, msgid, outcome))
        finally:
            record_previous()

    def _receiving(self, rows) -> set[int]:
        """Of these rows' subscribers, those still subscribed: someone who
        left after the send started is skipped, not mailed."""
        wanted: set[int] = set()
        for edition_id in {r.edition_id for r in rows}:
            newsletter_id = self._mail(edition_id).newsletter_id
            ids = [r.subscriber_id for r in rows if r.edition_id == edition_id]
            wanted |= set(receives(newsletter_id).filter(pk__in=ids).values_list("pk", flat=True))
        return wanted

    def envelope(self, row: Delivery):
        """One recipient's message: its Message-ID, and either the raw
        bytes for SMTP or a Django message for an e-mail backend."""
        mail = self._mail(row.edition_id, self.levels.get(row.subscriber_id, ""))
        p = mail.prepared
        msgid = mime.message_id(row.edition_id, row.subscriber_id, settings.NEWSLETTER_LIST_DOMAIN)
        unsubscribe_url, preferences_url = links.manage_urls(row.subscriber, p.list_slug)
        track = engagement.recipient_token(row.pk) if mail.tracked else ""
        if uses_smtp():
            return msgid, mime.build(p, row.email, msgid, unsubscribe_url, preferences_url, track), None
        message = backend_message(
            mail.from_header,
            row.email,
            mail.subject,
            personalise(p.text, row.email, unsubscribe_url, preferences_url, html=False),
            personalise(p.html, row.email, unsubscribe_url, preferences_url, html=True, track=track),
            {
                "Message-ID": msgid,
                **mails.list_headers(unsubscribe_url, f"{p.list_slug}.{mails.list_domain()}"),
            },
        )
        return msgid, b"", message

    def record(self, row: Delivery, msgid: str, outcome):
        now = timezone.now()
        if outcome.sent:
            mark_sent(row.pk, now, msgid)
            self.sent += 1
        elif outcome.permanent:
            Delivery.objects.filter(pk=row.pk).update(state=State.FAILED, error=outcome.error, claim="")
            if outcome.suppress:
                suppress(row.email, Subscriber.State.BOUNCED, source=outcome.error)
        elif row.attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=row.pk).update(state=State.FAILED, error=outcome.error, claim="")
        else:
            Delivery.objects.filter(pk=row.pk).update(
                claim="", error=outcome.error, due_at=now + timedelta(seconds=backoff(row.attempts))
            )


def subscriber_levels(rows) -> dict[int, str]:
    """The access level of each subscriber who is a member (the members app
    keeps it on its record of them; see core/access.py)."""
    ids = [r.subscriber_id for r in rows]
    members = Subscriber.objects.filter(pk__in=ids, member__isnull=False)
    return dict(members.values_list("pk", "member__level"))


def mark_sent(pk: int, when, msgid: str):
    """The one write per message, as plain SQL: the ORM's update costs
    three times as much, and it runs once for every recipient."""
    sent_at = Delivery._meta.get_field("sent_at").get_db_prep_value(when, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET state = %s, sent_at = %s, message_id = %s, claim = ''"
            " WHERE id = %s",
            [State.SENT, sent_at, msgid, pk],
        )


def finish_editions():
    """Mark sent every sending edition with nothing left pending."""
    pending = Delivery.objects.filter(edition=OuterRef("pk"), state=State.PENDING)
    Edition.objects.filter(state=Edition.State.SENDING).exclude(Exists(pending)).update(
        state=Edition.State.SENT, finished_at=timezone.now()
    )


# --- Watching a send --------------------------------------------------------


def progress(edition: Edition, now=None) -> dict:
    """Counts by state, the rate over the last minute, and the time left."""
    now = now or timezone.now()
    counts = dict(
        Delivery.objects.filter(edition=edition)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    pending = counts.get(State.PENDING, 0)
    recent = Delivery.objects.filter(
        edition=edition, state=State.SENT, sent_at__gte=now - timedelta(seconds=60)
    )
    per_minute = recent.count()
    last_due = (
        Delivery.objects.filter(edition=edition, state=State.PENDING)
        .order_by("-due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    seconds_left = None
    if pending:
        by_rate = pending / (per_minute / 60) if per_minute else None
        by_window = max(0.0, (last_due - now).total_seconds()) if last_due else 0.0
        seconds_left = max(by_rate or 0.0, by_window) if (by_rate or by_window) else None
    total = sum(counts.values())
    return {
        "total": total,
        "sent": counts.get(State.SENT, 0),
        "pending": pending,
        "failed": counts.get(State.FAILED, 0),
        "skipped": counts.get(State.SKIPPED, 0),
        "per_minute": per_minute,
        "seconds_left": None if seconds_left is None else math.ceil(seconds_left),
        "done_percent": 0 if not total else math.floor(100 * (total - pending) / total),
    }


def failures(edition: Edition, limit: int = 20):
    return (
        Delivery.objects.filter(edition=edition)
        .filter(Q(state=State.FAILED) | ~Q(error=""))
        .order_by("-pk")[:limit]
    )


# --- A test send ------------------------------------------------------------


def send_test(edition: Edition, address: str):
    """The edition as a subscriber would get it, to one address, marked as
    a test; its links lead to the public sign-up page."""
    html, text = render_edition(edition)
    signup = links.absolute("/newsletter/")
    html = personalise(html, address, signup, signup, html=True)
    text = personalise(text, address, signup, signup, html=False)
    message = backend_message(
        f"{MagazineSettings.load().publication_name} <{settings.NEWSLETTER_FROM_EMAIL}>",
        address,
        f"[Test] {edition.subject}",
        text,
        html,
        mails.list_headers(signup, f"{edition.newsletter.slug}.{mails.list_domain()}"),
    )
    message.send()
