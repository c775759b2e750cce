"""Loading the signed-in person, which every page does, builds nothing per request that could
be built once (a load-test fix, issue 15), and still loads their roles with them."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import strategy_options

from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_user
from tests.querycount import counting


def test_the_person_is_loaded_with_their_roles_by_options_built_once(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = make_user(Role.PARTICIPANT, Role.MENTOR)
    client = app.test_client()
    AuthActions(client).login(person.email)
    assert client.get("/api/v1/me").status_code == 200
    built: list[object] = []
    original = strategy_options._generate_from_keys

    def counted(*args: object, **kwargs: object) -> object:
        built.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(strategy_options, "_generate_from_keys", counted)
    with counting(db.engine) as seen:
        reply = client.get("/api/v1/me")
    assert reply.status_code == 200
    assert sorted(reply.get_json()["roles"]) == ["mentor", "participant"]
    assert not built
    assert len(seen) == 1 and "user_roles" in seen[0], seen.summary()
