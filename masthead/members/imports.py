"""Members from a CSV file (another platform's export, a list of
subscribers of a print edition): address, name, and optionally a tier given
until a date. Checked whole before anything is written; one bad row and
nothing is imported, with every problem named by its line."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masthead.core.models import Tier
from masthead.newsletter.addresses import normalise_email

from . import accounts, levels
from .models import Member

MAX_BYTES = 5 * 1024 * 1024
COLUMNS = ("email", "name", "tier", "until")


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class _Row:
    email: str
    name: str
    tier: Tier | None
    until: datetime | None


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file is not UTF-8 text: save it as CSV (UTF-8).") from None


def _rows(text: str) -> tuple[list[_Row], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "email" not in header:
        return [], ["The first line must name the columns, with at least “email” (also: name, tier, until)."]
    reader.fieldnames = header
    tiers = {t.slug: t for t in Tier.objects.all()} | {t.name.lower(): t for t in Tier.objects.all()}
    rows, problems, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        raw = {k: (v or "").strip() for k, v in raw.items() if k}
        try:
            email = normalise_email(raw.get("email", ""))
        except ValidationError as error:
            problems.append(f"Line {line}: {error.messages[0]}")
            continue
        if email in seen:
            problems.append(f"Line {line}: {email} is on an earlier line too.")
            continue
        seen.add(email)
        tier = None
        if raw.get("tier"):
            tier = tiers.get(raw["tier"].lower())
            if tier is None:
                problems.append(f"Line {line}: there is no tier “{raw['tier']}”.")
                continue
        until = None
        if raw.get("until"):
            try:
                day = datetime.strptime(raw["until"], "%Y-%m-%d").date()
            except ValueError:
                problems.append(f"Line {line}: “{raw['until']}” is not a date like 2027-12-31.")
                continue
            until = timezone.make_aware(datetime.combine(day, time.max))
        if tier is not None and tier.is_paid and until is None:
            problems.append(f"Line {line}: a paid tier given by import needs an end date (until).")
            continue
        rows.append(_Row(email, raw.get("name", "")[:100], tier, until))
    return rows, problems


def import_csv(data: bytes) -> Report:
    report = Report()
    try:
        rows, report.problems = _rows(_text(data))
    except ValidationError as error:
        report.problems = error.messages
        return report
    if report.problems:
        return report
    with transaction.atomic():
        for row in rows:
            existed = Member.objects.filter(subscriber__email=row.email).exists()
            member = accounts.find_or_create(row.email, source="import", name=row.name)
            if row.name and member.name != row.name:
                member.name = row.name
            if row.tier is not None and row.tier.is_paid:
                member.comp_tier, member.comp_until = row.tier, row.until
            member.save()
            levels.refresh(member)
            report.updated += existed
            report.created += not existed
    return report
