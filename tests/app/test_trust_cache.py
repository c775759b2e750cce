"""Answers that may hold personal data are never stored by a cache: ``no-store``.

Pages, the API, exports (cohort CSV, funder report as CSV and XLSX, "My data" as JSON) and
the private calendar feed all say ``Cache-Control: no-store``; static files and the favicon
are the only answers that may be cached. The access matrix test checks the header on every
route for every role as well.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mentoring.bookings import calendar
from mentoring.db import utcnow
from mentoring.security.headers import is_public
from tests.access_factories import AccessWorld, make_access_world
from tests.auth import AuthActions


@pytest.fixture
def world(app) -> AccessWorld:  # type: ignore[no-untyped-def]
    return make_access_world()


def _no_store(response) -> bool:  # type: ignore[no-untyped-def]
    return response.headers.get("Cache-Control") == "no-store" and "Expires" not in response.headers


def test_the_participant_s_api_answers_and_data_export_are_not_stored(
    client: FlaskClient, auth: AuthActions, world: AccessWorld
) -> None:
    auth.login(world.person("participant").email)
    for path in ("/api/v1/me", "/api/v1/bookings"):
        response = client.get(path)
        assert response.status_code == 200 and response.is_json
        assert _no_store(response), (path, response.headers)
    export = client.post("/my-data/export", data={"format": "json"})
    assert export.status_code == 200 and export.mimetype == "application/json"
    assert _no_store(export), export.headers


def test_the_coordinator_s_exports_are_not_stored(
    client: FlaskClient, auth: AuthActions, world: AccessWorld
) -> None:
    auth.login(world.person("coordinator").email)
    ids = world.ours.ids
    report = f"/engagement/{ids['programme_id']}/report?from=2026-01-01&to=2026-06-30"
    for path, mimetype in (
        (f"/cohorts/{ids['cohort_id']}/export.csv", "text/csv"),
        (f"{report}&format=csv", "text/csv"),
        (
            f"{report}&format=xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == mimetype, path
        assert _no_store(response), (path, response.headers)


def test_the_private_calendar_feed_is_not_stored(client: FlaskClient, world: AccessWorld) -> None:
    token = calendar.new_feed(world.person("participant"), now=utcnow())
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert _no_store(response), response.headers


def test_errors_are_not_stored_and_only_static_files_may_be(client: FlaskClient) -> None:
    assert _no_store(client.get("/api/v1/bookings"))  # 401
    assert _no_store(client.get("/calendar/guessed.ics"))  # 404
    assert is_public("static") and is_public("home.favicon")
    assert not is_public("bookings_api.list_bookings") and not is_public(None)
    favicon = client.get("/favicon.ico")
    favicon.close()
    assert favicon.status_code == 200 and "no-store" not in favicon.headers["Cache-Control"]
