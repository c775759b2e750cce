"""The access-control matrix: every route, every role, our objects and someone else's.

The expected statuses live in ``tests/access_matrix.py``; the objects in
``tests/access_factories.py``. Each test signs in as one role of "our" programme and
collects every mismatch, so one run shows all of them. Requests that must be refused are
sent with a valid CSRF token (so the refusal is the guard's, not the token check's) and
must leave every table exactly as it was. Every answer carries the security headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentoring.security.headers import SECURITY_HEADERS
from mentoring.users.roles import Role
from tests.access_factories import ROLES, AccessWorld, make_access_world
from tests.access_matrix import MATRIX, Entry
from tests.access_requests import (
    ARGUMENT,
    WRITES,
    Request,
    body_ids,
    build,
    names_objects,
    snapshot,
    url_ids,
)
from tests.auth import AuthActions
from tests.factories import make_programme, make_user

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def url_map_routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }


@dataclass
class Checker:
    """Sends requests as one signed-in client and collects every mismatch."""

    app: Flask
    client: FlaskClient
    role: str
    failures: list[str] = field(default_factory=list)
    sent: int = 0
    _token: str | None = None

    def verdict(self) -> None:
        assert self.sent, f"no request was checked for {self.role}"
        assert not self.failures, "\n".join(self.failures)

    def token(self) -> str:
        if self._token is None:
            page = self.client.get("/account" if self.role != "anonymous" else "/login")
            found = CSRF_INPUT.search(page.get_data(as_text=True))
            assert found, f"no CSRF token on the page for {self.role}"
            self._token = found.group(1)
        return self._token

    def check(self, label: str, request: Request, expected: int) -> None:
        before = snapshot() if request.method in WRITES else None
        response = request.send(self.client, self.token())
        response.close()
        self.sent += 1
        status = response.status_code
        self._check_headers(request, response)
        if status != expected:
            self.failures.append(f"{label}: {request.method} {request.url} {status} != {expected}")
        elif status == 302 and expected == 302 and self._sent_to_sign_in(response):
            if self.role != "anonymous":
                self.failures.append(f"{label}: {request.url} signed {self.role} out")
        if before is not None and status >= 300 and snapshot() != before:
            changed = [name for name, rows in snapshot().items() if rows != before[name]]
            self.failures.append(f"{label}: {request.method} {request.url} changed {changed}")

    def refused(self, label: str, request: Request) -> None:
        """The request is turned down (any 4xx, or a page's redirect) and changes nothing."""
        before = snapshot()
        response = request.send(self.client, self.token())
        response.close()
        self.sent += 1
        status = response.status_code
        if not (400 <= status < 500 or (status == 302 and not request.is_api)):
            self.failures.append(f"{label}: {request.method} {request.url} answered {status}")
        if snapshot() != before:
            self.failures.append(f"{label}: {request.method} {request.url} changed rows")

    def _check_headers(self, request: Request, response: Any) -> None:
        """Every answer, refusals and errors included, carries the security headers.

        Every one but static files and the favicon may hold personal data: ``no-store``.
        """
        wrong = [n for n, v in SECURITY_HEADERS.items() if response.headers.get(n) != v]
        public = request.url.startswith("/static/") or request.url == "/favicon.ico"
        if not public and response.headers.get("Cache-Control") != "no-store":
            wrong.append("Cache-Control: no-store")
        if wrong:
            self.failures.append(f"{request.method} {request.url} lacks {wrong}")

    @staticmethod
    def _sent_to_sign_in(response: Any) -> bool:
        return "/login" in response.headers.get("Location", "")


@pytest.fixture
def world(app: Flask) -> AccessWorld:
    return make_access_world()


@pytest.fixture
def checker(
    app: Flask, client: FlaskClient, auth: AuthActions, world: AccessWorld, request: Any
) -> Iterator[Checker]:
    role = request.param
    if role != "anonymous":
        auth.login(world.person(role).email)
        assert client.get("/api/v1/me").status_code == 200, f"{role} could not sign in"
    app.config["WTF_CSRF_ENABLED"] = True
    yield Checker(app, client, role)


def _ordered() -> list[tuple[tuple[str, str], Entry]]:
    """Reads first (some create rows by design, e.g. a calendar token), then writes."""
    return sorted(MATRIX.items(), key=lambda item: (item[0][1] in WRITES, item[0]))


def test_the_matrix_lists_every_route_and_method(app: Flask) -> None:
    routes = url_map_routes(app)
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"add these routes to tests/access_matrix.py: {missing}"
    assert not stale, f"these matrix entries match no route any more: {stale}"


def test_every_url_argument_has_a_value(world: AccessWorld) -> None:
    values = world.ours.values()
    for (rule, method), entry in MATRIX.items():
        request = build(rule, method, entry, values)
        assert "<" not in request.url, request.url
        for name in ARGUMENT.findall(rule):
            chosen = entry.args.get(name, name)
            assert chosen in values or name in entry.args or name == "token", (rule, name)


@pytest.mark.parametrize("checker", ROLES, indirect=True)
def test_each_role_gets_what_the_matrix_says(checker: Checker, world: AccessWorld) -> None:
    values = world.ours.values()
    for (rule, method), entry in _ordered():
        if method in WRITES and checker.role in entry.roles:
            continue  # allowed writes are the feature tests' business
        if rule == "/logout" and checker.role != "anonymous":
            continue
        request = build(rule, method, entry, values)
        checker.check(checker.role, request, entry.expected(checker.role))
    checker.verdict()


@pytest.mark.parametrize("checker", [r for r in ROLES if r != "anonymous"], indirect=True)
def test_nobody_reaches_objects_of_other_programmes_or_people(
    checker: Checker, world: AccessWorld
) -> None:
    values = world.theirs.values()
    for (rule, method), entry in _ordered():
        if not names_objects(rule, entry) or not entry.passes_guard(checker.role):
            continue
        if checker.role == "admin" and entry.admin_sees_all:
            if method in WRITES:
                continue
            expected = entry.ok
        else:
            expected = entry.foreign
        checker.check("theirs", build(rule, method, entry, values), expected)
    checker.verdict()


@pytest.mark.parametrize("checker", [r for r in ROLES if r != "anonymous"], indirect=True)
def test_guessed_ids_are_not_found(checker: Checker, world: AccessWorld) -> None:
    values = world.ours.missing()
    for (rule, method), entry in _ordered():
        if not names_objects(rule, entry) or not entry.passes_guard(checker.role):
            continue
        checker.check("missing", build(rule, method, entry, values), entry.foreign)
    checker.verdict()


def _mixes(rule: str, entry: Entry, role: str) -> bool:
    if not (entry.mixed and url_ids(rule, entry) and body_ids(entry)):
        return False
    return entry.passes_guard(role) and not (role == "admin" and entry.admin_sees_all)


MIXING_ROLES = [r for r in ROLES if any(_mixes(*key[:1], e, r) for key, e in MATRIX.items())]


@pytest.mark.parametrize("checker", MIXING_ROLES, indirect=True)
def test_our_objects_cannot_be_tied_to_theirs(checker: Checker, world: AccessWorld) -> None:
    """Our object in the URL, their ids in the query or body: refused, nothing changed."""
    for (rule, method), entry in _ordered():
        if not _mixes(rule, entry, checker.role):
            continue
        request = build(rule, method, entry, world.ours.values(), world.theirs.values())
        checker.refused("mixed", request)
    checker.verdict()


def test_coordinator_cannot_hand_out_staff_roles(
    client: FlaskClient, auth: AuthActions, smtp
) -> None:  # type: ignore[no-untyped-def]
    coordinator = make_user(Role.COORDINATOR)
    make_programme(staff=(coordinator,))
    auth.login(coordinator.email)
    response = client.post(
        "/people/invite",
        data={"email": "new@example.org", "name": "New", "locale": "en", "roles": ["admin"]},
    )
    assert b"Only an administrator can give staff roles." in response.data
    assert smtp.to("new@example.org") == []
