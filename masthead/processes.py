"""Processes on loopback, for the tests, the benchmarks and the loopback
cluster (deploy/loopback.py): a free port, waiting for a process to
listen on one, waiting for a condition. The site itself never imports
this (the no-test-code contract in pyproject.toml)."""

import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    """Until something listens on `port`; fails at once if `process` exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the process for port {port} exited with {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port} after {timeout} s") from None
            time.sleep(0.1)


def stop(*processes: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM to each, then SIGKILL to any still running `grace` seconds
    later: a server that a busy machine keeps from stopping in time must
    neither fail a test about something else nor outlive it."""
    running = [p for p in processes if p is not None and p.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@contextmanager
def serving(handler):
    """A threaded HTTP server on a free loopback port answering with
    `handler` (a BaseHTTPRequestHandler): what tests put in the place of
    a service that cannot run here (a provider's API, an old site)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
