"""The demo's mail: a Django e-mail backend that keeps every message for
the /demo/inbox/ page and prints it to the terminal."""

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
            print(
                f"\n--- mail to {', '.join(message.recipients())}: {message.subject}\n{message.body}\n"
                "--- (also at /demo/inbox/)",
                file=sys.stdout,
                flush=True,
            )
        return len(messages)
