"""Self-assessments are personal data: exported, erased without a trace, covered by retention."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.privacy.erasure import erase_person
from mentoring.privacy.export import collect
from mentoring.privacy.retention import purge
from mentoring.programmes.models import Enrollment
from mentoring.programmes.organisation import ManagerUnit
from mentoring.users.roles import Role
from mentoring.workplace.heatmap import heatmap
from mentoring.workplace.models import SelfAssessment
from tests.auth import AuthActions
from tests.factories import make_user
from tests.workplace_factories import assess, employ, make_manager, make_round, workplace


def _assessed(count: int = 1):  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace({"Outlook": 3, "Teams": 2})
    first = make_round(programme, 1, date(2026, 9, 1))
    people = []
    for _ in range(count):
        person = make_user()
        employ(person, cohort, units["Care/North"], nurse)
        assess(person, first, {"Outlook": 1, "Teams": 2})
        people.append(person)
    return programme, units, people


def test_my_data_export_holds_the_self_assessments(app: Flask) -> None:
    _programme, _units, [person] = _assessed()
    rows = collect(person.id)["self_assessments"]
    assert sorted((r["tool"], r["level"]) for r in rows) == [("Outlook", 1), ("Teams", 2)]
    assert collect(person.id)["enrollments"][0]["unit_id"] is not None


def test_erasure_leaves_no_trace_of_a_persons_answers(app: Flask) -> None:
    programme, units, people = _assessed(6)
    erase_person(people[0].id)
    db.session.commit()
    assert not db.session.scalars(
        sa.select(SelfAssessment).where(SelfAssessment.user_id == people[0].id)
    ).all()
    assert "self_assessments" not in collect(people[0].id)
    cell = {r.label: r for r in heatmap(programme).rows}["Care/North"].cells["Outlook"]
    assert (cell.people, cell.below) == (5, 5)  # the others still count


def test_an_erased_manager_heads_no_unit(app: Flask) -> None:
    _programme, units, _people = _assessed()
    boss = make_manager(make_user(Role.MANAGER), units["Care/North"])
    erase_person(boss.id)
    db.session.commit()
    assert db.session.query(ManagerUnit).count() == 0


def test_retention_removes_the_answers_of_people_long_gone(app: Flask) -> None:
    _programme, _units, [person] = _assessed()
    db.session.query(Enrollment).filter_by(user_id=person.id).update(
        {"ended_on": date(2026, 9, 30), "end_reason": "completed"}
    )
    db.session.commit()
    purge(date(2029, 1, 1), actor_id=None)
    assert db.session.query(SelfAssessment).filter_by(user_id=person.id).count() == 0


def test_the_privacy_notice_says_what_managers_see_and_why(
    client: FlaskClient, auth: AuthActions
) -> None:
    person = make_user()
    auth.login(person.email)
    notice = client.get("/consent").get_data(as_text=True)
    assert "the managers of your unit see your levels and gaps" in notice
    assert "to plan training for their staff" in notice
