"""`make cluster`: the catalogue as a deployment of several machines runs it, here on one.

- PostgreSQL: a primary and a streaming replica (a hot standby), the replica made with Debian's
  pg_createcluster and pg_basebackup, on a port of its own;
- Redis, this machine's;
- two gunicorn app servers, each with its own port, that read anonymous visitors' pages from the replica
  (config/replica.py) and share the page cache in Redis;
- nginx from Debian in front, balancing them: a request that an app server cannot take (stopped,
  refusing connections) goes to the other.

`make cluster` serves the fixtures on http://127.0.0.1:8080/ until Ctrl-C; `make loadtest` runs its load
against the same parts. The failover test (tests/test_cluster.py) starts a primary of its own.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

import run as bench

ROOT = Path(__file__).resolve().parent.parent
VERSION = next(iter(sorted(os.listdir("/etc/postgresql"))), "15") if Path("/etc/postgresql").exists() else "15"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="catalogue_cluster")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--practices", type=int, default=0, help="generated demo practices besides the fixtures")
    parser.add_argument("--projects", type=int, default=0)
    parser.set_defaults(uncached=False)
    options = parser.parse_args()
    primary = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    env = bench.production_env(primary, options)
    bench.prepare_database(primary, options, env)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped as a service: stop the parts too
    with Cluster(env, options.database, port=options.port, python=bench.runtime_python()) as cluster:
        print(f"The catalogue is on {cluster.address}/en/ (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


def run_as_postgres(*command):
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True)


def clusters():
    """{name: (port, status)} of this machine's PostgreSQL clusters of VERSION."""
    found = {}
    for line in subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True).stdout.splitlines():
        version, name, port, status, *_ = line.split()
        if version == VERSION:
            found[name] = (int(port), status)
    return found


def wait_until(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def wait_for_postgres(port, seconds=60):
    deadline = time.monotonic() + seconds
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode != 0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL on port {port} did not start")
        time.sleep(0.2)


class Postgres:
    """A PostgreSQL cluster of Debian's (pg_createcluster), started and stopped with pg_ctlcluster."""

    def __init__(self, name, port):
        self.name, self.port = name, port

    @property
    def data(self):
        return Path(f"/var/lib/postgresql/{VERSION}/{self.name}")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def exists(self):
        return self.name in clusters()

    def create(self):
        """A new primary: trust on loopback, for the site and for replication, as the machine's own server."""
        subprocess.run(
            ["pg_createcluster", VERSION, self.name, "-p", str(self.port), "--", "--auth=trust"],
            check=True,
            capture_output=True,
        )
        self.allow_replication()
        self.start()

    def allow_replication(self):
        """A standby connects for replication as postgres from loopback; trust, as the site's connections."""
        hba = Path(f"/etc/postgresql/{VERSION}/{self.name}/pg_hba.conf")
        line = "host replication postgres 127.0.0.1/32 trust"
        if line not in hba.read_text():
            hba.write_text(hba.read_text().rstrip("\n") + f"\n{line}\n")
            if self.name in clusters() and clusters()[self.name][1] == "online":
                subprocess.run(["pg_ctlcluster", VERSION, self.name, "reload"], check=True)

    def copy_as_standby(self, primary):
        """Make this cluster a streaming replica of `primary`: its settings from pg_createcluster, its data from
        pg_basebackup (-R writes standby.signal and the primary's address)."""
        primary.allow_replication()
        subprocess.run(
            ["pg_createcluster", VERSION, self.name, "-p", str(self.port), "--", "--auth=trust"],
            check=True,
            capture_output=True,
        )
        for part in self.data.iterdir():  # the folder stays, owned by postgres in a folder of root's
            shutil.rmtree(part) if part.is_dir() else part.unlink()
        run_as_postgres(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(self.data), "-R", "-X", "stream", "-c", "fast"),
        )
        self.start()

    def start(self):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", VERSION, self.name, "start"], check=True, capture_output=True
        )
        wait_for_postgres(self.port)

    def stop(self):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", VERSION, self.name, "stop", "-m", "fast"],
            check=True,
            capture_output=True,
        )

    def drop(self):
        subprocess.run(["pg_dropcluster", "--stop", VERSION, self.name], check=False, capture_output=True)


