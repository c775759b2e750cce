"""Each page is open only to the roles that need it; object pages check who owns them."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mentoring.accounts.roles import Role
from tests.conftest import login
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user

# (url template, roles allowed). {programme}, {cohort} and {person} are filled per test.
PAGES = [
    ("/admin/users", {Role.ADMIN}),
    ("/admin/users/{person}", {Role.ADMIN}),
    ("/programmes/new", {Role.ADMIN}),
    ("/programmes/{programme}/edit", {Role.ADMIN}),
    ("/programmes", {Role.ADMIN, Role.COORDINATOR, Role.COACH}),
    ("/programmes/{programme}", {Role.ADMIN, Role.COORDINATOR, Role.COACH}),
    ("/cohorts/{cohort}", {Role.ADMIN, Role.COORDINATOR, Role.COACH}),
    ("/people/invite", {Role.ADMIN, Role.COORDINATOR}),
    ("/cohorts/{cohort}/import", {Role.ADMIN, Role.COORDINATOR}),
    ("/cohorts/{cohort}/export.csv", {Role.ADMIN, Role.COORDINATOR}),
    ("/profile", {Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR}),
    ("/profile/availability", {Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR}),
    ("/", set(Role)),
    ("/account", set(Role)),
]


@pytest.fixture
def world(app):  # type: ignore[no-untyped-def]
    staff = {role: make_user(role, email=f"{role.value}@example.org") for role in Role}
    programme = make_programme(staff=(staff[Role.COORDINATOR], staff[Role.COACH]))
    cohort = make_cohort(programme)
    person = make_user(Role.PARTICIPANT, email="someone@example.org")
    enrol(person, cohort)
    return {"staff": staff, "programme": programme.id, "cohort": cohort.id, "person": person.id}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(("template", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_each_role_reaches_only_its_pages(
    client: FlaskClient, world, role, template, allowed
) -> None:  # type: ignore[no-untyped-def]
    url = template.format(**world)
    login(client, world["staff"][role].email)
    status = client.get(url).status_code
    assert status == (200 if role in allowed else 403), f"{role.value} on {url}"


@pytest.mark.parametrize(("template", "_allowed"), PAGES[:-2], ids=[p[0] for p in PAGES[:-2]])
def test_anonymous_visitors_are_sent_to_sign_in(
    client: FlaskClient, world, template, _allowed
) -> None:  # type: ignore[no-untyped-def]
    response = client.get(template.format(**world))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_participant_cannot_open_another_participants_profile(client: FlaskClient, world) -> None:  # type: ignore[no-untyped-def]
    me = make_user(Role.PARTICIPANT, email="me@example.org")
    make_profile(me)
    login(client, me.email)
    assert client.get(f"/profiles/{me.id}").status_code == 200
    assert client.get(f"/profiles/{world['person']}").status_code == 404
    assert client.get("/profiles/999999").status_code == 404


def test_staff_see_profiles_only_in_their_own_programmes(client: FlaskClient, world) -> None:  # type: ignore[no-untyped-def]
    other_coordinator = make_user(Role.COORDINATOR, email="elsewhere@example.org")
    make_programme(staff=(other_coordinator,))
    login(client, other_coordinator.email)
    assert client.get(f"/profiles/{world['person']}").status_code == 404
    client.post("/logout")
    login(client, world["staff"][Role.COORDINATOR].email)
    assert client.get(f"/profiles/{world['person']}").status_code == 200


def test_coordinator_cannot_open_a_cohort_of_another_programme(client: FlaskClient, world) -> None:  # type: ignore[no-untyped-def]
    foreign = make_cohort(make_programme())
    login(client, world["staff"][Role.COORDINATOR].email)
    assert client.get(f"/cohorts/{foreign.id}").status_code == 404
    assert client.get(f"/cohorts/{foreign.id}/export.csv").status_code == 404
    assert client.get(f"/programmes/{foreign.programme_id}").status_code == 404


def test_coordinator_cannot_hand_out_staff_roles(client: FlaskClient, world, smtp) -> None:  # type: ignore[no-untyped-def]
    login(client, world["staff"][Role.COORDINATOR].email)
    response = client.post(
        "/people/invite",
        data={"email": "new@example.org", "name": "New", "locale": "en", "roles": ["admin"]},
    )
    assert b"Only an administrator can give staff roles." in response.data
    assert smtp.to("new@example.org") == []
