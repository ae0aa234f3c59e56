"""The demo's mail: a Django e-mail backend that keeps every message for
the /demo/inbox/ page and prints a line about it to the terminal."""

import sys

from django.core.mail.backends.base import BaseEmailBackend


class InboxBackend(BaseEmailBackend):
    def send_messages(self, messages):
        from .models import InboxMessage

        for message in messages:
            html = next(
                (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
            )
            headers = {k: str(v) for k, v in message.extra_headers.items()}
            InboxMessage.objects.create(
                to=", ".join(message.recipients()),
                subject=message.subject,
                headers=headers,
                text=message.body,
                html=html,
            )
            # One line a message: the mail itself is read at /demo/inbox/, and
            # whole bodies here would bury the logins the demo prints.
            print(
                f"mail to {', '.join(message.recipients())}: {message.subject} (at /demo/inbox/)",
                file=sys.stdout,
                flush=True,
            )
        return len(messages)
