"""Stopping a worker's loop on SIGTERM or SIGINT.

A signal handler runs in the main thread between two bytecodes, and may
land while that thread is inside `Event.wait`, holding the event's own
lock: setting the event there, from the handler, waits for that lock
forever (a delivery worker hung so, ignoring every SIGTERM after). The
handler hands the setting to a thread of its own instead."""

import signal
import threading


def handler_for(event: threading.Event):
    def handle(signum, frame):
        threading.Thread(target=event.set, name="stop", daemon=True).start()

    return handle


def stop_on_signals(event: threading.Event) -> None:
    """`event` is set, soon, when the process is asked to stop."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, handler_for(event))


def every(seconds: float, once: bool, work) -> None:
    """`work()` now and every `seconds` after, until the process is asked to
    stop; only once if `once`. The loop of the clock and the upkeep commands."""
    stop = threading.Event()
    stop_on_signals(stop)
    while True:
        work()
        if once or stop.wait(seconds):
            return
