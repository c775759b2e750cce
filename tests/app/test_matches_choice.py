"""Mentee-choice programmes: top five with reasons, requests pass on, capacity holds under races."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring import create_app
from mentoring.errors import Conflict, ValidationError
from mentoring.extensions import db
from mentoring.matches import choice
from mentoring.matches.models import MentorRequest, Pairing
from mentoring.matches.rules import rules_for
from mentoring.programmes.models import Cohort
from tests.conftest import TEST_DATABASE_URL, base_config
from tests.factories import TEST_PASSWORD
from tests.matches_factories import make_mentee, make_mentor, matching_cohort

NOW = datetime(2026, 11, 2, 9, 0)
CTX = multiprocessing.get_context("fork")


def _choice_cohort() -> Cohort:
    cohort, _ = matching_cohort()
    rules = rules_for(cohort.programme)
    rules.mode = "mentee_choice"
    db.session.commit()
    return cohort


def test_participant_sees_five_best_mentors_with_reasons(app: Flask) -> None:
    cohort = _choice_cohort()
    me = make_mentee(cohort, wants={"Python": 3})
    best = make_mentor(cohort, offers={"Python": 5}, name="Best Match")
    for _ in range(5):
        make_mentor(cohort, offers={"Excel": 3})
    make_mentor(cohort, languages=("fi",))
    found = choice.suggest_mentors(me, now=NOW)
    assert len(found) == 5
    assert found[0].mentor.id == best.id
    assert found[0].score >= found[-1].score
    assert any(r["code"] == "skill" for r in found[0].reasons)


def test_request_passes_on_when_declined_or_not_answered(app: Flask) -> None:
    cohort = _choice_cohort()
    me = make_mentee(cohort)
    first, second, third = (make_mentor(cohort, offers={"Python": level}) for level in (5, 4, 3))
    request = choice.request_mentor(me, first.id, now=NOW)
    assert request.next_choices == [second.id, third.id]
    with pytest.raises(Conflict):
        choice.request_mentor(me, second.id, now=NOW)
    choice.answer_request(first, request.id, accept=False, now=NOW)
    follow_up = choice.pending_request(me)
    assert follow_up is not None and follow_up.mentor_id == second.id
    later = NOW + timedelta(days=rules_for(cohort.programme).request_days, hours=1)
    assert choice.expire_requests(later) == 1
    last = choice.pending_request(me)
    assert last is not None and last.mentor_id == third.id
    choice.answer_request(third, last.id, accept=True, now=later)
    pairing = db.session.scalar(sa.select(Pairing))
    assert pairing is not None and (pairing.mentor_id, pairing.status) == (third.id, "active")
    assert choice.suggest_mentors(me, now=later) == []


def test_only_suggested_mentors_can_be_asked(app: Flask) -> None:
    cohort = _choice_cohort()
    me = make_mentee(cohort)
    finnish = make_mentor(cohort, languages=("fi",))
    with pytest.raises(ValidationError):
        choice.request_mentor(me, finnish.id, now=NOW)


def test_full_mentor_cannot_accept(app: Flask) -> None:
    cohort = _choice_cohort()
    mentor = make_mentor(cohort, capacity=1)
    requests = [choice.request_mentor(make_mentee(cohort), mentor.id, now=NOW) for _ in range(2)]
    choice.answer_request(mentor, requests[0].id, accept=True, now=NOW)
    with pytest.raises(Conflict):
        choice.answer_request(mentor, requests[1].id, accept=True, now=NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pairing)) == 1


def _accept(uri: str, email: str, request_id: int, barrier: Any, out: Any) -> None:
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=uri, WTF_CSRF_ENABLED=False))
    client = app.test_client()
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    barrier.wait(timeout=60)
    response = client.post(f"/api/v1/mentor-requests/{request_id}/answer", json={"accept": True})
    out.put(response.status_code)
    with app.app_context():
        db.engine.dispose()


def _race(uri: str) -> None:
    """The mentor has one place left and accepts two requests at the same moment."""
    cohort = _choice_cohort()
    mentor = make_mentor(cohort, capacity=1)
    ids = [choice.request_mentor(make_mentee(cohort), mentor.id, now=NOW).id for _ in range(2)]
    email = mentor.email
    db.session.remove()
    db.engine.dispose()
    barrier, out = CTX.Barrier(2), CTX.Queue()
    workers = [CTX.Process(target=_accept, args=(uri, email, i, barrier, out)) for i in ids]
    for worker in workers:
        worker.start()
    statuses = sorted(out.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    assert statuses == [200, 409]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pairing)) == 1
    assert sorted(db.session.scalars(sa.select(MentorRequest.status))) == ["accepted", "pending"]


def test_two_acceptances_at_once_respect_capacity_on_sqlite(sqlite_app: Flask) -> None:
    _race(sqlite_app.config["SQLALCHEMY_DATABASE_URI"])


@pytest.mark.postgres
def test_two_acceptances_at_once_respect_capacity_on_postgresql(app: Flask) -> None:
    _race(TEST_DATABASE_URL)


def test_choice_pages(app: Flask) -> None:
    cohort = _choice_cohort()
    me = make_mentee(cohort)
    mentor = make_mentor(cohort, name="Mira Mentor")
    client = app.test_client()
    client.post("/login", data={"email": me.email, "password": TEST_PASSWORD})
    page = client.get("/my/mentor-choice").get_data(as_text=True)
    assert "Mira Mentor" in page and "Ask this mentor" in page
    assert client.post("/my/mentor-choice", data={"mentor_id": mentor.id}).status_code == 302
    assert "You have asked Mira Mentor" in client.get("/my/mentor-choice").get_data(as_text=True)
    client.post("/logout")
    client.post("/login", data={"email": mentor.email, "password": TEST_PASSWORD})
    request_id = choice.pending_request(me).id  # type: ignore[union-attr]
    assert "Participants asking for you" in client.get("/my/matches").get_data(as_text=True)
    assert client.post(f"/mentor-requests/{request_id}/accept").status_code == 302
    assert db.session.scalar(sa.select(Pairing.status)) == "active"
