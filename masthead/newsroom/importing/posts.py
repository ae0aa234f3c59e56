"""What an importer reads from an export, whatever the source: plain data,
checked and complete before anything is written."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


class ExportError(ValueError):
    """A file that cannot be imported; the message says where and why."""


class ItemError(ValueError):
    """One item of a well-formed export that cannot be imported: it is
    skipped with this reason, and the rest of the file imported."""


UNTITLED_WORDS = 10


def title_of(title_html: str, body_html: str, source_id: str) -> tuple[str, list[str]]:
    """A post's title as text (sources keep markup in titles), and a flag
    when the source had none: then its first words, or its id."""
    from .html_blocks import plain

    title = plain(title_html)
    if title:
        return title, []
    words = plain(body_html).split()
    if words:
        made = " ".join(words[:UNTITLED_WORDS]) + ("…" if len(words) > UNTITLED_WORDS else "")
    else:
        made = f"Untitled post {source_id}"
    return made, ["untitled at the source: its title was made from its first words; write one"]


@dataclass
class Person:
    key: str  # the source's login or slug
    name: str
    email: str = ""
    bio: str = ""


@dataclass
class Picture:
    # Where the source kept it: its path in the uploads tree (WordPress's
    # wp-content/uploads/, Ghost's content/images/) or its file name; see
    # html_blocks.picture_paths for how the media folder is searched.
    source: str
    caption: str = ""
    credit: str = ""
    alt: str = ""


def scheduled(where: str, at, restricted: str) -> tuple[datetime | None, str]:
    """A post scheduled at the source: (its go-live time, a flag for editors).
    One whose time has passed missed it there, and one readers could not
    have seen stays a draft."""
    if restricted:
        return None, f"scheduled in {where}: imported as a draft, as it was restricted"
    if at is None or at <= datetime.now(UTC):
        return None, f"scheduled in {where} for a time now past: imported as a draft"
    return at, f"scheduled in {where} for {at:%Y-%m-%d %H:%M} UTC: scheduled here for the same time"


@dataclass
class Post:
    source_id: str
    title: str
    slug: str
    published: bool
    published_at: datetime | None
    updated_at: datetime | None
    html: str
    excerpt: str = ""
    dek: str = ""
    authors: list[Person] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # categories and tags, by name
    # The source's own sections (WordPress's categories, Ghost's primary
    # tag): what a fresh install makes its regions from.
    categories: list[str] = field(default_factory=list)
    image: Picture | None = None
    old_path: str = ""
    # Why readers may not see it at the source (password, private, members,
    # paid); such a post comes in as a draft and is never published.
    restricted: str = ""
    # Scheduled at the source for this time (in the future): scheduled here too.
    go_live_at: datetime | None = None
    flags: list[str] = field(default_factory=list)  # what editors should look at
    where: str = ""  # where in the file, for messages

    def checksum(self) -> str:
        """Changes when anything imported from the post changes."""
        data = asdict(self)
        data.pop("where")
        return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


@dataclass
class Export:
    source: str  # "wordpress", "ghost" or "substack"
    posts: list[Post]
    site: str = ""  # the old site's address: links to it are links between imported posts
    # The source's own record of its pictures (caption, credit, alt), by path.
    pictures: dict[str, Picture] = field(default_factory=dict)
    # Picture files the export itself carries (Ghost's zip), by path in its uploads tree.
    files: dict[str, bytes] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # what the file holds that is not imported, and why
    skipped_items: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, why)

    def skip(self, source_id: str, title: str, where: str, reason: str) -> None:
        self.skipped.append(f"{where} “{title}”: {reason}" if title or source_id else f"{where}: {reason}")
        self.skipped_items.append((source_id, title, reason))
