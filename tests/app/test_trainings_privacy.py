"""Personal data of the training bank: in "My data", gone at erasure, aggregates kept."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.privacy import erasure
from mentoring.trainings.models import TestAttempt, Training, TrainingCompletion
from tests.auth import AuthActions
from tests.privacy_checks import NAME, aggregates, answers_of, take_a_bank_training, traces
from tests.trust_factories import make_world


def test_my_data_holds_completions_attempts_answers_levels_and_the_survey(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    world = make_world()
    take_a_bank_training(world)
    auth.login(world.participant.email)
    response = client.post("/my-data/export", data={"format": "json"})
    data = json.loads(response.data)
    for table in ("training_completions", "test_attempts", "attempt_answers", "verified_levels"):
        assert len(data[table]) == 1, table
    assert data["attempt_answers"][0]["correct"] is True
    assert any(row["training_id"] for row in data["feedback_answers"])


def test_erasure_leaves_no_trace_of_the_persons_answers_and_keeps_the_figures(app: Flask) -> None:
    world = make_world()
    take_a_bank_training(world)
    person = world.participant.id
    before = aggregates()
    assert len(answers_of(person)) == 2
    erasure.erase_person(person)
    db.session.commit()
    assert answers_of(person) == []
    assert traces(NAME) == []
    assert aggregates() == before
    attempt = db.session.scalar(sa.select(TestAttempt))
    assert attempt is not None and attempt.user_id == person and attempt.passed
    assert db.session.scalar(sa.select(TrainingCompletion.minutes)) == 15


def test_an_erased_author_s_training_stays_without_their_name(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    world = make_world()
    take_a_bank_training(world)
    mentor_name = world.mentor.name
    erasure.erase_person(world.mentor.id)
    db.session.commit()
    training = db.session.scalar(sa.select(Training))
    assert training is not None and training.author_id is None
    auth.login(world.participant.email)
    page = client.get(f"/trainings/{training.id}").get_data(as_text=True)
    assert training.title in page and mentor_name not in page
