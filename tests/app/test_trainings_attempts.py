"""Tests with points: the adaptive draw, the server's marking, one submit, the time limit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.trainings import attempts as svc
from mentoring.trainings.drawing import best_score, draw, next_target, shuffled
from mentoring.trainings.levels import verified_levels
from mentoring.trainings.models import (
    AttemptAnswer,
    TestAttempt,
    Training,
    TrainingQuestion,
    VerifiedLevel,
)
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_programme, make_user
from tests.privacy_checks import database_fingerprint
from tests.trainings_factories import NOW, make_training


@pytest.fixture
def bank(app: Flask) -> tuple[User, Training]:
    programme = make_programme()
    programme.tool_goals = {"Outlook": 3}
    cohort = make_cohort(programme)
    learner = make_user(Role.PARTICIPANT)
    enrol(learner, cohort)
    training = make_training(
        programme, level=3, questions=(1, 1, 2, 2, 3, 3), per_attempt=4, pass_mark=6
    )
    return learner, training


def _right(question_id: int) -> list[int]:
    question = db.session.get(TrainingQuestion, question_id)
    assert question is not None
    return [o.id for o in question.options if o.correct]


def _wrong(question_id: int) -> list[int]:
    question = db.session.get(TrainingQuestion, question_id)
    assert question is not None
    return [next(o.id for o in question.options if not o.correct)]


def _difficulty(question_id: int | None) -> int:
    question = db.session.get(TrainingQuestion, question_id)
    assert question is not None
    return question.difficulty


def _answer(learner: User, attempt: TestAttempt, right: bool, at: Any = NOW) -> svc.AnswerResult:
    qid = attempt.current_question_id
    assert qid is not None
    return svc.answer(learner, attempt.id, qid, _right(qid) if right else _wrong(qid), now=at)


def test_the_draw_starts_easy_and_climbs_one_step_per_right_answer() -> None:
    questions = {1: 3, 2: 1, 3: 2, 4: 1, 5: 3}
    assert questions[draw(questions, set(), 1, seed=5) or 0] == 1
    assert next_target(1, True) == 2 and next_target(3, True) == 3
    assert next_target(2, False) == 1 and next_target(1, False) == 1
    # No question of the difficulty asked for is left: the nearest, the easier on a tie.
    assert draw({1: 1, 2: 3}, set(), 2, seed=0) == 1
    assert draw(questions, {1, 5}, 3, seed=0) == 3
    assert best_score(questions, 4) == 1 + 2 + 3 + 3


def test_shuffles_follow_the_seed_alone() -> None:
    items = list(range(8))
    assert shuffled(items, 11, 3) == shuffled(items, 11, 3)
    assert sorted(shuffled(items, 11, 3)) == items
    assert len({tuple(shuffled(items, seed, 3)) for seed in range(10)}) > 1
    easy = {i: 1 for i in range(1, 7)}
    assert draw(easy, set(), 1, seed=1) == draw(easy, set(), 1, seed=1)
    assert len({draw(easy, set(), 1, seed=s) for s in range(20)}) > 1


def test_right_answers_bring_harder_questions_and_their_points(bank: tuple[User, Training]) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=3)
    assert _difficulty(attempt.current_question_id) == 1
    assert attempt.max_score == 1 + 2 + 3 + 3 and attempt.pass_mark == 6
    result = _answer(learner, attempt, right=True)
    assert result.correct and result.points == 1 and result.attempt.score == 1
    assert _difficulty(attempt.current_question_id) == 2
    result = _answer(learner, attempt, right=True)
    assert result.attempt.score == 3 and _difficulty(attempt.current_question_id) == 3


def test_a_wrong_answer_gives_no_points_and_an_easier_question(
    bank: tuple[User, Training],
) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=3)
    _answer(learner, attempt, right=True)
    result = _answer(learner, attempt, right=False)
    assert not result.correct and result.points == 0 and result.attempt.score == 1
    assert _difficulty(attempt.current_question_id) == 1


def test_a_multiple_choice_question_needs_every_right_option_and_no_wrong_one(
    bank: tuple[User, Training],
) -> None:
    learner, training = bank
    for question in training.questions:
        db.session.delete(question)
    db.session.commit()
    from tests.trainings_factories import make_question

    make_question(training, kind="multiple", right=("To", "Cc"), wrong=("Bcc",))
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=1)
    qid = attempt.current_question_id
    assert qid is not None
    partial = _right(qid)[:1]
    assert not svc.answer(learner, attempt.id, qid, partial, now=NOW).correct
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=1)
    assert svc.answer(learner, attempt.id, qid, _right(qid), now=NOW).correct


def test_failing_then_passing_sets_the_verified_level_and_keeps_each_attempt(
    bank: tuple[User, Training],
) -> None:
    learner, training = bank
    first = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    for _ in range(4):
        _answer(learner, first, right=False)
    assert svc.submit(learner, first.id, now=NOW).passed is False
    assert verified_levels(learner.id, training.programme_id) == {}
    second = svc.start_attempt(learner, training.id, now=NOW + timedelta(minutes=5), seed=9)
    for _ in range(4):
        _answer(learner, second, right=True, at=NOW + timedelta(minutes=6))
    done = svc.submit(learner, second.id, now=NOW + timedelta(minutes=7))
    assert done.passed is True and done.score == 9
    assert verified_levels(learner.id, training.programme_id) == {"outlook": 3}
    assert [a.id for a in svc.attempts_of(learner.id, training.id)] == [second.id, first.id]


def test_a_lower_level_passed_later_never_lowers_the_verified_level(
    bank: tuple[User, Training],
) -> None:
    learner, training = bank
    programme = db.session.get(Programme, training.programme_id)
    assert programme is not None
    easier = make_training(
        programme,
        title="Outlook basics",
        tool="outlook",
        level=1,
        questions=(1,),
        per_attempt=1,
        pass_mark=1,
    )
    for chosen in (training, easier):
        attempt = svc.start_attempt(learner, chosen.id, now=NOW, seed=2)
        while attempt.current_question_id is not None:
            _answer(learner, attempt, right=True)
        assert svc.submit(learner, attempt.id, now=NOW).passed
    assert verified_levels(learner.id, training.programme_id) == {"outlook": 3}


def test_a_second_submit_is_refused_and_changes_nothing(bank: tuple[User, Training]) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    _answer(learner, attempt, right=True)
    svc.submit(learner, attempt.id, now=NOW)
    before = database_fingerprint()
    with pytest.raises(Conflict):
        svc.submit(learner, attempt.id, now=NOW + timedelta(minutes=1))
    with pytest.raises(Conflict):
        svc.answer(learner, attempt.id, training.questions[0].id, [1], now=NOW)
    assert database_fingerprint() == before


def test_answers_after_the_time_limit_are_refused_and_the_attempt_can_still_be_handed_in(
    bank: tuple[User, Training],
) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    _answer(learner, attempt, right=True, at=NOW + timedelta(minutes=19))
    late = NOW + timedelta(minutes=20, seconds=1)
    before = database_fingerprint()
    with pytest.raises(Conflict, match="time"):
        _answer(learner, attempt, right=True, at=late)
    assert database_fingerprint() == before
    done = svc.submit(learner, attempt.id, now=late)
    assert done.score == 1 and done.passed is False


def test_only_the_question_asked_now_and_its_own_options_are_taken(
    bank: tuple[User, Training],
) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    other = next(q for q in training.questions if q.id != attempt.current_question_id)
    before = database_fingerprint()
    with pytest.raises(Conflict):
        svc.answer(learner, attempt.id, other.id, _right(other.id), now=NOW)
    qid = attempt.current_question_id
    assert qid is not None
    with pytest.raises(ValidationError):
        svc.answer(learner, attempt.id, qid, _right(other.id), now=NOW)
    with pytest.raises(ValidationError):
        svc.answer(learner, attempt.id, qid, [], now=NOW)
    assert database_fingerprint() == before


def test_someone_elses_attempt_does_not_exist_for_them(bank: tuple[User, Training]) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    stranger = make_user(Role.PARTICIPANT)
    with pytest.raises(NotFound):
        svc.get_attempt(stranger, attempt.id)
    with pytest.raises(NotFound):
        svc.submit(stranger, attempt.id, now=NOW)
    with pytest.raises(NotFound):  # not in the programme: the training does not exist for them
        svc.start_attempt(stranger, training.id, now=NOW)


def test_a_posted_score_or_correct_flag_changes_nothing(
    client: FlaskClient, auth: AuthActions, bank: tuple[User, Training]
) -> None:
    learner, training = bank
    auth.login(learner.email)
    started = client.post(f"/api/v1/trainings/{training.id}/attempts", json={"score": 99})
    assert started.status_code == 201
    body = started.get_json()
    assert body["score"] == 0 and "correct" not in str(body["question"])
    qid = body["question"]["id"]
    answered = client.post(
        f"/api/v1/attempts/{body['id']}/answers",
        json={
            "question_id": qid,
            "option_ids": _wrong(qid),
            "correct": True,
            "points": 3,
            "score": 99,
        },
    )
    assert answered.status_code == 200
    assert answered.get_json()["correct"] is False and answered.get_json()["attempt"]["score"] == 0
    submitted = client.post(
        f"/api/v1/attempts/{body['id']}/submit", json={"score": 99, "passed": True}
    )
    assert submitted.get_json()["score"] == 0 and submitted.get_json()["passed"] is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VerifiedLevel)) == 0
    again = client.post(f"/api/v1/attempts/{body['id']}/submit", json={})
    assert again.status_code == 409 and again.get_json()["error"] == "conflict"


def _at_once(app: Flask, learner_id: int, act: Callable[[User], object]) -> list[str]:
    """Four threads, each with its own session, do ``act`` as the learner at the same moment."""
    barrier, outcomes = threading.Barrier(4), []

    def run() -> None:
        with app.app_context():
            person = db.session.get(User, learner_id)
            assert person is not None
            barrier.wait(timeout=30)
            try:
                act(person)
                outcomes.append("done")
            except Conflict:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.file_db
def test_simultaneous_submits_of_one_attempt_count_once(
    app: Flask, bank: tuple[User, Training]
) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    for _ in range(4):
        _answer(learner, attempt, right=True)
    learner_id, attempt_id = learner.id, attempt.id
    db.session.remove()
    outcomes = _at_once(
        app,
        learner_id,
        lambda person: svc.submit(person, attempt_id, now=NOW + timedelta(minutes=1)),
    )
    assert sorted(outcomes) == ["done"] + ["refused"] * 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VerifiedLevel)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AttemptAnswer)) == 4


@pytest.mark.file_db
def test_simultaneous_answers_to_one_question_count_once(
    app: Flask, bank: tuple[User, Training]
) -> None:
    learner, training = bank
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=4)
    qid = attempt.current_question_id
    assert qid is not None
    right = _right(qid)
    learner_id, attempt_id = learner.id, attempt.id
    db.session.remove()
    outcomes = _at_once(
        app, learner_id, lambda person: svc.answer(person, attempt_id, qid, right, now=NOW)
    )
    assert sorted(outcomes) == ["done"] + ["refused"] * 3
    found = db.session.get(TestAttempt, attempt_id)
    assert found is not None and found.score == 1 and found.asked == 1


def test_a_learner_whose_verified_level_reaches_the_goal_is_done_in_routing(
    bank: tuple[User, Training],
) -> None:
    from mentoring.matches.routing import learning_plan
    from tests.factories import make_profile

    learner, training = bank
    make_profile(learner, offers={"Outlook": 1})
    plan = learning_plan(learner, now=NOW)
    assert [n.tool for n in plan.todo] == ["Outlook"]
    attempt = svc.start_attempt(learner, training.id, now=NOW, seed=2)
    while attempt.current_question_id is not None:
        _answer(learner, attempt, right=True)
    svc.submit(learner, attempt.id, now=NOW)
    plan = learning_plan(learner, now=NOW)
    assert plan.todo == [] and [(n.tool, n.level) for n in plan.done] == [("Outlook", 3)]


def test_public_reads_give_trainings_for_a_gap_and_a_persons_results(
    bank: tuple[User, Training],
) -> None:
    from mentoring.trainings.reads import people_trainings, person_trainings, trainings_closing
    from tests.trainings_factories import complete

    learner, training = bank
    programme = db.session.get(Programme, training.programme_id)
    assert programme is not None
    make_training(programme, title="Outlook steg 1", tool="outlook", level=1)
    assert [t.title for t in trainings_closing(programme.id, "OUTLOOK", 2)] == [training.title]
    assert [t.level for t in trainings_closing(programme.id, "Outlook", 1)] == [1, 3]
    complete(learner, training)
    for right in (False, True):
        attempt = svc.start_attempt(learner, training.id, now=NOW, seed=2)
        while attempt.current_question_id is not None:
            _answer(learner, attempt, right=right)
        svc.submit(learner, attempt.id, now=NOW)
    mine = person_trainings(learner.id, programme.id)
    assert [t.title for t in mine.done] == [training.title] and mine.hours == 0.25
    [result] = mine.results
    assert (result.attempts, result.best_score, result.max_score, result.passed) == (2, 9, 9, True)
    assert mine.verified == {"outlook": 3} and mine.last_activity == NOW
    other = make_user(Role.PARTICIPANT)
    both = people_trainings([learner.id, other.id], programme.id)
    assert both[other.id].done == [] and both[other.id].hours == 0.0


def test_the_api_refuses_late_answers_and_others_attempts(
    app: Flask, client: FlaskClient, auth: AuthActions, bank: tuple[User, Training]
) -> None:
    learner, training = bank
    moment = [NOW]
    app.config["CLOCK"] = lambda: moment[0]
    auth.login(learner.email)
    body = client.post(f"/api/v1/trainings/{training.id}/attempts", json={}).get_json()
    assert body["deadline_at"] == "2026-03-02T09:20:00Z" and body["question"]["points"] == 1
    qid = body["question"]["id"]
    moment[0] = NOW + timedelta(minutes=21)
    late = client.post(
        f"/api/v1/attempts/{body['id']}/answers",
        json={"question_id": qid, "option_ids": _right(qid)},
    )
    assert late.status_code == 409 and late.get_json()["error"] == "conflict"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AttemptAnswer)) == 0
    auth.logout()
    stranger = make_user(Role.PARTICIPANT)
    auth.login(stranger.email)
    assert client.get(f"/api/v1/attempts/{body['id']}").status_code == 404
    assert client.get(f"/api/v1/trainings/{training.id}").status_code == 404
