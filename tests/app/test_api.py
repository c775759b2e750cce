"""The core JSON API: health, the signed-in person, JSON errors, the OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask import Flask
from flask.testing import FlaskClient

from mentoring.api.guards import api_blueprint
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_user


def test_health(client: FlaskClient) -> None:
    assert client.get("/api/v1/health").get_json() == {"status": "ok"}


def test_me_needs_sign_in_and_answers_json(client: FlaskClient, auth: AuthActions) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    user = make_user(Role.MENTOR, Role.PARTICIPANT)
    auth.login(user.email)
    body = client.get("/api/v1/me").get_json()
    assert body["roles"] == ["mentor", "participant"] and body["email"] == user.email


def test_unknown_api_route_answers_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_api_writes_must_be_json_and_signed_in(app: Flask) -> None:
    bp = api_blueprint("echo", __name__)
    bp.post("/echo")(lambda: {"ok": True})
    app.register_blueprint(bp)
    client = app.test_client()
    assert client.post("/api/v1/echo", json={}).status_code == 401
    assert client.post("/api/v1/echo", data={"x": "1"}).status_code == 401  # who, then what
    AuthActions(client).login(make_user().email)
    refused = client.post("/api/v1/echo", data={"x": "1"})
    assert refused.status_code == 415
    assert refused.get_json()["error"] == "unsupported_media_type"
    assert client.post("/api/v1/echo", json={"x": 1}).get_json() == {"ok": True}


def _api_operations(app: Flask) -> set[tuple[str, str]]:
    return {
        (re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1")), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_openapi_document_lists_every_api_route_and_method(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {
        (path, method.upper()) for path, item in document["paths"].items() for method in item
    }
    routes = _api_operations(app)
    assert not routes - documented, f"undocumented: {sorted(routes - documented)}"
    assert not documented - routes, f"documented but not served: {sorted(documented - routes)}"


def test_every_reference_in_the_openapi_document_resolves(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    refs = set(_refs(document))
    assert refs, "the document has no references at all"
    missing = sorted(r for r in refs if r.removeprefix("#/components/schemas/") not in schemas)
    assert not missing, missing


def test_every_operation_says_how_it_is_authenticated(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    public = {("/health", "get"), ("/ready", "get"), ("/openapi.json", "get")}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            security = operation.get("security", document.get("security"))
            if (path, method) in public:
                assert security == [], (path, method)
            else:
                assert security == [{"session": []}], (path, method)
                assert "401" in operation["responses"], (path, method)
