"""Fixtures the app tests share beyond the top-level ones: databases other processes open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from mentoring.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.mailbox import SmtpSink
from tests.notices_factories import make_app


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
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
