"""A "next" address only ever leads to a page of this site (no open redirect)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentoring.users.roles import Role
from mentoring.web import safe_next
from tests.factories import TEST_PASSWORD, make_user

ELSEWHERE = [
    "//evil.example/",
    "/\\evil.example",  # browsers read a backslash as a slash: //evil.example
    "/\\/evil.example",
    "/\t/evil.example",  # browsers drop tabs and newlines: //evil.example
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_next_address_elsewhere_leads_home(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/my/matches", "/sessions?from=2026-03-23#week"])
def test_a_next_address_on_this_site_is_kept(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target) == target


@pytest.mark.parametrize("target", ELSEWHERE[:4])
def test_signing_in_and_choosing_a_language_never_leave_the_site(
    client: FlaskClient, target: str
) -> None:
    person = make_user(Role.PARTICIPANT)
    chosen = client.post("/language", data={"locale": "en", "next": target})
    assert chosen.headers["Location"] == "/"
    # The next address of the sign-in form itself is what is tested here (a participant
    # without two-factor sign-in), so this posts to /login directly.
    signed_in = client.post(
        "/login",
        query_string={"next": target},
        data={"email": person.email, "password": TEST_PASSWORD},
    )
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/"
