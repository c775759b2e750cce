"""The feedback dashboard filters by department, unit, occupation and training (Solna's shares)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from mentoring.engagement.feedback import FeedbackFilters, feedback_shares
from mentoring.extensions import db
from mentoring.programmes.models import ProgrammeStaff
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.engagement_factories import add_feedback
from tests.factories import make_user
from tests.trainings_factories import make_training
from tests.workplace_factories import employ, make_occupation, workplace


def _answers():  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace()
    teacher = make_occupation(programme, "Teacher")
    training = make_training(programme)
    for _ in range(6):
        person = make_user()
        employ(person, cohort, units["Care/North"], nurse)
        answer = add_feedback(person, cohort, scores=(5, 4, 4, 4))
        answer.training_id = training.id
    for _ in range(5):
        person = make_user()
        employ(person, cohort, units["Care/South"], teacher)
        add_feedback(person, cohort, scores=(1, 2, 2, 2))
    db.session.commit()
    return programme, units, teacher, training


def _motivated(programme_id: int, filters: FeedbackFilters) -> tuple[int, list[str]]:
    questions, _months = feedback_shares(programme_id, filters)
    motivated = next(q for q in questions if q.key == "motivated")
    return motivated.answers, [row[2] for row in motivated.rows if row[0] == "4 or 5 (agree)"]


def test_units_departments_occupations_and_trainings_narrow_the_answers(app: Flask) -> None:
    programme, units, teacher, training = _answers()
    assert _motivated(programme.id, FeedbackFilters()) == (11, ["55%"])
    north = FeedbackFilters(unit_ids=frozenset({units["Care/North"].id}))
    assert _motivated(programme.id, north) == (6, ["100%"])
    care = frozenset({units["Care"].id, units["Care/North"].id, units["Care/South"].id})
    assert _motivated(programme.id, FeedbackFilters(unit_ids=care))[0] == 11
    assert _motivated(programme.id, FeedbackFilters(occupation_id=teacher.id)) == (5, ["<5"])
    assert _motivated(programme.id, FeedbackFilters(training_id=training.id))[0] == 6


def test_the_dashboard_offers_the_filters_and_a_department_counts_its_units(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    programme, units, _teacher, _training = _answers()
    coordinator = make_user(Role.COORDINATOR)
    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=coordinator.id))
    db.session.commit()
    auth.login(coordinator.email)
    page = client.get(f"/engagement/{programme.id}/feedback?unit={units['Care'].id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Answers: 11" in text
    assert "Department or unit" in text and "Occupational group" in text
    north = client.get(f"/engagement/{programme.id}/feedback?unit={units['Care/North'].id}")
    assert "Answers: 6" in north.get_data(as_text=True)
