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
        self.smtp = None
        raise TransportDown(str(error)) from error

    def send(self, sender: str, recipient: str, raw: bytes, message=None) -> Outcome:
        self.open()
        try:
            self.smtp.sendmail(sender, [recipient], raw)
            return SENT
        except smtplib.SMTPRecipientsRefused as error:
            code, text = error.recipients.get(recipient, (450, b"refused"))
            if code == 421:
                self._drop(error)
            # A mailbox refused at RCPT: 5xx means it does not exist or never will.
            return Outcome(sent=False, permanent=code >= 500, suppress=code >= 500, error=_reply(code, text))
        except smtplib.SMTPDataError as error:
            if error.smtp_code == 421:
                self._drop(error)
            # Refused after DATA: about the message, not the mailbox, so it
            # fails this delivery but does not suppress the address.
            return Outcome(
                sent=False, permanent=error.smtp_code >= 500, error=_reply(error.smtp_code, error.smtp_error)
            )
        except (
            smtplib.SMTPSenderRefused,
            smtplib.SMTPServerDisconnected,
            smtplib.SMTPResponseException,
            OSError,
        ) as error:
            self._drop(error)


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

    def send(self, sender: str, recipient: str, raw: bytes, message=None) -> Outcome:
        from anymail.exceptions import AnymailRecipientsRefused

        self.open()
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
            return Outcome(sent=False, permanent=True, suppress=True, error=error)
        return SENT


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
