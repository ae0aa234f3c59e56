"""What an importer reads from an export, whatever the source: plain data,
checked and complete before anything is written."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime


class ExportError(ValueError):
    """A file that cannot be imported; the message says where and why."""


@dataclass
class Person:
    key: str  # the source's login or slug
    name: str
    email: str = ""
    bio: str = ""


@dataclass
class Picture:
    filename: str  # looked up in the media folder by this name
    caption: str = ""
    credit: str = ""
    alt: str = ""


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
    image: Picture | None = None
    old_path: str = ""
    where: str = ""  # where in the file, for messages

    def checksum(self) -> str:
        """Changes when anything imported from the post changes."""
        data = asdict(self)
        data.pop("where")
        return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


@dataclass
class Export:
    source: str  # "wordpress" or "ghost"
    posts: list[Post]
    skipped: list[str] = field(default_factory=list)  # what the file holds that is not imported, and why
