"""Matching stays a human decision (GDPR article 22): the matcher proposes, people decide.

A proposal stays ``proposed`` until a coordinator publishes it and both people accept it; no
scheduled job decides for them, however long they wait; and the stored reasons are shown to the
two people concerned.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.matches import choice
from mentoring.matches.models import MatchRun, MentorRequest, Pairing
from mentoring.matches.rules import rules_for
from mentoring.notices.jobs import JOBS
from tests.auth import AuthActions
from tests.matches_factories import make_mentee, make_mentor, matching_cohort

NOW = datetime(2026, 11, 2, 9, 0)
REASON = "you both speak Arabic, Swedish"


def housekeeping(now: datetime) -> None:
    """Run the scheduler's matching job, which ends and passes on but must never decide."""
    [job] = [job for job in JOBS if job.name == "matching-housekeeping"]
    job.func(now)


def pairings() -> list[Pairing]:
    return list(db.session.scalars(sa.select(Pairing)))


def test_a_proposal_waits_for_both_people_and_they_see_its_reasons(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    cohort, coordinator = matching_cohort()
    mentee = make_mentee(cohort, name="Amal Noor", languages=("sv", "ar"))
    mentor = make_mentor(cohort, name="Bo Ek", languages=("sv", "ar"))
    auth.login(coordinator.email)
    client.post(f"/cohorts/{cohort.id}/matching/run")
    assert pairings() == [], "a run only proposes, to the coordinator"
    run = db.session.scalar(sa.select(MatchRun))
    assert run is not None and run.proposals[0].reasons, "the matcher says why"
    client.post(f"/runs/{run.id}/publish")
    [pairing] = pairings()
    assert pairing.status == "proposed" and pairing.reasons == run.proposals[0].reasons

    housekeeping(NOW + timedelta(days=365))
    db.session.refresh(pairing)
    assert pairing.status == "proposed", "no job accepts on anyone's behalf"

    for person, other in ((mentee, "Bo Ek"), (mentor, "Amal Noor")):
        auth.logout()
        auth.login(person.email)
        page = client.get("/my/matches").get_data(as_text=True)
        assert other in page and "Why we suggest you meet:" in page and REASON in page
        if person is mentee:
            client.post(f"/pairings/{pairing.id}/accept", data={})
            db.session.refresh(pairing)
            assert pairing.status == "proposed", "one person's yes is not enough"
            assert "We are waiting for the other person." in client.get("/my/matches").text
        else:
            client.post(f"/pairings/{pairing.id}/accept", data={})
    db.session.refresh(pairing)
    assert pairing.status == "active"


def test_an_unanswered_request_passes_on_but_never_becomes_a_pairing(app: Flask) -> None:
    cohort, _coordinator = matching_cohort()
    rules_for(cohort.programme).mode = "mentee_choice"
    db.session.commit()
    mentee = make_mentee(cohort)
    first, second = make_mentor(cohort), make_mentor(cohort)
    suggestions = choice.suggest_mentors(mentee, now=NOW)
    assert {s.mentor.id for s in suggestions} == {first.id, second.id}
    assert all(s.reasons for s in suggestions), "the participant sees why"
    request = choice.request_mentor(mentee, suggestions[0].mentor.id, now=NOW)
    housekeeping(request.expires_at + timedelta(minutes=1))
    requests = db.session.scalars(sa.select(MentorRequest).order_by(MentorRequest.id)).all()
    assert [r.status for r in requests] == ["expired", "pending"]
    assert requests[1].mentor_id == suggestions[1].mentor.id
    assert pairings() == [], "only the mentor's answer makes a pairing"
