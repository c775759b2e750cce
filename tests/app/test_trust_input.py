"""What no column can store is refused with a 4xx, not a 500 from the database.

Found by fuzzing the API: ids beyond PostgreSQL's integer (or SQLite's 64 bits), and NUL
characters, which PostgreSQL text cannot hold.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.users.models import User
from tests.access_factories import AccessWorld, make_access_world
from tests.auth import AuthActions

HUGE = 2**64


@pytest.fixture
def world(app: object) -> AccessWorld:
    return make_access_world()


@pytest.mark.parametrize(
    "url",
    [f"/sessions/{HUGE}", f"/profiles/{2**31}", f"/api/v1/bookings/{HUGE}", f"/cohorts/{HUGE}"],
)
def test_an_id_beyond_the_integer_column_is_no_such_page(
    client: FlaskClient, auth: AuthActions, world: AccessWorld, url: str
) -> None:
    auth.login(world.person("participant").email)
    assert client.get(url).status_code in (403, 404)


def test_a_query_number_beyond_the_integer_column_is_ignored(
    client: FlaskClient, auth: AuthActions, world: AccessWorld
) -> None:
    auth.login(world.person("coordinator").email)
    programme = world.ours.ids["programme_id"]
    page = client.get(f"/engagement/{programme}/feedback?cohort={HUGE}&host={2**31}")
    assert page.status_code == 200
    host = world.ours.ids["host_id"]
    auth.logout()
    auth.login(world.person("participant").email)
    assert client.get(f"/sessions/hosts/{host}?reschedule={HUGE}").status_code == 200


@pytest.mark.parametrize("field", ["host_id", "topic"])
def test_a_json_body_with_a_huge_number_or_a_nul_is_refused(
    client: FlaskClient, auth: AuthActions, world: AccessWorld, field: str
) -> None:
    auth.login(world.person("participant").email)
    body = {"host_id": world.ours.ids["host_id"], "starts_at": "2026-04-07T09:00:00Z"}
    body[field] = HUGE if field == "host_id" else "Python\x00"
    response = client.post("/api/v1/bookings", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"] == "validationerror"


def test_a_form_with_a_nul_character_is_refused_and_nothing_is_saved(
    client: FlaskClient, auth: AuthActions, world: AccessWorld
) -> None:
    person = world.person("participant")
    auth.login(person.email)
    response = client.post(
        "/account", data={"name": "Åsa\x00", "locale": "en", "timezone": "Europe/Stockholm"}
    )
    assert response.status_code == 422
    assert "cannot store" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User.name).where(User.id == person.id)) == person.name


def test_without_a_session_the_api_answers_401_before_looking_at_the_body(
    client: FlaskClient, world: AccessWorld
) -> None:
    assert client.post("/api/v1/bookings", json={"topic": "\x00"}).status_code == 401
    assert client.post("/api/v1/bookings", data="not json").status_code == 401
