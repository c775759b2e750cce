"""Shared fixtures: an app on SQLite or PostgreSQL, a real SMTP server, an ``auth`` to sign in.

Set TEST_DATABASE_URL to run against PostgreSQL. With REQUIRE_FULL_TESTS=1 (CI), tests
that need PostgreSQL, Redis (TEST_REDIS_URL, default the local one) or a browser fail
instead of skipping.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from mentoring import create_app
from mentoring.extensions import db
from tests.auth import AuthActions
from tests.mailbox import SmtpSink

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
REQUIRE_FULL_TESTS = os.environ.get("REQUIRE_FULL_TESTS", "") not in ("", "0", "false")

FAST_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (TEST_DATABASE_URL)")
    config.addinivalue_line("markers", "redis: needs Redis (TEST_REDIS_URL, default local)")
    config.addinivalue_line("markers", "browser: drives Chromium through Playwright")
    config.addinivalue_line("markers", "csrf: run with CSRF protection switched on")
    config.addinivalue_line(
        "markers", "required_missing(reason): REQUIRE_FULL_TESTS is set but this test cannot run"
    )
    config.addinivalue_line("markers", "file_db: use a file SQLite database (for threads)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres" in item.keywords and not TEST_DATABASE_URL:
            required, how = "TEST_DATABASE_URL is required", "set TEST_DATABASE_URL to run it"
            _cannot_run(item, required, f"PostgreSQL test: {how}")
        if "redis" in item.keywords and not _redis_answers():
            _cannot_run(item, f"Redis at {TEST_REDIS_URL} is required", "Redis test: start Redis")


def _cannot_run(item: pytest.Item, required: str, how: str) -> None:
    if REQUIRE_FULL_TESTS:
        item.add_marker(pytest.mark.required_missing(required))
    else:
        item.add_marker(pytest.mark.skip(reason=how))


@functools.cache
def _redis_answers() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
        answered = bool(client.ping())
        client.close()
        return answered
    except redis.RedisError:
        return False


class IsolatedClient(FlaskClient):
    """Run each request in its own application context, as a real server does.

    The test itself holds an app context for factories and assertions; without this,
    requests would share its ``g`` (and so Flask-Login's cached user) and its session.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


def pytest_runtest_setup(item: pytest.Item) -> None:
    """With REQUIRE_FULL_TESTS, a test that cannot run fails (an xfail would pass quietly)."""
    marker = item.get_closest_marker("required_missing")
    if marker is not None:
        pytest.fail(str(marker.args[0]), pytrace=False)


def base_config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "BABEL_DEFAULT_LOCALE": "en",
        "SERVER_NAME": "mentoring.test",
        **FAST_HASHING,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[None]:
    """Create the schema once per run on PostgreSQL; tests empty the tables afterwards."""
    if not TEST_DATABASE_URL:
        yield
        return
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL))
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()
        db.engine.dispose()
    yield


@pytest.fixture
def app(request: pytest.FixtureRequest, smtp: SmtpSink, _postgres_schema: None) -> Iterator[Flask]:
    """An app on a fresh database; CSRF protection is off unless the test is marked ``csrf``."""
    uri = TEST_DATABASE_URL or "sqlite://"
    if not TEST_DATABASE_URL and request.node.get_closest_marker("file_db") is not None:
        # Threads need connections of their own: an in-memory database is one shared connection.
        uri = f"sqlite:///{request.getfixturevalue('tmp_path') / 'test.sqlite3'}"
    app = create_app(
        base_config(
            SQLALCHEMY_DATABASE_URI=uri,
            MAIL_SERVER=smtp.host,
            MAIL_PORT=smtp.port,
            WTF_CSRF_ENABLED=request.node.get_closest_marker("csrf") is not None,
        )
    )
    app.test_client_class = IsolatedClient
    smtp.clear()
    with app.app_context():
        if not TEST_DATABASE_URL:
            db.create_all()
        yield app
        empty_database()


def empty_database() -> None:
    """Leave a PostgreSQL database empty for the next test; a SQLite file is simply dropped."""
    db.session.remove()
    if TEST_DATABASE_URL:
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Sign the test's client in and out: ``auth.login(email)``, ``auth.logout()``."""
    return AuthActions(client)
