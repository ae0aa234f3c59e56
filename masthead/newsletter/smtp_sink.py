"""A real SMTP server for the tests and the benchmark (aiosmtpd, a
development dependency): `python -m masthead.newsletter.smtp_sink PORT LOG`.

Each accepted message appends one line to LOG: the recipient and the
Message-ID, tab-separated (LOG '-' keeps only a count). Recipients starting
with `bounce` are refused with 550 and those starting with `later` with 451,
as real servers refuse unknown and greylisted mailboxes; a message to
`spam…` is refused after DATA with 554, as a content filter would. On SIGTERM it
prints how many messages it accepted."""

import re
import sys
import threading

from aiosmtpd.controller import Controller

from masthead.core.stopping import stop_on_signals

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Sink:
    def __init__(self, log_path: str):
        self.log = None if log_path == "-" else open(log_path, "a", buffering=1)  # noqa: SIM115
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox here"
        if address.startswith("later"):
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(rcpt.startswith("spam") for rcpt in envelope.rcpt_tos):
            return "554 5.7.1 Message refused by content filter"
        self.count += 1
        if self.log:
            found = MESSAGE_ID.search(envelope.original_content or envelope.content)
            message_id = found.group(1).decode() if found else "-"
            for rcpt in envelope.rcpt_tos:
                self.log.write(f"{rcpt}\t{message_id}\n")
        return "250 Message accepted"


def main():
    port, log_path = int(sys.argv[1]), sys.argv[2]
    sink = Sink(log_path)
    controller = Controller(sink, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    stop_on_signals(stop)
    stop.wait()
    controller.stop()
    print(sink.count, flush=True)


if __name__ == "__main__":
    main()
