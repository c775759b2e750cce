"""A method a route does not take answers 405 with ``Allow`` naming the ones it does.

TRACE (which no route takes) and a DELETE on a page or an API route: every 405, page or
JSON, carries the header (RFC 9110, section 15.5.6).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    ("method", "path"),
    [("TRACE", "/"), ("TRACE", "/login"), ("TRACE", "/api/v1/bookings"), ("DELETE", "/login")],
)
def test_a_method_not_allowed_names_the_allowed_ones(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
    assert "GET" in allowed and method not in allowed, response.headers


def test_every_route_without_arguments_names_its_methods_on_trace(
    app: Flask, client: FlaskClient
) -> None:
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.arguments or "TRACE" in (rule.methods or ()):
            continue
        response = client.open(rule.rule, method="TRACE")
        response.close()
        allowed = set(response.headers.get("Allow", "").replace(" ", "").split(","))
        if response.status_code != 405 or not (rule.methods or set()) <= allowed:
            missing.append((rule.rule, response.status_code, response.headers.get("Allow")))
    assert missing == []
