"""Every parameterless page sends the security headers and changes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.security.headers import SECURITY_HEADERS
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.trust_factories import make_world

# Routes whose GET has a side effect by design would be listed here, with the reason.
SKIPPED: dict[str, str] = {}
# GETs that create something once and are idempotent afterwards: opened once before the check.
CREATE_ONCE: dict[str, str] = {}
CSP_MUST_HAVE = (
    "default-src 'self'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "object-src 'none'",
)


def parameterless_get_routes(app: Flask) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.rule not in SKIPPED
    )


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            for table in db.metadata.sorted_tables
        }


def assert_security_headers(url: str, headers: object) -> None:
    for name in SECURITY_HEADERS:
        assert name in headers, f"{name} missing on {url}"  # type: ignore[operator]
    policy = headers["Content-Security-Policy"]  # type: ignore[index]
    for directive in CSP_MUST_HAVE:
        assert directive in policy, f"{directive} missing on {url}"
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"  # type: ignore[index]
    assert headers["X-Frame-Options"] == "DENY"  # type: ignore[index]


def test_the_crawl_covers_the_main_pages(app: Flask) -> None:
    routes = parameterless_get_routes(app)
    for expected in (
        "/",
        "/login",
        "/account",
        "/admin/users",
        "/profile",
        "/admin/audit",
        "/my-data",
        "/admin/erasures",
    ):
        assert expected in routes


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_every_parameterless_page_is_safe_to_get(
    app: Flask, client: FlaskClient, auth: AuthActions, role: Role | None
) -> None:
    world = make_world()
    if role is not None:
        response = auth.login(world.staff[role].email)
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    for url in CREATE_ONCE:
        client.get(url)
    before = row_counts()
    for url in parameterless_get_routes(app):
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        assert_security_headers(url, response.headers)
        for cookie in response.headers.getlist("Set-Cookie"):
            assert "HttpOnly" in cookie and "SameSite" in cookie, f"{url}: {cookie}"
        response.close()  # a file answer (the favicon) holds its file open until closed
        assert row_counts() == before, f"GET {url} changed rows"
    if role is not None:
        assert client.get("/account").status_code == 200, "the crawl signed the person out"


def test_headers_are_sent_on_error_pages_too(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_security_headers("/no-such-page", response.headers)
