"""Every API write refuses values of the wrong type or length with 422, never a 500.

PostgreSQL refuses a string longer than its column and a boolean compared with an integer
(SQLite stores both quietly), so each is checked in validation, on both databases, and said
in the OpenAPI document: every string property of a request body has a ``maxLength`` within
its column, and every id or number property refuses ``true``/``false``.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.api.openapi import openapi_document
from mentoring.bookings.models import Booking, HostSettings
from mentoring.extensions import db
from tests.access_factories import make_access_world
from tests.auth import AuthActions
from tests.bookings_factories import make_pair

#: Values of the wrong type or size for each kind of property.
EDGES: dict[str, list[Any]] = {
    "integer": [True, False, 1.5, "7", [], {}, -1, 0],
    "string": [True, 12, [], {}, "x" * 20_000],
    "boolean": [1, 0, "true", None],
    "array": [True, "x", {}, [True], [{"weekday": True}]],
}
#: Which signed-in role may reach each write at all (others get 403 before the body counts).
ROLE_OF = {"/availability": "mentor", "/bookings": "participant"}


def _body_schema(operation: dict[str, Any], document: dict[str, Any]) -> dict[str, Any] | None:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = body.get("schema")
    if schema and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema if schema and schema.get("properties") else None


def _writes(app: Flask) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    document = openapi_document(app)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            schema = _body_schema(operation, document)
            if method in ("post", "put") and schema is not None:
                found.append((method, path, schema))
    return found


def test_every_string_in_a_request_body_has_a_documented_maximum(app: Flask) -> None:
    unbounded = [
        f"{method.upper()} {path} {name}"
        for method, path, schema in _writes(app)
        for name, prop in schema["properties"].items()
        if prop.get("type") == "string" and "format" not in prop and "maxLength" not in prop
    ]
    assert unbounded == []


def _fill(path: str, ids: dict[str, int]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    path = path.replace("{kind}/{subject_id}", f"pairing/{ids['pairing_id']}")
    return path.replace("{request_id}", str(ids["mentor_request_id"]))


@pytest.mark.parametrize("role", ["coordinator", "participant", "mentor"])
def test_wrong_types_and_lengths_in_any_api_write_answer_4xx_with_json(
    app: Flask, client: FlaskClient, auth: AuthActions, role: str
) -> None:
    world = make_access_world()
    auth.login(world.person(role).email)
    ids = world.ours.ids
    errors = []
    for method, path, schema in _writes(app):
        url = "/api/v1" + _fill(path, ids)
        assert "{" not in url
        for name, prop in schema["properties"].items():
            for value in EDGES.get(prop.get("type", ""), []):
                body = {key: None for key in schema.get("required", [])} | {name: value}
                answer = getattr(client, method)(url, json=body)
                if answer.status_code >= 500 or not answer.is_json:
                    errors.append((method, path, name, repr(value)[:40], answer.status_code))
    assert errors == []


def test_a_place_or_video_link_longer_than_its_column_is_refused(
    client: FlaskClient, auth: AuthActions
) -> None:
    host, _participant, _cohort = make_pair()
    auth.login(host.email)
    for field, size in (("place", 301), ("video_link", 501)):
        value = "x" * size if field == "place" else "https://v.example/" + "x" * size
        answer = client.put("/api/v1/availability", json={field: value})
        assert answer.status_code == 422, (field, answer.get_json())
        assert answer.get_json()["error"] == "validationerror"
    kept = db.session.scalar(sa.select(HostSettings).where(HostSettings.user_id == host.id))
    assert kept is not None and kept.place == "Library, room 2" and kept.video_link == ""
    assert client.put("/api/v1/availability", json={"place": "y" * 300}).status_code == 200


@pytest.mark.parametrize("host_id", [True, False])
def test_a_boolean_host_id_is_refused(
    client: FlaskClient, auth: AuthActions, host_id: bool
) -> None:
    host, participant, _cohort = make_pair()
    auth.login(participant.email)
    answer = client.post(
        "/api/v1/bookings", json={"host_id": host_id, "starts_at": "2030-01-07T09:00:00Z"}
    )
    assert answer.status_code == 422 and answer.get_json()["error"] == "validationerror"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
