"""The task queue of a cluster: RQ on Redis, and the database when Redis
cannot take a task.

Publishing, signing up and the page cache's purges enqueue tasks (search
index, related stories, a confirmation mail, the CDN). With Redis stopped,
RQ's enqueue raises, and the request that enqueued would fail after its
change was already committed, with the task lost. Instead the task is
written to the database queue (the `database` backend in TASKS), which
each worker also runs (`db_worker --backend database` in scripts/worker),
so it is done as soon as a worker can, Redis or not."""

import logging

from django_tasks import task_backends
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger(__name__)
FALLBACK = "database"


class RQWithDatabaseFallback(RQBackend):
    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except (ConnectionError, TimeoutError):
            log.warning("Redis is unreachable: %s goes to the database queue", task.module_path)
            return task_backends[FALLBACK].enqueue(task, args, kwargs)