class AppServer:
    """One gunicorn app server (its own process group, so that stopping it stops its workers too)."""

    def __init__(self, env, port, python=bench.PYTHON):
        self.env, self.port, self.python, self.process = {**env, "PORT": str(port)}, port, python, None

    def start(self):
        self.process = bench.serve(self.env, self.python, start_new_session=True)
        bench.wait_until_warm(self.process, self.env)
        bench.wait_for(f"http://127.0.0.1:{self.port}/healthz/live")

    def stop(self, hard=False):
        """Gracefully (in-flight requests finish) or at once, as a machine that dies."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL if hard else signal.SIGTERM)
            self.process.wait(timeout=40)


NGINX_CONF = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    # Each answer: when it ended, its time, its status, its address and the app servers it went to (two, for
    # a request one of them failed). bench/loadtest.py reads the times of single answers here.
    log_format timing '$msec $request_time $status $request_uri [$upstream_addr]';
    access_log {access_log};
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream catalogue {{
        # To the server with the fewest requests in flight. Pages cost from 1 ms (kept) to 100 ms and more
        # (a first render): taken in turn, requests piled up behind one server's slow pages while the
        # other's workers waited, its requests twice as long as the other's in a load test.
        least_conn;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        # Request lines as long as gunicorn takes (8,190 bytes): a list with many filters.
        large_client_header_buffers 4 16k;
        client_max_body_size 20m;
        location / {{
            proxy_pass http://catalogue;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A server that refuses the connection or fails before answering: the request goes to the other.
            # nginx retries only idempotent requests (GET, HEAD), never a POST.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 1s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Balancer:
    """nginx from Debian, in a folder of its own, in front of the app servers."""

    def __init__(self, port, upstream_ports, access_log=None):
        self.port, self.upstream_ports, self.process = port, upstream_ports, None
        self.access_log = access_log  # where to log each answer's time (bench/loadtest.py reads it), or None
        self.folder = Path(tempfile.mkdtemp(prefix="catalogue-nginx-"))
        # Started by root, nginx's workers run as an unprivileged user: they must reach the temporary folders
        # (request bodies, long answers) that the master makes for them inside this one.
        self.folder.chmod(0o755)

    def start(self):
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in self.upstream_ports
        )
        conf = self.folder / "nginx.conf"
        log = f"{self.access_log} timing" if self.access_log else "off"
        conf.write_text(NGINX_CONF.format(folder=self.folder, servers=servers, port=self.port, access_log=log))
        self.process = subprocess.Popen(["nginx", "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"])
        bench.wait_for(f"http://127.0.0.1:{self.port}/healthz/live")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


class Cluster:
    """The replica (made once, kept), two app servers and nginx, started together and stopped together.

    primary: the Postgres whose replica to use; by default this machine's server at 5432 (cluster `main`).
    """

    def __init__(
        self, env, database, port=8080, primary=None, replica=None, app_ports=None, python=bench.PYTHON, access_log=None
    ):
        self.primary = primary or Postgres("main", 5432)
        self.replica = replica or Postgres("catalogue_replica", 5433)
        self.app_ports = app_ports or [bench.free_port(), bench.free_port()]
        app_env = {
            **env,
            "DATABASE_URL": f"{self.primary.url}/{database}",
            "DATABASE_REPLICA_URL": f"{self.replica.url}/{database}",
            "WEB_CONCURRENCY": env.get("WEB_CONCURRENCY", "3"),
        }
        self.apps = [AppServer(app_env, app_port, python) for app_port in self.app_ports]
        self.balancer = Balancer(port, self.app_ports, access_log)
        self.address = f"http://127.0.0.1:{port}"
        self.env = app_env

    def __enter__(self):
        if not self.replica.exists():
            self.replica.copy_as_standby(self.primary)
        elif clusters()[self.replica.name][1] != "online,recovery":
            self.replica.start()
        bench.manage(self.env, "collectstatic", "--no-input", "-v0")
        for app in self.apps:
            app.start()
        self.balancer.start()
        return self

    def __exit__(self, *exc_info):
        self.balancer.stop()
        for app in self.apps:
            app.stop()


if __name__ == "__main__":
    main()
