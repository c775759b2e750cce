"""Schemathesis fuzzes /api/v1 from its OpenAPI document, signed in and not.

For each documented operation, a bounded number of generated requests (valid ones, half of
them naming the objects of ``tests/access_factories.py``, and invalid ones) are sent as a
coordinator, a participant, a mentor and a manager: no answer may be a server error, and
every answer must be one the document lists, with the documented content type and body.
Without a session every operation that needs one answers 401 with the documented error body.
Examples are derandomized, so a run is repeatable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mentoring import create_app
from mentoring.api.openapi import openapi_document
from tests.access_factories import AccessWorld, make_access_world
from tests.auth import AuthActions
from tests.conftest import base_config

#: Examples per operation and mode: small enough for the suite, enough to find the
#: missing field or unexpected type that breaks a handler.
EXAMPLES = 8
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
DOCUMENT = openapi_document(create_app(base_config(SQLALCHEMY_DATABASE_URI="sqlite://")))
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
PUBLIC = {"GET /health", "GET /ready", "GET /openapi.json"}
# The WSGI transport hands back the body as sent: ask for it uncompressed, as a client that
# could not decode gzip would (compression itself is tested in test_compression).
PLAIN = {"Accept-Encoding": "identity"}


def _label(operation: Any) -> str:
    return f"{operation.method.upper()} {operation.path}"


def _known_ids(operation: Any, world: AccessWorld) -> dict[str, int]:
    """Path parameters filled with real objects of our side, where the names match."""
    values = world.ours.ids
    names = {"request_id": "mentor_request_id"}
    found = {}
    for parameter in operation.path_parameters:
        name = names.get(parameter.name, parameter.name)
        if name in values:
            found[parameter.name] = values[name]
    return found


def _fuzz(
    operation: Any,
    strategy: st.SearchStrategy[Any],
    send: Callable[[Any], None],
) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        send(case)

    run()


def _strategies(operation: Any, world: AccessWorld) -> list[st.SearchStrategy[Any]]:
    """Valid requests (half of them naming real objects), then invalid ones if any can be."""
    known = _known_ids(operation, world)
    valid = operation.as_strategy(GenerationMode.POSITIVE)
    if known:
        valid = st.one_of(valid, operation.as_strategy(path_parameters=known))
    strategies = [valid]
    if operation.path_parameters or operation.query or operation.body:
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return strategies


def _run_all(
    world: AccessWorld, send: Callable[[Any], None], *, signed_in: bool, public_too: bool
) -> dict[str, str]:
    failures = {}
    for operation in OPERATIONS:
        if not public_too and _label(operation) in PUBLIC:
            continue
        strategies = _strategies(operation, world)
        # Without a session only well-formed requests: a malformed id is no route at all (404).
        for strategy in strategies if signed_in else strategies[:1]:
            try:
                _fuzz(operation, strategy, send)
            except Exception as error:  # noqa: BLE001 - collected, reported together below
                failures[_label(operation)] = f"{type(error).__name__}: {error}"[:3000]
                break
    return failures


def test_every_documented_operation_is_fuzzed() -> None:
    documented = {
        f"{method.upper()} {path}" for path, item in DOCUMENT["paths"].items() for method in item
    }
    assert {_label(o) for o in OPERATIONS} == documented
    assert len(documented) > 25 and PUBLIC <= documented


@pytest.mark.parametrize("role", ["coordinator", "participant", "mentor", "manager"])
def test_the_api_answers_fuzzed_requests_as_documented(
    app: Flask, client: FlaskClient, auth: AuthActions, role: str
) -> None:
    world = make_access_world()
    auth.login(world.person(role).email)
    assert client.get("/api/v1/me").status_code == 200

    def send(case: Any) -> None:
        response = case.call(app=app, session=client, headers=PLAIN)
        if case.meta is not None and case.meta.generation.mode.is_negative:
            case.validate_response(response, checks=[not_a_server_error])
        else:
            case.validate_response(response, checks=CONFORMANCE)

    failures = _run_all(world, send, signed_in=True, public_too=role == "coordinator")
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())


def test_the_api_refuses_every_request_without_a_session(app: Flask, client: FlaskClient) -> None:
    world = make_access_world()

    def send(case: Any) -> None:
        response = case.call(app=app, session=client, headers=PLAIN)
        assert response.status_code == 401, f"{case.method} {case.formatted_path}"
        assert response.json()["error"] == "unauthorized"
        case.validate_response(response, checks=CONFORMANCE)

    assert not any(c.name == "session" for c in client._cookies.values())  # type: ignore[attr-defined]
    failures = _run_all(world, send, signed_in=False, public_too=False)
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
