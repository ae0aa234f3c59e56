"""A worker machine's processes (scripts/worker), kept running: the task
queue, the database fall-back queue, a newsletter delivery worker and the
schedule clock. A part that exits is started again two seconds later, on
its own: an RQ worker quits when Redis goes away in the middle of a job,
and that must not stop deliveries or the clock, which do not need Redis.

SIGTERM or SIGINT stops them all: each part gets SIGTERM and up to a minute
to finish what it holds (the delivery worker sends the message in hand and
hands its batch back)."""

import os
import signal
import subprocess
import sys
import time

RESTART_AFTER = 2.0  # seconds
STOP_WAIT = 60.0


def parts(env) -> list[list[str]]:
    manage = [sys.executable, "manage.py"]
    if env.get("REDIS_URL") and not env.get("TASK_BACKEND"):
        rq = [*manage, "rqworker", "--job-class", "django_tasks_rq.Job"]
        tasks = [
            # One worker a queue: a long task (an import, a burst of pictures)
            # never holds up a mail or a purge.
            [*rq, "--with-scheduler", "default"],
            [*rq, "long"],
            # Tasks Redis could not take when they were made (core/task_queue.py).
            [
                *manage,
                "db_worker",
                "--backend",
                "database",
                "--queue-name",
                "default,long",
                "--interval",
                "2",
            ],
        ]
    else:
        # The database queue takes tasks in the order they came: a second
        # worker for long tasks (pictures' sizes, imports) keeps mails and
        # purges from queueing behind them.
        tasks = [
            [*manage, "db_worker", "--queue-name", "default", "--interval", "1"],
            [*manage, "db_worker", "--queue-name", "long", "--interval", "1"],
        ]
    clock = [*manage, "run_clock", "--interval", env.get("CLOCK_INTERVAL", "20")]
    upkeep = [*manage, "run_members_upkeep", "--interval", env.get("MEMBERS_UPKEEP_INTERVAL", "300")]
    counting = [*manage, "run_analytics_upkeep", "--interval", env.get("ANALYTICS_UPKEEP_INTERVAL", "120")]
    return [*tasks, [*manage, "deliver_newsletters"], clock, upkeep, counting]


def supervise(commands: list[list[str]]) -> None:
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    running = {i: subprocess.Popen(command) for i, command in enumerate(commands)}
    due = {}  # part -> when to start it again
    while not stopping:
        for i, process in list(running.items()):
            if process.poll() is not None:
                name = " ".join(commands[i][2:3])
                print(f"worker: {name} exited ({process.returncode}); again in {RESTART_AFTER:.0f} s",
                      file=sys.stderr, flush=True)  # fmt: skip
                del running[i]
                due[i] = time.monotonic() + RESTART_AFTER
        for i, when in list(due.items()):
            if time.monotonic() >= when:
                running[i] = subprocess.Popen(commands[i])
                del due[i]
        time.sleep(0.2)
    for process in running.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT
    for process in running.values():
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    supervise(parts(os.environ))
