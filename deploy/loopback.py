"""The production recipe on one machine's loopback, for trying it and for
the tests in tests/production/: a new PostgreSQL database and a Redis
database (the servers already running), N app servers and M workers started
as the systemd units start them (scripts/serve, scripts/worker), and nginx
in front configured from deploy/nginx/masthead.conf. Production settings
throughout (DEBUG off, hashed static files, the page cache in Redis); only
TLS is left out, and media stay on the local disk all processes share.

    .venv/bin/python deploy/loopback.py --app-servers 2 --workers 2

prints the address and the logins and runs until Ctrl-C, then drops the
database."""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from masthead.processes import free_port, wait_for_port  # noqa: E402

NGINX_CONF = ROOT / "deploy" / "nginx" / "masthead.conf"
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def nginx_config(app_ports: list[int], port: int, root: Path) -> str:
    """deploy/nginx/masthead.conf with this cluster's app servers in its
    upstream and its own port, wrapped in the few lines a whole nginx.conf
    needs (Debian's /etc/nginx/nginx.conf gives them in production)."""
    site = NGINX_CONF.read_text()
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=2 fail_timeout=5s;\n" for p in app_ports)
    site, found = re.subn(r"(upstream masthead_app \{\n)(?:    server [^\n]*\n)+", rf"\g<1>{servers}", site)
    assert found == 1, "deploy/nginx/masthead.conf lost its upstream block"
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", site)
    site = re.sub(r"server_name [^;]+;", "server_name 127.0.0.1 localhost;", site)
    return f"""worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log {root}/nginx-access.log;
    client_body_temp_path {root}/nginx-body;
    proxy_temp_path {root}/nginx-proxy;
    fastcgi_temp_path {root}/nginx-fastcgi;
    uwsgi_temp_path {root}/nginx-uwsgi;
    scgi_temp_path {root}/nginx-scgi;
{site}
}}
"""


def postgres_database(admin_url: str, name: str):
    """A new, empty database on the server of `admin_url`; returns its URL and
    a function that drops it."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlsplit(admin_url)._replace(path=f"/{name}").geturl(), drop


@dataclass
class Cluster:
    """Start with `start()`, stop with `stop()`. `env` is what every process
    of it runs with; `manage()` runs a management command in it."""

    postgres_url: str = "postgres://postgres@127.0.0.1:5432/postgres"
    redis_url: str = "redis://127.0.0.1:6379/7"  # a database of its own: RQ's queue names are global
    app_servers: int = 2
    workers: int = 2
    extra_env: dict = field(default_factory=dict)
    root: Path = None
    env: dict = None
    app_ports: list = field(default_factory=list)
    port: int = 0
    servers: list = field(default_factory=list)
    worker_processes: list = field(default_factory=list)
    nginx: subprocess.Popen = None
    _drop = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[i]}"

    def start(self) -> "Cluster":
        self.root = Path(tempfile.mkdtemp(prefix="masthead-cluster-"))
        self.port = free_port()
        self.app_ports = [free_port() for _ in range(self.app_servers)]
        database_url, self._drop = postgres_database(self.postgres_url, f"masthead_cluster_{os.getpid()}")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "TASK_", "REDIS_"))},
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": f"cluster{os.getpid()}",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DEBUG": "false",
            "DEMO_MODE": "false",
            "STATIC_MANIFEST": "true",
            "MASTHEAD_DATA_DIR": str(self.root),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "CSRF_TRUSTED_ORIGINS": ",".join([self.url, *(self.app_url(i) for i in range(self.app_servers))]),
            "PROXY_HOPS": "1",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }
        self._flush_redis()
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("collectstatic", "--no-input", "-v", "0")
        self.manage("load_demo_content")
        for i in range(self.app_servers):
            self.start_server(i)
        for _ in range(self.workers):
            self.start_worker()
        self.start_nginx()
        return self

    def wait_for_tasks(self, timeout: float = 900.0) -> None:
        """Return once the task queues have stayed empty, with no task
        running, for three seconds in a row: the set-up's indexing, related
        stories and picture sizes are done, and the site is at rest."""
        import redis
        from rq import Queue
        from rq.registry import StartedJobRegistry

        connection = redis.Redis.from_url(self.redis_url)
        deadline = time.monotonic() + timeout
        quiet = 0
        while quiet < 3:
            busy = sum(
                Queue(name, connection=connection).count
                + StartedJobRegistry(name, connection=connection).count
                for name in ("default", "long")
            )
            quiet = 0 if busy else quiet + 1
            if time.monotonic() > deadline:
                raise TimeoutError(f"the task queues were still busy after {timeout:.0f} s")
            time.sleep(1)

    def logins(self) -> dict:
        return json.loads((self.root / "demo-logins.json").read_text())

    def manage(self, *args, stdin: str | None = None) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, input=stdin, capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start_server(self, i: int) -> None:
        log = open(self.root / f"server-{i}.log", "a")  # noqa: SIM115 - the server keeps it
        server = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")],
            cwd=ROOT,
            env={**self.env, "PORT": str(self.app_ports[i]), "WEB_WORKERS": "2"},
            stderr=log,
            start_new_session=True,  # its own process group, killed as one machine would die
        )
        wait_for_port(self.app_ports[i], server)
        if i < len(self.servers):
            self.servers[i] = server
        else:
            self.servers.append(server)

    def start_worker(self) -> None:
        log = open(self.root / f"worker-{len(self.worker_processes)}.log", "a")  # noqa: SIM115
        self.worker_processes.append(
            subprocess.Popen(
                [str(ROOT / "scripts" / "worker")],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    def start_nginx(self) -> None:
        conf = self.root / "nginx.conf"
        conf.write_text(nginx_config(self.app_ports, self.port, self.root))
        self.nginx = subprocess.Popen(
            [nginx_binary(), "-c", str(conf), "-p", str(self.root), "-g", "daemon off;"], cwd=self.root
        )
        wait_for_port(self.port, self.nginx)

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL to the whole process group: no clean-up, as when a machine dies."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(10)

    def stop(self) -> None:
        for process in [*self.servers, *self.worker_processes, self.nginx]:
            if process is None or process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                process.terminate()
        for process in [*self.servers, *self.worker_processes, self.nginx]:
            if process is not None:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    self.kill(process)
        if self._drop:
            self._drop()
        self._flush_redis()
        shutil.rmtree(self.root, ignore_errors=True)

    def _flush_redis(self) -> None:
        import redis

        try:
            redis.Redis.from_url(self.redis_url, socket_connect_timeout=2).flushdb()
        except redis.ConnectionError:
            pass  # stopped (a fault test's own server): nothing of ours is left in it


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is not installed: apt-get install nginx-light")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    args = parser.parse_args()
    cluster = Cluster(args.postgres, args.redis, args.app_servers, args.workers)
    cluster.start()
    try:
        print(
            f"masthead is at {cluster.url}/ through nginx; app servers at",
            *map(cluster.app_url, range(args.app_servers)),
        )
        for name, password in cluster.logins().items():
            print(f"  {name}: {password}")
        print("Ctrl-C stops it and drops its database.")
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
