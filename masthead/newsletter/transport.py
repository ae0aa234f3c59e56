"""How delivery workers hand messages over: straight SMTP when the site
mails through SMTP, else the configured Django e-mail backend (any
django-anymail provider, or the demo inbox)."""

import smtplib
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class TransportDown(Exception):
    """Nothing can be sent right now (server unreachable, closing, refusing
    our sender): the batch goes back to the queue untouched."""


@dataclass
class Outcome:
    sent: bool
    permanent: bool = False  # 5xx: do not retry
    suppress: bool = False  # the mailbox does not exist: never mail it again
    error: str = ""


SENT = Outcome(sent=True)


def _reply(code, message) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {text}"[:300]


class SmtpTransport:
    """One connection, kept open across batches while there is work."""

    def __init__(self):
        self.smtp = None

    def open(self):
        if self.smtp is not None:
            return
        try:
            cls = smtplib.SMTP_SSL if settings.EMAIL_USE_SSL else smtplib.SMTP
            smtp = cls(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT)
            if settings.EMAIL_USE_TLS:
                smtp.starttls(context=ssl.create_default_context())
            if settings.EMAIL_HOST_USER:
                smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
            smtp.ehlo_or_helo_if_needed()
        except (OSError, smtplib.SMTPException) as error:
            raise TransportDown(
                f"cannot reach {settings.EMAIL_HOST}:{settings.EMAIL_PORT}: {error}"
            ) from error
        self.smtp = smtp

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None

    def _drop(self, error):
        self._abandon()
        raise TransportDown(str(error)) from error

    def _abandon(self):
        """Forget the connection without a goodbye: it may be mid-command."""
        smtp, self.smtp = self.smtp, None
        if smtp is not None and smtp.sock is not None:
            smtp.sock.close()

    def send(self, sender, recipient, raw: bytes, message=None, *, first=None, meanwhile=None) -> Outcome:
        """Hand one message over, speaking SMTP step by step rather than
        through `sendmail`: `first` runs while the server answers MAIL
        FROM, so it is done before this message can be accepted, and
        `meanwhile` runs while the server takes the message in. A delivery
        worker does its bookkeeping there, in time it would otherwise spend
        waiting. The message is our own CRLF bytes, so it needs no address
        parsing and its dot-stuffing is one byte replace."""
        self.open()
        smtp = self.smtp
        try:
            smtp.putcmd("mail", f"FROM:<{sender}>")
            self._meanwhile(first)
            code, text = smtp.getreply()
            if code != 250:  # our sender refused: nothing will go out on this connection
                self._drop(smtplib.SMTPSenderRefused(code, text, sender))
            code, text = smtp.docmd("rcpt", f"TO:<{recipient}>")
            if code not in (250, 251):
                # A mailbox refused at RCPT: 5xx means it does not exist or never will.
                self._give_up(code, text)
                refused = code >= 500
                return Outcome(sent=False, permanent=refused, suppress=refused, error=_reply(code, text))
            code, text = smtp.docmd("data")
            if code != 354:
                self._give_up(code, text)
                return Outcome(sent=False, permanent=code >= 500, error=_reply(code, text))
            smtp.send(dot_stuffed(raw) + b".\r\n")
            self._meanwhile(meanwhile)
            code, text = smtp.getreply()
            if code != 250:
                # Refused after DATA: about the message, not the mailbox, so it
                # fails this delivery but does not suppress the address.
                self._give_up(code, text, reset=False)
                return Outcome(sent=False, permanent=code >= 500, error=_reply(code, text))
            return SENT
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as error:
            self._drop(error)

    def _give_up(self, code: int, text, reset: bool = True):
        """After a refusal: 421 means the server is closing on us; otherwise
        the connection stays usable for the next recipient."""
        if code == 421:
            self._drop(smtplib.SMTPResponseException(code, text))
        if reset:
            self.smtp.rset()

    def _meanwhile(self, work):
        """Run the caller's work while the server answers; if it fails, the
        connection is mid-command, so abandon it before passing the error on."""
        if work is not None:
            try:
                work()
            except BaseException:
                self._abandon()
                raise


def dot_stuffed(raw: bytes) -> bytes:
    """The message as DATA carries it (RFC 5321 4.5.2), ending in CRLF."""
    if raw.startswith(b"."):
        raw = b"." + raw
    raw = raw.replace(b"\r\n.", b"\r\n..")
    return raw if raw.endswith(b"\r\n") else raw + b"\r\n"


class BackendTransport:
    """Any Django e-mail backend; with django-anymail, the provider's API."""

    def __init__(self):
        self.connection = None

    def open(self):
        if self.connection is None:
            self.connection = get_connection(backend_path())
            try:
                self.connection.open()
            except Exception as error:  # each backend raises its own kinds
                self.connection = None
                raise TransportDown(str(error)) from error

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None

    def send(self, sender, recipient, raw: bytes, message=None, *, first=None, meanwhile=None) -> Outcome:
        from anymail.exceptions import AnymailRecipientsRefused

        self.open()
        if first:
            first()
        message.connection = self.connection
        try:
            message.send()
        except AnymailRecipientsRefused as error:
            return Outcome(sent=False, permanent=True, suppress=True, error=str(error)[:300])
        except Exception as error:  # the provider is down or refused the call
            self.close()
            raise TransportDown(str(error)) from error
        status = getattr(message, "anymail_status", None)
        if status is not None and status.status and status.status <= {"rejected", "invalid"}:
            error = f"provider: {', '.join(sorted(status.status))}"
            outcome = Outcome(sent=False, permanent=True, suppress=True, error=error)
        else:
            outcome = SENT
        if meanwhile:
            meanwhile()
        return outcome


def backend_path() -> str:
    return settings.NEWSLETTER_EMAIL_BACKEND or settings.EMAIL_BACKEND


def uses_smtp() -> bool:
    return backend_path() == SMTP_BACKEND


def make_transport():
    return SmtpTransport() if uses_smtp() else BackendTransport()


def backend_message(sender_header, recipient, subject, text, html, headers) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject, text, sender_header, [recipient], headers=headers)
    message.attach_alternative(html, "text/html")
    return message
