"""The whole site in one archive, and back: content and its history,
pictures and documents (the files too), subscribers and their consent
records, users, roles and settings. `export_site` writes a .tar.gz with a
manifest, the database as Django's JSON fixture, and the media files;
`restore_site` puts it into an empty install, in one transaction, after
checking the whole archive. Left out and rebuilt instead: the search index
(Wagtail's and reader search's, rebuilt after), sessions, queued tasks, sign-in attempts and
the demo's mail inbox."""

import io
import json
import shutil
import tarfile
import tempfile
from datetime import datetime, time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone

from .importing.posts import ExportError

FORMAT = 1
LEFT_OUT = {"sessions", "axes", "django_tasks_database", "wagtailsearch", "demo", "admin"}
LEFT_OUT_MODELS = {"discovery.SearchEntry"}  # reader search's index, rebuilt on restore


class ArchiveError(ExportError):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON fixtures keep milliseconds only; a restored site must
    keep the exact times (they are in pages: dates, feeds, ETags)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _models():
    """Content types and permissions first: loading anything else may look
    them up (and would create them under other ids)."""
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label not in LEFT_OUT
        and m._meta.label not in LEFT_OUT_MODELS
        and not m._meta.proxy
        and m._meta.managed
    ]
    first = ("contenttypes.ContentType", "auth.Permission")
    return sorted(models, key=lambda m: first.index(m._meta.label) if m._meta.label in first else len(first))


def export_site(path: Path) -> dict:
    """Write the archive; returns its manifest (what it holds)."""
    models = _models()
    counts = {m._meta.label: m._default_manager.count() for m in models}
    rows = serializers.serialize(
        "python", (obj for m in models for obj in m._default_manager.order_by("pk").iterator())
    )
    data = json.dumps(rows, cls=ExactEncoder)
    media_root = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
    manifest = {
        "format": FORMAT,
        "made_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "rows": {label: n for label, n in counts.items() if n},
        "media_files": len(files),
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, text in (("manifest.json", json.dumps(manifest, indent=1)), ("data.json", data)):
            blob = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            archive.addfile(info, io.BytesIO(blob))
        for file in files:
            archive.add(file, arcname=f"media/{file.relative_to(media_root)}", recursive=False)
    return manifest


def site_is_empty() -> bool:
    """No user, and no row of what any app names as a magazine's own content
    (its AppConfig's `site_content`), so this room need not import the others."""
    from django.contrib.auth import get_user_model

    owned = [
        config.get_model(name)
        for config in apps.get_app_configs()
        for name in getattr(config, "site_content", ())
    ]
    return not (get_user_model().objects.exists() or any(model.objects.exists() for model in owned))


def _read(path: Path):
    """The manifest, the fixture text and the media members, all checked
    before anything is written."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise ArchiveError(
            f"{path} is not a site archive (a .tar.gz made by export_site): {error}."
        ) from None
    with archive:
        try:
            members = archive.getmembers()
            names = {m.name: m for m in members}
            if "manifest.json" not in names or "data.json" not in names:
                raise ArchiveError(f"{path} lacks manifest.json or data.json: not a site archive.")
            manifest = json.loads(archive.extractfile(names["manifest.json"]).read())
            data = archive.extractfile(names["data.json"]).read().decode()
            json.loads(data)
        except (tarfile.TarError, EOFError, OSError, zlib_error()) as error:
            raise ArchiveError(f"{path} is damaged or cut short: {error}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ArchiveError(f"{path}: its data is not valid JSON ({error}).") from None
        if manifest.get("format") != FORMAT:
            raise ArchiveError(
                f"{path} has archive format {manifest.get('format')!r}; this version reads {FORMAT}."
            )
        media = [m for m in members if m.name.startswith("media/") and m.isfile()]
        for member in media:
            target = Path(member.name)
            if target.is_absolute() or ".." in target.parts:
                raise ArchiveError(f"{path}: the file {member.name} would land outside the media folder.")
        staging = Path(tempfile.mkdtemp(prefix="restore-"))
        try:
            archive.extractall(staging, members=media, filter="data")
        except (tarfile.TarError, EOFError, OSError, zlib_error()) as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise ArchiveError(f"{path} is damaged or cut short: {error}.") from None
    return manifest, data, staging


def zlib_error():
    import zlib

    return zlib.error


def restore_site(path: Path, force: bool = False) -> dict:
    """Put an archive into this install: all of it, or nothing."""
    if not force and not site_is_empty():
        raise ArchiveError(
            "This install already has users, articles or subscribers: restore into an empty one."
        )
    manifest, data, staging = _read(path)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fixture:
            fixture.write(data)
        with transaction.atomic():
            empty_database()
            try:
                call_command("loaddata", fixture.name, verbosity=0, database=DEFAULT_DB_ALIAS)
            except Exception as error:  # noqa: BLE001  (any fixture error: report it, roll back)
                raise ArchiveError(f"{path}: its data does not load into this install ({error}).") from None
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        source = staging / "media"
        if source.is_dir():
            shutil.copytree(source, media_root, dirs_exist_ok=True)
    finally:
        Path(fixture.name).unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    call_command("update_index", verbosity=0)
    call_command("reindex_search", verbosity=0)
    return manifest


def empty_database() -> None:
    """Every table emptied, sequences restarted, in the caller's transaction."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with foreign-key checks still queued in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()


def no_style():
    from django.core.management.color import no_style as style

    return style()
