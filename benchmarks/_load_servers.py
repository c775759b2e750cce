"""The load test's servers: a PostgreSQL database of its own, gunicorn, and an SMTP sink."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa

from mentoring.config import normalise_database_url

ROOT = Path(__file__).resolve().parent.parent


def database_url(environ: dict[str, str]) -> str:
    """Return the benchmark database's URL: BENCH_DATABASE_URL, or bench_load beside tests'."""
    if environ.get("BENCH_DATABASE_URL"):
        return environ["BENCH_DATABASE_URL"]
    base = environ.get("TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    return urlunsplit(urlsplit(base)._replace(path="/bench_load"))


def _on_server(url: str, *statements: str) -> None:
    """Run statements through the server's ``postgres`` database (to make or drop others)."""
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    engine = sa.create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def server_reachable(url: str) -> bool:
    try:
        _on_server(url, "SELECT 1")
    except sa.exc.OperationalError:
        return False
    return True


def recreate_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    _on_server(url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    return check


def wait_until_answering(port: int, path: str, seconds: float = 180.0) -> None:
    """Wait until the server answers ``path`` with 200: gunicorn listens before its workers
    have loaded the application, which takes long on a busy machine."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        if time.monotonic() > deadline:
            raise SystemExit(f"nothing answered {path} on port {port} within {seconds:.0f} s")
        time.sleep(0.5)


@contextmanager
def running(args: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server process until the block ends, once it listens on ``port``."""
    child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not listening(port)():
            if child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{' '.join(args[1:3])} did not start on port {port}")
            time.sleep(0.2)
        yield child
    finally:
        child.terminate()
        child.wait(30)


def gunicorn(port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "wsgi:app",
    ]


def smtp_sink(port: int) -> list[str]:
    """An SMTP server that accepts and drops every message (booking emails go somewhere)."""
    return [
        sys.executable,
        "-m",
        "aiosmtpd",
        "-n",
        "-c",
        "aiosmtpd.handlers.Sink",
        "-l",
        f"127.0.0.1:{port}",
    ]
