"""When the database is away for a moment, people get a 503 page (or JSON), not a 500 with a
stack trace, and the next request after it is back works (the pool checks its connections).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from mentoring import create_app
from mentoring.accounts.roles import Role
from mentoring.config import DefaultConfig
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from tests.conftest import TEST_DATABASE_URL, IsolatedClient, base_config, login
from tests.factories import make_profile, make_user
from tests.faultproxy import TcpProxy

PROFILE = {"meeting_format": "either", "capacity": "0", "lang_sv": "good"}
ENGINE_OPTIONS = DefaultConfig.SQLALCHEMY_ENGINE_OPTIONS


def _is_calm_unavailable(response: TestResponse, *, json: bool) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body[:500]
    assert response.headers["Retry-After"] == "5"
    assert "Traceback" not in body and "OperationalError" not in body
    if json:
        assert response.get_json()["error"] == "unavailable"
    else:
        assert "Please try again in a moment" in body


@pytest.fixture
def through_proxy(app: Flask) -> Iterator[tuple[Flask, TcpProxy]]:
    """A second app on the test database, reached through a proxy the test can stop."""
    url = sa.engine.make_url(TEST_DATABASE_URL)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied_url = url.set(host="127.0.0.1", port=proxy.port)
        # The app's own engine options (pool_pre_ping), plus a name to find its connections by.
        options = {**ENGINE_OPTIONS, "connect_args": {"application_name": "fault-test"}}
        proxied = create_app(
            base_config(
                SQLALCHEMY_DATABASE_URI=proxied_url.render_as_string(hide_password=False),
                SQLALCHEMY_ENGINE_OPTIONS=options,
                WTF_CSRF_ENABLED=False,
            )
        )
        proxied.test_client_class = IsolatedClient
        yield proxied, proxy
        with proxied.app_context():
            db.engine.dispose()


def _signed_in(proxied: Flask) -> FlaskClient:
    person = make_user(Role.PARTICIPANT)
    make_profile(person)
    client = proxied.test_client()
    assert login(client, person.email).status_code == 302
    assert client.get("/").status_code == 200
    return client


@pytest.mark.postgres
def test_database_away_answers_503_and_the_pool_recovers_when_it_is_back(
    through_proxy: tuple[Flask, TcpProxy],
) -> None:
    proxied, proxy = through_proxy
    client = _signed_in(proxied)
    proxy.stop()
    _is_calm_unavailable(client.get("/"), json=False)
    _is_calm_unavailable(client.post("/profile", data={**PROFILE, "bio": "lost?"}), json=False)
    _is_calm_unavailable(client.get("/api/v1/me"), json=True)
    proxy.start()
    assert client.get("/").status_code == 200  # still signed in, on a fresh connection
    assert client.get("/api/v1/me").get_json()["email"]
    assert client.post("/profile", data={**PROFILE, "bio": "saved"}).status_code == 302
    assert db.session.scalar(sa.select(Profile.bio)) == "saved"


@pytest.mark.postgres
def test_connections_killed_by_the_server_are_replaced_without_an_error(
    through_proxy: tuple[Flask, TcpProxy],
) -> None:
    proxied, _proxy = through_proxy
    client = _signed_in(proxied)
    killed = db.session.scalars(
        sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'fault-test'"
        )
    ).all()
    db.session.commit()
    assert killed and all(killed)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


@pytest.fixture
def impatient_sqlite(tmp_path: Path) -> Iterator[tuple[Flask, Path]]:
    """An app on a SQLite file whose writers wait only 0.3 s for the write lock."""
    path = tmp_path / "impatient.sqlite3"
    app = create_app(
        base_config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
            SQLALCHEMY_ENGINE_OPTIONS={**ENGINE_OPTIONS, "connect_args": {"timeout": 0.3}},
            WTF_CSRF_ENABLED=False,
        )
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        yield app, path
        db.session.remove()
        db.engine.dispose()


@pytest.mark.file_db
def test_sqlite_locked_longer_than_the_wait_answers_503_and_changes_nothing(
    impatient_sqlite: tuple[Flask, Path],
) -> None:
    app, path = impatient_sqlite
    client = _signed_in(app)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # e.g. a backup or a long import holding the lock
    try:
        assert client.get("/").status_code == 200  # WAL: reading goes on
        _is_calm_unavailable(client.post("/profile", data={**PROFILE, "bio": "x"}), json=False)
    finally:
        blocker.rollback()
        blocker.close()
    db.session.expire_all()
    assert db.session.scalar(sa.select(Profile.bio)) != "x"
    assert client.post("/profile", data={**PROFILE, "bio": "x"}).status_code == 302
    assert db.session.scalar(sa.select(Profile.bio)) == "x"
