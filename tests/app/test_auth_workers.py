"""Sign-in limits hold across worker processes when they count in Redis.

Two separate server processes share one database (a SQLite file, or PostgreSQL) and one
Redis; every key this test writes starts with a prefix of its own, removed afterwards.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from flask import Flask

from tests.conftest import FAST_HASHING, TEST_REDIS_URL
from tests.factories import TEST_PASSWORD, make_user
from tests.processes import stop

ROOT = Path(__file__).resolve().parents[2]


def _launch(config: dict[str, Any], path: Path) -> subprocess.Popen[str]:
    path.write_text(json.dumps(config))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.worker_server", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _port_of(process: subprocess.Popen[str]) -> int:
    """Wait for the worker to say which port it listens on."""
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            line = process.stdout.readline()
            assert line.startswith("PORT "), f"worker did not start: {line!r}"
            return int(line.split()[1])
        assert process.poll() is None, "worker exited while starting"
    raise AssertionError("worker did not start within 60 s")


def _sign_in(port: int, email: str, password: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/login",
            urlencode({"email": email, "password": password}),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def workers(app: Flask, tmp_path: Path) -> Iterator[Callable[..., tuple[int, int]]]:
    """Start two server processes counting in ``storage``; return their ports."""
    started: list[subprocess.Popen[str]] = []

    def start(storage: str, prefix: str, **overrides: Any) -> tuple[int, int]:
        config = {
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": False,
            "MAIL_SUPPRESS_SEND": True,
            "BABEL_DEFAULT_LOCALE": "en",
            "RATELIMIT_STORAGE_URI": storage,
            "RATELIMIT_KEY_PREFIX": prefix,
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": False,
            **FAST_HASHING,
            **overrides,
        }
        pair = [_launch(config, tmp_path / f"worker-{name}.json") for name in ("a", "b")]
        started.extend(pair)
        return _port_of(pair[0]), _port_of(pair[1])

    yield start
    for process in started:
        stop(process, seconds=10)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix owned by this test; its keys (and only those) are deleted afterwards."""
    prefix = f"test-auth-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(TEST_REDIS_URL)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.mark.redis
@pytest.mark.file_db
def test_the_per_account_limit_holds_across_two_workers(
    workers: Callable[..., tuple[int, int]], redis_prefix: str
) -> None:
    user, other = make_user(), make_user()
    a, b = workers(TEST_REDIS_URL, redis_prefix)
    spread = [_sign_in(port, user.email, "wrong password!") for port in (a, b, a, b, a)]
    assert spread == [200] * 5
    assert _sign_in(a, user.email, "wrong password!") == 429
    assert _sign_in(b, user.email, "wrong password!") == 429
    assert _sign_in(b, user.email, TEST_PASSWORD) == 429
    # The limit is the account's: another person signs in through either worker.
    assert _sign_in(a, other.email, TEST_PASSWORD) == 302
    client = redis.Redis.from_url(TEST_REDIS_URL)
    assert any(redis_prefix in key.decode() for key in client.scan_iter(match=f"*{redis_prefix}*"))
    client.close()


@pytest.mark.redis
@pytest.mark.file_db
def test_the_per_address_limit_holds_across_two_workers(
    workers: Callable[..., tuple[int, int]], redis_prefix: str
) -> None:
    a, b = workers(TEST_REDIS_URL, redis_prefix, LOGIN_RATE_LIMIT_PER_IP="6 per minute")
    statuses = [
        _sign_in((a, b)[n % 2], f"guess{n}@example.org", "whatever it is") for n in range(6)
    ]
    assert statuses == [200] * 6
    assert _sign_in(a, "guess6@example.org", "whatever it is") == 429
    assert _sign_in(b, "guess7@example.org", "whatever it is") == 429


@pytest.mark.file_db
def test_in_memory_limits_are_per_process_which_is_why_workers_need_redis(
    workers: Callable[..., tuple[int, int]],
) -> None:
    user = make_user()
    a, b = workers("memory://", "memory-control")
    assert [_sign_in(a, user.email, "wrong password!") for _ in range(6)][-1] == 429
    # The second process has counted nothing: with memory storage the limit is per worker.
    assert _sign_in(b, user.email, "wrong password!") == 200
