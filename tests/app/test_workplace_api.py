"""The workplace API: one's self-assessment and gaps; the heatmap and people for their viewers."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.audit.models import AuditLog
from mentoring.extensions import db
from mentoring.programmes.models import ProgrammeStaff
from mentoring.users.roles import Role
from mentoring.workplace.models import SelfAssessment
from tests.auth import AuthActions
from tests.factories import make_programme, make_user
from tests.workplace_factories import (
    assess,
    employ,
    make_manager,
    make_organisation,
    make_round,
    workplace,
)


def test_a_learner_puts_their_levels_and_reads_their_gaps(
    client: FlaskClient, auth: AuthActions
) -> None:
    _programme, cohort, units, nurse = workplace({"Outlook": 3, "Teams": 2})
    learner = make_user()
    employ(learner, cohort, units["Care/North"], nurse)
    auth.login(learner.email)
    before = client.get("/api/v1/self-assessment").get_json()
    assert [(t["tool"], t["goal"], t["level"]) for t in before["tools"]] == [
        ("Outlook", 3, None),
        ("Teams", 2, None),
    ]
    for bad in ({"levels": {"Outlook": 1}}, {"levels": {"Outlook": 1, "Teams": True}}, {}):
        response = client.put("/api/v1/self-assessment", json=bad)
        assert response.status_code == 422 and response.get_json()["error"]
    assert db.session.query(SelfAssessment).count() == 0
    saved = client.put("/api/v1/self-assessment", json={"levels": {"Outlook": 1, "Teams": 2}})
    assert saved.status_code == 200 and saved.get_json()["round"] == 1
    gaps = client.get("/api/v1/gaps").get_json()
    assert gaps["assessed"] is True
    assert [(g["tool"], g["size"]) for g in gaps["gaps"]] == [("Outlook", 2), ("Teams", 0)]


def _units_with_people():  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace({"Outlook": 3})
    first = make_round(programme, 1, date(2026, 9, 1))
    north, south = make_user(), make_user()
    employ(north, cohort, units["Care/North"], nurse)
    employ(south, cohort, units["Care/South"], nurse)
    assess(north, first, {"Outlook": 1})
    assess(south, first, {"Outlook": 3})
    boss = make_manager(make_user(Role.MANAGER), units["Care/North"])
    return programme, north, south, boss


def test_a_manager_of_unit_a_gets_404_on_unit_b_in_the_api(
    client: FlaskClient, auth: AuthActions
) -> None:
    programme, north, south, boss = _units_with_people()
    other = make_programme()
    make_organisation(other)
    auth.login(boss.email)
    mine = client.get(f"/api/v1/people/{north.id}/gaps")
    assert mine.status_code == 200 and mine.get_json()["gaps"][0]["size"] == 2
    assert client.get(f"/api/v1/people/{south.id}/gaps").status_code == 404
    assert client.get(f"/api/v1/programmes/{other.id}/heatmap").status_code == 404
    heat = client.get(f"/api/v1/programmes/{programme.id}/heatmap").get_json()
    assert [row["label"] for row in heat["rows"]] == ["Care/North"]
    assert heat["rows"][0]["cells"]["Outlook"] == {"people": "<5", "below": "<5"}
    logged = db.session.scalars(sa.select(AuditLog).where(AuditLog.actor_id == boss.id)).all()
    assert [(e.action, e.subject_user_id) for e in logged] == [
        ("workplace_person.viewed", north.id)
    ]


def test_a_coordinator_reads_the_whole_heatmap_and_anyone_else_is_refused(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    programme, north, south, _boss = _units_with_people()
    coordinator = make_user(Role.COORDINATOR)
    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=coordinator.id))
    db.session.commit()
    auth.login(coordinator.email)
    heat = client.get(f"/api/v1/programmes/{programme.id}/heatmap?by=occupation").get_json()
    assert heat["by"] == "occupation" and heat["rows"][0]["label"] == "Assistant nurse"
    assert client.get(f"/api/v1/programmes/{programme.id}/heatmap?by=x").status_code == 400
    assert client.get(f"/api/v1/people/{south.id}/gaps").status_code == 200
    auth.logout()
    auth.login(north.email)
    assert client.get(f"/api/v1/programmes/{programme.id}/heatmap").status_code == 403
    assert client.get(f"/api/v1/people/{south.id}/gaps").status_code == 403
