"""A whole edition message for one recipient, as bytes for SMTP.

Python's `email` package spends about a millisecond building and
serialising each message; a send of 100,000 would spend minutes on it. The
parts every recipient shares (headers, boundary, the rendered HTML and
text) are prepared once per edition here, and each recipient costs two
string replacements and a base64 encoding. Tests parse the result with the
`email` package to hold it to the standard."""

import base64
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate

from .rendering import personalise

CRLF = "\r\n"


def _header_value(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8").encode(linesep=CRLF)


def _body(text: str) -> bytes:
    """Base64 in 76-character lines (RFC 2045), ending with CRLF."""
    encoded = base64.b64encode(text.encode("utf-8"))
    return b"\r\n".join([encoded[i : i + 76] for i in range(0, len(encoded), 76)]) + b"\r\n"


@dataclass(frozen=True)
class Prepared:
    """What every recipient of one edition shares."""

    edition_id: int
    list_slug: str
    from_address: str
    head: str  # the shared headers, CRLF-terminated
    html: str
    text: str
    boundary: str


def prepare(edition_id, list_slug, list_id, from_name, from_address, subject, html, text) -> Prepared:
    boundary = f"==masthead-{secrets.token_hex(12)}"
    head = CRLF.join(
        [
            f"From: {formataddr((from_name, from_address))}",
            f"Subject: {_header_value(subject)}",
            "MIME-Version: 1.0",
            f"List-Id: <{list_id}>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
        ]
    )
    return Prepared(edition_id, list_slug, from_address, head + CRLF, html, text, boundary)


def message_id(edition_id: int, subscriber_id: int, domain: str) -> str:
    """The same for every attempt at one (edition, subscriber), so a
    re-send after a crash is recognisable as the same message."""
    return f"<edition-{edition_id}.{subscriber_id}@{domain}>"


def _part_head(boundary: str, subtype: str) -> str:
    return (
        f"--{boundary}{CRLF}Content-Type: text/{subtype}; charset=utf-8{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}{CRLF}"
    )


def build(
    p: Prepared, to: str, msgid: str, unsubscribe_url: str, preferences_url: str, track: str = ""
) -> bytes:
    text = personalise(p.text, to, unsubscribe_url, preferences_url, html=False)
    html = personalise(p.html, to, unsubscribe_url, preferences_url, html=True, track=track)
    b = p.boundary
    head = (
        f"{p.head}To: {to}{CRLF}Date: {formatdate()}{CRLF}Message-ID: {msgid}{CRLF}"
        f"List-Unsubscribe: <{unsubscribe_url}>{CRLF}{CRLF}{_part_head(b, 'plain')}"
    )
    middle = _part_head(b, "html")
    return b"".join(
        [
            head.encode("ascii"),
            _body(text),
            middle.encode("ascii"),
            _body(html),
            f"--{b}--{CRLF}".encode("ascii"),
        ]
    )
