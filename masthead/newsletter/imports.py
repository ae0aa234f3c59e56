"""Subscribers from a CSV file (another platform's export): all or nothing.

Every row is checked before anything is written; one bad row refuses the
whole file with the row number and the reason. Imported subscribers are
active (they consented elsewhere) and the consent records name the source."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .addresses import normalise_email
from .models import Consent, Newsletter, Subscriber, Subscription

MAX_BYTES = 20 * 1024 * 1024
EXPORT_COLUMNS = ["email", "state", "newsletters", "created_at", "confirmed_at"]


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


def _rows(data: bytes):
    if len(data) > MAX_BYTES:
        raise ImportRefused([f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([f"The file is not UTF-8 text (byte {error.start} cannot be read)."]) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "email" not in [f.strip().lower() for f in reader.fieldnames]:
        raise ImportRefused(["The first line must name the columns, one of them 'email'."])
    for number, row in enumerate(reader, start=2):
        yield number, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}


def import_csv(data: bytes, source: str, default_newsletters) -> ImportReport:
    """Columns: `email` (required), `newsletters` (slugs separated by
    spaces or semicolons; blank means `default_newsletters`)."""
    source = source.strip()
    if not source:
        raise ImportRefused(["Say where these subscribers consented (for example 'Ghost export, May 2026')."])
    by_slug = {n.slug: n for n in Newsletter.objects.all()}
    problems, parsed, seen = [], [], set()
    try:
        for number, row in _rows(data):
            try:
                email = normalise_email(row.get("email", ""))
            except Exception as error:
                message = error.messages[0] if hasattr(error, "messages") else str(error)
                problems.append(f"line {number}: {message}")
                continue
            slugs = [s for s in row.get("newsletters", "").replace(";", " ").split() if s]
            unknown = [s for s in slugs if s not in by_slug]
            if unknown:
                problems.append(f"line {number}: no newsletter called {', '.join(unknown)}")
                continue
            if email in seen:
                continue  # the same address twice in one file: once is enough
            seen.add(email)
            parsed.append((email, [by_slug[s] for s in slugs] or list(default_newsletters)))
    except csv.Error as error:
        problems.append(f"the CSV is malformed: {error}")
    if problems:
        raise ImportRefused(
            problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        )
    if not parsed:
        raise ImportRefused(["The file has no subscribers in it."])
    if any(not newsletters for _, newsletters in parsed):
        raise ImportRefused(["Choose the newsletters for rows that name none."])
    return _write(parsed, source)


@transaction.atomic
def _write(parsed, source: str) -> ImportReport:
    report, now = ImportReport(), timezone.now()
    existing = {s.email: s for s in Subscriber.objects.filter(email__in=[e for e, _ in parsed])}
    for email, newsletters in parsed:
        subscriber = existing.get(email)
        if subscriber and subscriber.state in (Subscriber.State.BOUNCED, Subscriber.State.COMPLAINED):
            report.skipped.append(f"{email}: {subscriber.get_state_display().lower()}, left suppressed")
            continue
        if subscriber and subscriber.state == Subscriber.State.UNSUBSCRIBED:
            report.skipped.append(f"{email}: unsubscribed here; an import does not override that")
            continue
        if subscriber is None:
            subscriber = Subscriber.objects.create(
                email=email, state=Subscriber.State.ACTIVE, confirmed_at=now, state_changed_at=now
            )
            report.created += 1
        else:
            if subscriber.state != Subscriber.State.ACTIVE:
                Subscriber.objects.filter(pk=subscriber.pk).update(
                    state=Subscriber.State.ACTIVE, confirmed_at=now
                )
        have = dict(subscriber.subscriptions.values_list("newsletter_id", "confirmed_at"))
        new = [n for n in newsletters if have.get(n.pk) is None]
        if not new and email in existing:
            report.unchanged += 1
            continue
        if email in existing:
            report.updated += 1
        Subscription.objects.filter(subscriber=subscriber, newsletter__in=new).delete()
        Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, newsletter=n, confirmed_at=now) for n in new]
        )
        Consent.objects.create(
            subscriber=subscriber,
            action=Consent.Action.IMPORTED,
            source=f"import: {source}"[:120],
            newsletters=",".join(sorted(n.slug for n in new)),
        )
    return report


def export_rows(queryset):
    """Rows for the CSV export: one per subscriber, newsletters as slugs."""
    yield EXPORT_COLUMNS
    for s in queryset.prefetch_related("subscriptions__newsletter").iterator(chunk_size=2000):
        slugs = " ".join(sorted(x.newsletter.slug for x in s.subscriptions.all() if x.confirmed_at))
        yield [
            s.email,
            s.state,
            slugs,
            s.created_at.isoformat(),
            s.confirmed_at.isoformat() if s.confirmed_at else "",
        ]
