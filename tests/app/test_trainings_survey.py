"""The survey after a bank training, and bank-training hours in the funder report."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.engagement import funder
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.trainings_factories import complete, make_training

ANSWERS = {
    "level": "just_right",
    "motivated": "5",
    "method_good": "4",
    "relevant": "5",
    "will_use": "4",
    "comment": "Bra och kort",
}


@pytest.fixture
def learner(app: Flask) -> tuple[User, Programme]:
    programme = make_programme()
    person = make_user(Role.PARTICIPANT)
    enrol(person, make_cohort(programme, starts_on=date(2026, 1, 5)))
    # A newer programme of theirs: the survey still belongs to the training's own programme.
    enrol(person, make_cohort(make_programme(), starts_on=date(2026, 2, 1)))
    return person, programme


def test_the_survey_follows_a_finished_training_once_and_is_filed_under_its_programme(
    client: FlaskClient, auth: AuthActions, learner: tuple[User, Programme]
) -> None:
    person, programme = learner
    training = make_training(programme, title="Avvikelserapportering")
    auth.login(person.email)
    assert client.get(f"/feedback/trainings/{training.id}").status_code == 422
    client.post(f"/trainings/{training.id}/done")
    assert "Training: Avvikelserapportering" in client.get("/feedback/").text
    page = client.get(f"/feedback/trainings/{training.id}")
    assert page.status_code == 200 and "How was the training Avvikelserapportering?" in page.text
    assert client.post(f"/feedback/trainings/{training.id}", data=ANSWERS).status_code == 302
    again = client.post(f"/feedback/trainings/{training.id}", data=ANSWERS)
    assert again.status_code == 422 and "already" in again.text
    [answer] = db.session.scalars(sa.select(FeedbackAnswer)).all()
    assert (answer.training_id, answer.programme_id, answer.module) == (
        training.id,
        programme.id,
        "Avvikelserapportering",
    )
    assert (answer.motivated, answer.will_use, answer.comment) == (5, 4, "Bra och kort")
    assert "Avvikelserapportering" not in client.get("/feedback/").text


def test_a_survey_with_a_missing_answer_is_refused_on_its_field(
    client: FlaskClient, auth: AuthActions, learner: tuple[User, Programme]
) -> None:
    person, programme = learner
    training = make_training(programme)
    complete(person, training)
    auth.login(person.email)
    response = client.post(f"/feedback/trainings/{training.id}", data={**ANSWERS, "will_use": "9"})
    assert response.status_code == 422 and "Choose a number from 1 to 5." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAnswer)) == 0


def test_bank_training_hours_grow_the_funder_report_split_by_gender(app: Flask) -> None:
    programme = make_programme()
    cohort = make_cohort(programme, starts_on=date(2026, 1, 5))
    training = make_training(programme, minutes=30)
    other = make_training(make_programme(), minutes=600 // 10)
    people = []
    for gender in ["woman"] * 5 + ["man"]:
        person = make_user(Role.PARTICIPANT)
        make_profile(person).gender = gender
        enrol(person, cohort)
        people.append(person)
    db.session.commit()
    for person in people:
        complete(person, training, at=datetime(2026, 3, 2, 10))
        complete(person, other, at=datetime(2026, 3, 2, 10))  # another programme's
    complete(people[0], make_training(programme, minutes=45), at=datetime(2027, 1, 1))
    lines = {
        (line.section, line.label): line.value
        for line in funder.funder_report(programme.id, date(2026, 1, 1), date(2026, 6, 30))
    }
    assert lines[("Hours", "Hours of mentoring and training attended")] == "0.0"
    assert lines[("Hours", "Hours of bank trainings finished")] == "3.0"
    assert lines[("Hours", "Training hours in all")] == "3.0"
    assert lines[("Training hours by gender", "Woman")] == "2.5"
    assert lines[("Training hours by gender", "Man")] == "<5"
