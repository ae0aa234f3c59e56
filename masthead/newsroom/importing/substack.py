"""Substack's export read into posts: a zip holding `posts.csv` (one row a
post: its id and slug, date, whether published, audience, title and
subtitle) and `posts/<id>.html` with each post's body. The zip is read in
memory, member by member, within size limits."""

import csv
import io
import zipfile
from datetime import datetime

from .posts import Export, ExportError, ItemError, Post, title_of

MAX_MEMBER = 50 * 1024 * 1024  # bytes a post or the list may hold unpacked
MAX_TOTAL = 2 * 1024 * 1024 * 1024
COLUMNS = {"post_id", "post_date", "is_published", "title"}
# Substack's audiences other than "everyone": who may read the post there.
RESTRICTED = {
    "only_paid": "for paying subscribers",
    "founding": "for founding members",
    "only_free": "for subscribers",
}


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER:
        raise ItemError(f"{name} unpacks to over {MAX_MEMBER >> 20} MB")
    return archive.read(info)


def parse(data: bytes) -> Export:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise ExportError("Not a Substack export: not a zip file (or a truncated one).") from None
    if sum(m.file_size for m in members) > MAX_TOTAL:
        raise ExportError(f"The zip unpacks to over {MAX_TOTAL >> 30} GB; refused.")
    names = {m.filename for m in members}
    listing = next((n for n in names if n.rsplit("/", 1)[-1] == "posts.csv"), None)
    if listing is None:
        raise ExportError("Not a Substack export: the zip holds no posts.csv.")
    folder = listing[: -len("posts.csv")]
    try:
        text = _read(archive, listing).decode("utf-8-sig")
    except (UnicodeDecodeError, ItemError, zipfile.BadZipFile) as error:
        raise ExportError(f"posts.csv cannot be read: {error}.") from None
    rows = csv.DictReader(io.StringIO(text))
    if missing := COLUMNS - set(rows.fieldnames or []):
        raise ExportError(f"Not a Substack export: posts.csv lacks the columns {', '.join(sorted(missing))}.")
    export = Export(source="substack", posts=[])
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"posts.csv line {number}"
        source_id, title = (row.get("post_id") or "").strip(), (row.get("title") or "").strip()
        try:
            html_name = f"{folder}posts/{source_id}.html"
            if not source_id:
                raise ItemError("a row without a post_id")
            if html_name not in names:
                raise ItemError(f"its body, posts/{source_id}.html, is not in the zip")
            html = _read(archive, html_name).decode("utf-8", errors="replace")
            export.posts.append(_post(row, source_id, title, html, where))
        except (ItemError, zipfile.BadZipFile) as error:
            export.skip(source_id, title, where, str(error))
    return export


def _post(row, source_id, raw_title, html, where) -> Post:
    title, flags = title_of(raw_title, html, source_id)
    audience = (row.get("audience") or "everyone").strip()
    restricted = f"{RESTRICTED.get(audience, audience)} in Substack" if audience != "everyone" else ""
    published = (row.get("is_published") or "").strip().lower() == "true"
    kind = (row.get("type") or "newsletter").strip()
    if kind not in ("newsletter", ""):
        flags.append(f"a Substack {kind}: imported as an article")
    slug = source_id.split(".", 1)[1] if "." in source_id else ""
    return Post(
        source_id=source_id,
        title=title,
        slug=slug,
        published=published and not restricted,
        published_at=_date(row.get("post_date")),
        updated_at=None,
        html=html,
        dek=(row.get("subtitle") or "").strip(),
        old_path=f"/p/{slug}" if slug else "",
        restricted=restricted,
        flags=flags,
        where=where,
    )


def _date(value):
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ItemError(f"the date “{value}” is not an ISO date") from None
    if moment.tzinfo is None:
        raise ItemError(f"the date “{value}” has no time zone")
    return moment
