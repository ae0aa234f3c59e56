"""A stop signal that lands while the main thread is inside the stop
event's own wait must not hang the process (core/stopping.py)."""

import signal
import threading

from masthead.core.stopping import handler_for


def test_a_stop_signal_inside_the_events_own_wait_cannot_deadlock():
    event = threading.Event()
    handle = handler_for(event)
    # As inside Event.wait when the signal lands: the event's lock held by
    # this thread. `event.set()` called here would wait for it forever.
    with event._cond:
        handle(signal.SIGTERM, None)
    assert event.wait(5)
