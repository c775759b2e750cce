"""When the database is away for a moment, people get a 503 page (or JSON), not a 500 with a
stack trace, and the next request after it is back works (the pool replaces dead connections
without a round trip to the server, and a first statement on one runs again).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.pool import NullPool
from werkzeug.test import TestResponse

from mentoring import connections, create_app
from mentoring.config import DefaultConfig, normalise_database_url
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.conftest import TEST_DATABASE_URL, IsolatedClient, base_config
from tests.factories import make_profile, make_user
from tests.faultproxy import TcpProxy
from tests.processes import pause
from tests.querycount import counting

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
        # The app's own engine options (pool_recycle), plus a name to find its connections by.
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
    assert AuthActions(client).login(person.email).status_code == 302
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


def _terminate(application_name: str) -> None:
    """End the server side of every connection named ``application_name``; wait till gone.

    Runs on a connection of its own, outside any application's pool.
    """
    query = sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name")
    engine = sa.create_engine(normalise_database_url(TEST_DATABASE_URL), poolclass=NullPool)
    with engine.connect() as admin:
        pids = admin.scalars(query, {"name": application_name}).all()
        assert pids
        for pid in pids:
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
        deadline = time.monotonic() + 30
        while admin.scalars(query, {"name": application_name}).all():
            admin.commit()
            assert time.monotonic() < deadline, "the server did not end the connections"
            pause(0.05)
    engine.dispose()


@pytest.mark.postgres
def test_the_pool_does_not_ask_the_server_before_each_checkout(
    through_proxy: tuple[Flask, TcpProxy],
) -> None:
    proxied, _proxy = through_proxy
    client = _signed_in(proxied)
    with proxied.app_context():
        assert db.engine.pool._pre_ping is False
        with counting(db.engine) as seen:
            assert client.get("/api/v1/me").status_code == 200
    assert not any(" ".join(s.split()).upper() == "SELECT 1" for s in seen), seen.summary()


@pytest.mark.postgres
def test_a_connection_ended_by_the_server_is_seen_without_asking_it(
    through_proxy: tuple[Flask, TcpProxy],
) -> None:
    proxied, _proxy = through_proxy
    with proxied.app_context():
        raw = db.engine.raw_connection()
        try:
            assert connections.is_usable(raw.dbapi_connection)
            _terminate("fault-test")
            deadline = time.monotonic() + 30
            while connections.is_usable(raw.dbapi_connection):  # the goodbye may be in flight
                assert time.monotonic() < deadline, "a closed connection still looks usable"
                pause(0.05)
        finally:
            raw.invalidate()
            raw.close()


@pytest.mark.postgres
def test_a_first_statement_on_a_dead_connection_runs_again_on_a_fresh_one(
    through_proxy: tuple[Flask, TcpProxy], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxied, _proxy = through_proxy
    client = _signed_in(proxied)
    # The checkout check misses it (as when the goodbye is still on its way): the request's
    # first statement fails on the dead connection and is run once more on a new one.
    monkeypatch.setattr(connections, "is_usable", lambda _connection: True)
    _terminate("fault-test")
    assert client.get("/api/v1/me").get_json()["email"]
    _terminate("fault-test")
    assert client.post("/profile", data={**PROFILE, "bio": "after a restart"}).status_code == 302
    assert db.session.scalar(sa.select(Profile.bio)) == "after a restart"


@pytest.mark.postgres
def test_a_connection_lost_after_work_in_the_transaction_is_not_replayed(
    through_proxy: tuple[Flask, TcpProxy],
) -> None:
    proxied, _proxy = through_proxy
    person_id = make_user(Role.PARTICIPANT).id
    db.session.commit()
    with proxied.app_context():
        db.session.execute(sa.update(User).where(User.id == person_id).values(name="Changed"))
        _terminate("fault-test")
        with pytest.raises(sa.exc.OperationalError):
            db.session.execute(sa.select(User.name).where(User.id == person_id))
        db.session.rollback()
        assert db.session.scalar(sa.select(User.name).where(User.id == person_id)) != "Changed"
        db.session.remove()
