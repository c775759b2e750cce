"""App-test fixtures beyond the top-level ones: databases other threads and processes open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from mentoring import create_app
from mentoring.extensions import db
from tests.clock import T0, Clock
from tests.conftest import TEST_DATABASE_URL, IsolatedClient, base_config
from tests.mailbox import SmtpSink
from tests.notices_factories import make_app


def _with_tables(app: Flask) -> Iterator[Flask]:
    """``app`` in its context, its tables made first and its connections closed after."""
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_uri(tmp_path: Path) -> str:
    """A database several processes can open: PostgreSQL if configured, else a SQLite file."""
    return TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'outbox.sqlite3'}"


@pytest.fixture
def shared_app(request: pytest.FixtureRequest, db_uri: str, smtp: SmtpSink) -> Iterator[Flask]:
    """Like ``app``, on a database other processes and threads can open too."""
    if TEST_DATABASE_URL:
        yield request.getfixturevalue("app")
        return
    app = make_app(db_uri, smtp.port)
    smtp.clear()
    yield from _with_tables(app)


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a SQLite file, whatever database the rest of the suite runs on.

    Threads and processes open the file too (``app.config["SQLALCHEMY_DATABASE_URI"]``); each
    request runs in its own application context, as a server runs them.
    """
    app = create_app(
        base_config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
            MAIL_SUPPRESS_SEND=True,
            WTF_CSRF_ENABLED=False,
        )
    )
    app.test_client_class = IsolatedClient
    yield from _with_tables(app)


@pytest.fixture
def clock(app: Flask) -> Clock:
    """The app's clock, at ``T0`` until the test moves it."""
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    return clock
