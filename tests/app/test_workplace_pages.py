"""Coordinators build the organisation and goals; learners assess; managers see their units."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.audit.models import AuditLog
from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.programmes.organisation import ManagerUnit, Occupation, OrgUnit
from mentoring.users.roles import Role
from mentoring.workplace.models import KnowledgeGoal, SelfAssessment
from tests.auth import AuthActions
from tests.factories import make_profile, make_programme, make_user
from tests.matches_factories import WEEKDAY_EVENINGS
from tests.workplace_factories import (
    assess,
    employ,
    make_manager,
    make_occupation,
    make_organisation,
    make_round,
    workplace,
)


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_a_coordinator_builds_the_tree_with_inline_errors(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    auth.login(coordinator.email)
    url = f"/programmes/{programme.id}"
    assert client.post(f"{url}/organisation", data={"name": "Solvik kommun"}).status_code == 302
    assert client.post(f"{url}/units", data={"name": "Omsorg", "parent": ""}).status_code == 302
    care = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.name == "Omsorg"))
    assert care is not None
    added = client.post(f"{url}/units", data={"name": "Hemtjänst Norr", "parent": str(care.id)})
    assert added.status_code == 302
    page = client.get(f"{url}/organisation").get_data(as_text=True)
    assert "Omsorg/Hemtjänst Norr" in page
    clash = client.post(f"{url}/units", data={"name": "hemtjänst norr", "parent": str(care.id)})
    assert clash.status_code == 422
    assert "There is a unit with this name here already." in clash.get_data(as_text=True)
    empty = client.post(f"{url}/units", data={"name": "", "parent": ""})
    too_long = client.post(f"{url}/units", data={"name": "x" * 121, "parent": ""})
    assert (empty.status_code, too_long.status_code) == (422, 422)
    assert _count(OrgUnit) == 2
    assert client.post(f"{url}/occupations", data={"name": "Undersköterska"}).status_code == 302
    assert client.post(f"{url}/occupations", data={"name": "undersköterska"}).status_code == 422
    assert _count(Occupation) == 1


def test_a_coordinator_sets_goals_and_a_unit_of_another_programme_is_refused(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, _cohort, units, nurse = workplace({})
    from mentoring.programmes.models import ProgrammeStaff

    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=coordinator.id))
    db.session.commit()
    foreign = make_organisation(make_programme())
    auth.login(coordinator.email)
    url = f"/programmes/{programme.id}/goals"
    ok = {"occupation": str(nurse.id), "unit": "", "tool": "Outlook", "level": "3"}
    assert client.post(url, data=ok).status_code == 302
    bad_level = client.post(url, data={**ok, "level": "9"})
    no_tool = client.post(url, data={**ok, "tool": ""})
    foreign_unit = client.post(url, data={**ok, "unit": str(foreign["Care"].id)})
    assert [r.status_code for r in (bad_level, no_tool, foreign_unit)] == [422, 422, 422]
    assert "No such unit." in foreign_unit.get_data(as_text=True)
    assert [(g.tool, g.level, g.unit_id) for g in db.session.scalars(sa.select(KnowledgeGoal))] == [
        ("Outlook", 3, None)
    ]
    renamed = client.post(
        f"/programmes/{programme.id}/units/{foreign['Care'].id}", data={"name": "Mine now"}
    )
    assert renamed.status_code == 404
    assert db.session.get(OrgUnit, foreign["Care"].id).name == "Care"
    page = client.get(url).get_data(as_text=True)
    assert "I can help a colleague." in page and "Outlook" in page


def test_a_coordinator_names_a_manager_of_units(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, _cohort, units, _nurse = workplace()
    from mentoring.programmes.models import ProgrammeStaff

    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=coordinator.id))
    db.session.commit()
    boss = make_user(Role.MANAGER, email="boss@example.org")
    someone = make_user(Role.PARTICIPANT, email="someone@example.org")
    auth.login(coordinator.email)
    url = f"/programmes/{programme.id}/managers"
    refused = client.post(url, data={"email": someone.email, "units": [str(units["Care"].id)]})
    assert refused.status_code == 422 and "No manager has this email." in refused.get_data(
        as_text=True
    )
    saved = client.post(url, data={"email": boss.email, "units": [str(units["Care/North"].id)]})
    assert saved.status_code == 302
    assert [(m.user_id, m.unit_id) for m in db.session.scalars(sa.select(ManagerUnit))] == [
        (boss.id, units["Care/North"].id)
    ]


def test_a_coordinator_places_an_enrolled_person(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, cohort, units, nurse = workplace()
    from mentoring.programmes.models import ProgrammeStaff

    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=coordinator.id))
    db.session.commit()
    enrollment = employ(make_user(), cohort, None, None)
    auth.login(coordinator.email)
    url = f"/enrollments/{enrollment.id}/placement"
    assert "Unit and occupation" in client.get(url).get_data(as_text=True)
    other = make_occupation(make_programme())
    wrong = client.post(
        url, data={"unit": str(units["Care/North"].id), "occupation": str(other.id)}
    )
    assert wrong.status_code == 422
    right = client.post(
        url, data={"unit": str(units["Care/North"].id), "occupation": str(nurse.id)}
    )
    assert right.status_code == 302
    db.session.refresh(enrollment)
    assert (enrollment.unit_id, enrollment.occupation_id) == (units["Care/North"].id, nurse.id)


def _employee(client: FlaskClient, goals: dict[str, int]):  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace(goals)
    learner = make_user(Role.PARTICIPANT)
    employ(learner, cohort, units["Care/North"], nurse)
    AuthActions(client).login(learner.email)
    return programme, cohort, learner


def test_a_learner_assesses_exactly_their_goals_and_sees_gaps_largest_first(
    client: FlaskClient,
) -> None:
    programme, cohort, learner = _employee(client, {"Outlook": 3, "Teams": 2, "Excel": 4})
    ambassador = make_user(Role.AMBASSADOR, name="Ada Ambassador")
    make_profile(ambassador, offers={"Excel": 5}, capacity=2, availability=WEEKDAY_EVENINGS)
    employ(ambassador, cohort, None, None)
    page = client.get("/my/assessment").get_data(as_text=True)
    assert "Assess your digital skills" in page
    assert "I can open it and read." in page and "Outlook" in page and "Excel" in page
    # Tools are listed by name: Excel, Outlook, Teams.
    missing = client.post("/my/assessment", data={"tool_0": "1", "tool_1": "1"})
    assert missing.status_code == 422 and "Choose a level for this tool." in missing.get_data(
        as_text=True
    )
    out_of_range = client.post("/my/assessment", data={"tool_0": "7", "tool_1": "1", "tool_2": "2"})
    assert out_of_range.status_code == 422
    assert _count(SelfAssessment) == 0
    saved = client.post("/my/assessment", data={"tool_0": "1", "tool_1": "2", "tool_2": "2"})
    assert saved.status_code == 302 and saved.location.endswith("/my/gaps")
    gaps = client.get("/my/gaps").get_data(as_text=True)
    assert gaps.index("Excel") < gaps.index("Outlook") < gaps.index("Teams")
    assert "Ada Ambassador" in gaps
    assert "closes your gap in Excel (you: 1, goal: 4)" in gaps
    home = client.get("/").get_data(as_text=True)
    assert "closes your gap in Excel (you: 1, goal: 4)" in home


def test_a_learner_without_goals_is_told_so(client: FlaskClient, auth: AuthActions) -> None:
    learner = make_user(Role.PARTICIPANT)
    auth.login(learner.email)
    assert "no knowledge goals" in client.get("/my/assessment").get_data(as_text=True)
    assert "no knowledge goals" in client.get("/my/gaps").get_data(as_text=True)
    assert client.get("/my/assessment?programme=999").status_code == 404


def test_home_asks_a_learner_with_goals_to_assess_first(client: FlaskClient) -> None:
    _employee(client, {"Outlook": 3})
    home = client.get("/").get_data(as_text=True)
    assert "Assess your digital skills" in home


def _unit_world():  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace({"Outlook": 3, "Teams": 2})
    first = make_round(programme, 1, date(2026, 9, 1))
    north = make_user(name="Nora North")
    south = make_user(name="Sune South")
    employ(north, cohort, units["Care/North"], nurse)
    employ(south, cohort, units["Care/South"], nurse)
    assess(north, first, {"Outlook": 1, "Teams": 2})
    assess(south, first, {"Outlook": 2, "Teams": 1})
    boss = make_manager(make_user(Role.MANAGER), units["Care/North"])
    return programme, north, south, boss


def test_a_manager_sees_the_people_of_their_units_and_their_gaps(
    client: FlaskClient, auth: AuthActions
) -> None:
    programme, north, south, boss = _unit_world()
    auth.login(boss.email)
    page = client.get("/manager").get_data(as_text=True)
    assert "Nora North" in page and "Outlook 1 → 3" in page
    assert "Sune South" not in page
    assert "&lt;5" in page  # one person: the unit totals are suppressed
    person = client.get(f"/manager/people/{north.id}")
    assert person.status_code == 200 and "Outlook" in person.get_data(as_text=True)
    viewed = db.session.scalars(sa.select(AuditLog).where(AuditLog.actor_id == boss.id)).all()
    assert [(e.action, e.subject_user_id) for e in viewed] == [
        ("workplace_person.viewed", north.id)
    ]


def test_a_manager_of_unit_a_gets_404_on_everything_of_unit_b(
    client: FlaskClient, auth: AuthActions
) -> None:
    programme, north, south, boss = _unit_world()
    other = make_programme()
    make_organisation(other)
    auth.login(boss.email)
    assert client.get(f"/manager/people/{south.id}").status_code == 404
    assert client.get(f"/manager/programmes/{other.id}/heatmap").status_code == 404
    assert client.get(f"/profiles/{north.id}").status_code == 404  # no profile pages
    assert client.get(f"/programmes/{programme.id}/heatmap").status_code == 403
    heat = client.get(f"/manager/programmes/{programme.id}/heatmap").get_data(as_text=True)
    assert "Care/North" in heat and "Care/South" not in heat
    assert not db.session.scalars(
        sa.select(AuditLog).where(AuditLog.subject_user_id == south.id)
    ).all()


def test_the_coordinators_heatmap_shows_units_and_before_after(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, north, south, boss = _unit_world()
    from mentoring.programmes.models import ProgrammeStaff

    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=coordinator.id))
    db.session.commit()
    auth.login(coordinator.email)
    page = client.get(f"/programmes/{programme.id}/heatmap").get_data(as_text=True)
    assert "Care/North" in page and "Care/South" in page and "&lt;5" in page
    assert "There is no second round yet." in page
    by_job = client.get(f"/programmes/{programme.id}/heatmap?by=occupation")
    assert "Assistant nurse" in by_job.get_data(as_text=True)
    assert client.get(f"/programmes/{programme.id}/heatmap?by=gender").status_code == 400
    assert _count(Enrollment) == 2


def test_the_tools_page_says_the_levels_come_from_the_self_assessment(
    client: FlaskClient,
) -> None:
    _employee(client, {"Outlook": 3})
    page = client.get("/my/tools").get_data(as_text=True)
    assert "Your levels come from your self-assessment" in page
    assert "Your levels come from your profile" not in page
