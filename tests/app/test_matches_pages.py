"""The matching workflow through its pages, as coordinators, mentors and mentees use it."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.accounts.roles import Role
from mentoring.extensions import db
from mentoring.matches.models import MatchRun, Pairing
from tests.conftest import login
from tests.factories import make_user
from tests.matches_factories import make_mentee, make_mentor, matching_cohort


def test_coordinator_runs_swaps_and_publishes_then_both_accept(client: FlaskClient) -> None:
    cohort, coordinator = matching_cohort()
    mentee = make_mentee(cohort, name="Amal Noor", languages=("sv", "ar"))
    make_mentor(cohort, name="Bo Ek", languages=("sv", "ar"))
    other = make_mentor(cohort, name="Cai Lind", offers={"Excel": 4}, languages=("sv",))
    finnish = make_mentor(cohort, name="Fanni Aho", languages=("fi",))
    login(client, coordinator.email)
    assert client.post(f"/cohorts/{cohort.id}/matching/run").status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/matching").get_data(as_text=True)
    assert "Amal Noor" in page and "Bo Ek" in page
    assert "you both speak Arabic, Swedish" in page
    proposal_id = int(re.search(r"/proposals/(\d+)/swap", page).group(1))  # type: ignore[union-attr]
    refused = client.get(f"/proposals/{proposal_id}/swap?mentor_id={finnish.id}")
    assert refused.status_code == 422 and "breaks a rule" in refused.get_data(as_text=True)
    preview = client.get(f"/proposals/{proposal_id}/swap?mentor_id={other.id}")
    assert preview.status_code == 200 and "Score with this mentor" in preview.get_data(as_text=True)
    assert (
        client.post(f"/proposals/{proposal_id}/swap", data={"mentor_id": other.id}).status_code
        == 302
    )
    run = db.session.scalar(sa.select(MatchRun))
    assert client.post(f"/runs/{run.id}/publish").status_code == 302  # type: ignore[union-attr]
    pairing = db.session.scalar(sa.select(Pairing))
    assert pairing is not None and (pairing.mentor_id, pairing.status) == (other.id, "proposed")
    for person in (mentee, other):
        client.post("/logout")
        login(client, person.email)
        assert "Accept" in client.get("/my/matches").get_data(as_text=True)
        assert client.post(f"/pairings/{pairing.id}/accept", data={}).status_code == 302
    db.session.refresh(pairing)
    assert pairing.status == "active"


def test_people_outside_a_pairing_cannot_answer_it(client: FlaskClient) -> None:
    cohort, coordinator = matching_cohort()
    make_mentee(cohort)
    make_mentor(cohort)
    login(client, coordinator.email)
    client.post(f"/cohorts/{cohort.id}/matching/run")
    run = db.session.scalar(sa.select(MatchRun))
    client.post(f"/runs/{run.id}/publish")  # type: ignore[union-attr]
    pairing = db.session.scalar(sa.select(Pairing))
    client.post("/logout")
    login(client, make_user(Role.PARTICIPANT).email)
    assert client.post(f"/pairings/{pairing.id}/accept", data={}).status_code == 404  # type: ignore[union-attr]


def test_matching_pages_are_for_coordinators_of_the_programme(client: FlaskClient) -> None:
    cohort, _ = matching_cohort()
    for role, status in (
        (Role.PARTICIPANT, 403),
        (Role.MENTOR, 403),
        (Role.COACH, 403),
        (Role.COORDINATOR, 404),
    ):
        client.post("/logout")
        login(client, make_user(role).email)
        assert client.get(f"/cohorts/{cohort.id}/matching").status_code == status, role
        assert client.post(f"/cohorts/{cohort.id}/matching/run").status_code == status, role


def test_rules_form_saves_and_rejects_bad_values(client: FlaskClient) -> None:
    cohort, coordinator = matching_cohort()
    login(client, coordinator.email)
    url = f"/programmes/{cohort.programme_id}/matching-rules"
    form = {
        "skills_weight": "0.5",
        "goals_weight": "0.1",
        "interests_weight": "0.1",
        "text_weight": "0.1",
        "place_weight": "0.1",
        "hours_weight": "0.1",
        "min_common_hours": "2",
        "objective": "best_scores",
        "mode": "coordinator",
        "planned_weeks": "10",
        "request_days": "3",
        "honour_same_gender": "y",
    }
    assert client.post(url, data=form).status_code == 302
    bad = client.post(url, data={**form, "skills_weight": "3"})
    assert bad.status_code == 200 and "Number must be between 0 and 1" in bad.get_data(as_text=True)
