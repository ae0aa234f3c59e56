"""Addresses as subscribers are stored and compared: one spelling each."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email


def normalise_email(raw: str) -> str:
    """The one spelling an address is stored and compared under: trimmed,
    Unicode-normalised, lower case, the domain in its ASCII (IDNA) form.
    Raises ValidationError with a message for the reader."""
    address = unicodedata.normalize("NFC", (raw or "").strip())
    if not address:
        raise ValidationError("Enter your email address.")
    if len(address) > 254:
        raise ValidationError("That address is too long to be an email address.")
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError("Enter an email address like name@example.org.")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError("The part after @ is not a valid domain name.") from None
    if not local.isascii():
        raise ValidationError("We can only send to addresses written in Latin letters before the @.")
    address = f"{local}@{domain}".lower()
    validate_email(address)
    return address
