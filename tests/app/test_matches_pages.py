"""The matching workflow through its pages, as coordinators, mentors and mentees use it."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.errors import Conflict
from mentoring.extensions import db
from mentoring.matches import pairings
from mentoring.matches.models import MatchRun, Pairing
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_pair
from tests.factories import make_user
from tests.matches_factories import make_mentee, make_mentor, matching_cohort
from tests.processes import pause


def test_coordinator_runs_swaps_and_publishes_then_both_accept(
    client: FlaskClient, auth: AuthActions
) -> None:
    cohort, coordinator = matching_cohort()
    mentee = make_mentee(cohort, name="Amal Noor", languages=("sv", "ar"))
    make_mentor(cohort, name="Bo Ek", languages=("sv", "ar"))
    other = make_mentor(cohort, name="Cai Lind", offers={"Excel": 4}, languages=("sv",))
    finnish = make_mentor(cohort, name="Fanni Aho", languages=("fi",))
    auth.login(coordinator.email)
    assert client.post(f"/cohorts/{cohort.id}/matching/run").status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/matching").get_data(as_text=True)
    assert "Amal Noor" in page and "Bo Ek" in page
    assert "both speak Arabic, Swedish" in page and "you both speak" not in page
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
        auth.logout()
        auth.login(person.email)
        assert "Accept" in client.get("/my/matches").get_data(as_text=True)
        assert client.post(f"/pairings/{pairing.id}/accept", data={}).status_code == 302
    db.session.refresh(pairing)
    assert pairing.status == "active"


def test_people_outside_a_pairing_cannot_answer_it(client: FlaskClient, auth: AuthActions) -> None:
    cohort, coordinator = matching_cohort()
    make_mentee(cohort)
    make_mentor(cohort)
    auth.login(coordinator.email)
    client.post(f"/cohorts/{cohort.id}/matching/run")
    run = db.session.scalar(sa.select(MatchRun))
    client.post(f"/runs/{run.id}/publish")  # type: ignore[union-attr]
    pairing = db.session.scalar(sa.select(Pairing))
    auth.logout()
    auth.login(make_user(Role.PARTICIPANT).email)
    assert client.post(f"/pairings/{pairing.id}/accept", data={}).status_code == 404  # type: ignore[union-attr]


def test_matching_pages_are_for_coordinators_of_the_programme(
    client: FlaskClient, auth: AuthActions
) -> None:
    cohort, _ = matching_cohort()
    for role, status in (
        (Role.PARTICIPANT, 403),
        (Role.MENTOR, 403),
        (Role.COACH, 403),
        (Role.COORDINATOR, 404),
    ):
        auth.logout()
        auth.login(make_user(role).email)
        assert client.get(f"/cohorts/{cohort.id}/matching").status_code == status, role
        assert client.post(f"/cohorts/{cohort.id}/matching/run").status_code == status, role


def test_rules_form_saves_and_rejects_bad_values(client: FlaskClient, auth: AuthActions) -> None:
    cohort, coordinator = matching_cohort()
    auth.login(coordinator.email)
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


@pytest.mark.file_db
def test_large_cohorts_are_matched_in_the_background_with_progress_shown(
    app, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    import time

    cohort, coordinator = matching_cohort()
    for _ in range(3):
        make_mentee(cohort)
    make_mentor(cohort, capacity=3)
    app.config["MATCHING_BACKGROUND_FROM"] = 2
    auth.login(coordinator.email)
    response = client.post(f"/cohorts/{cohort.id}/matching/run")
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    run = db.session.scalar(sa.select(MatchRun))
    while run is not None and run.status == "running" and time.monotonic() < deadline:
        pause(0.05)  # time.sleep fails under faketime (see tests/processes.py)
        db.session.expire_all()
        run = db.session.scalar(sa.select(MatchRun))
    assert run is not None and run.status == "draft" and run.matched == 3


def test_progress_page_refreshes_while_a_run_works(client: FlaskClient, auth: AuthActions) -> None:
    from mentoring.db import utcnow
    from mentoring.matches import runs

    cohort, coordinator = matching_cohort()
    started = runs.start_run(cohort, coordinator, now=utcnow())
    auth.login(coordinator.email)
    page = client.get(f"/cohorts/{cohort.id}/matching").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Matching is working: waiting to start" in page
    again = client.post(f"/cohorts/{cohort.id}/matching/run")
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MatchRun)) == 1
    runs.complete_run(started.id)
    assert "http-equiv" not in client.get(f"/cohorts/{cohort.id}/matching").get_data(as_text=True)


@pytest.mark.file_db
def test_a_failed_background_run_is_marked_failed(app) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from mentoring.db import utcnow
    from mentoring.matches import background, runs

    cohort, coordinator = matching_cohort()
    started = runs.start_run(cohort, coordinator, now=utcnow())
    with mock.patch.object(background, "complete_run", side_effect=RuntimeError("boom")):
        background.complete_in_background(app, started.id).join(timeout=30)
    db.session.expire_all()
    assert db.session.get(MatchRun, started.id).status == "failed"  # type: ignore[union-attr]


def test_pages_with_active_pairings_offer_management_and_feedback(
    client: FlaskClient, auth: AuthActions
) -> None:
    from mentoring.db import utcnow
    from mentoring.matches import pairings, runs

    cohort, coordinator = matching_cohort()
    mentee, mentor = make_mentee(cohort), make_mentor(cohort)
    [pairing] = runs.publish(
        coordinator, runs.run_matching(cohort, coordinator, now=utcnow()).id, now=utcnow()
    )
    for person in (mentee, mentor):
        pairings.answer(person, pairing.id, accept=True, reason="", now=utcnow())
    auth.login(coordinator.email)
    page = client.get(f"/cohorts/{cohort.id}/matching").get_data(as_text=True)
    assert f'id="reason-{pairing.id}"' in page and '<option value="not_a_fit">' in page
    assert client.post(f"/pairings/{pairing.id}/pause").status_code == 302
    assert client.post(f"/pairings/{pairing.id}/resume").status_code == 302
    assert client.post(f"/pairings/{pairing.id}/extend", data={"weeks": "2"}).status_code == 302
    for person, field in ((mentee, "rating"), (mentor, "verdict")):
        auth.logout()
        auth.login(person.email)
        assert f'name="{field}"' in client.get("/my/matches").get_data(as_text=True)
    assert (
        client.post(f"/pairings/{pairing.id}/feedback", data={"verdict": "continue"}).status_code
        == 302
    )
    auth.logout()
    auth.login(coordinator.email)
    ended = client.post(
        f"/pairings/{pairing.id}/end", data={"ended_on": "2027-01-10", "reason": "completed"}
    )
    assert ended.status_code == 302
    db.session.refresh(pairing)
    assert (pairing.status, pairing.end_reason, pairing.mentor_verdict) == (
        "ended",
        "completed",
        "continue",
    )


def test_a_first_meeting_rating_is_kept_once_given(client: FlaskClient, auth: AuthActions) -> None:
    mentor, mentee, _cohort = make_pair()
    [pairing] = pairings.pairings_of(mentee)
    auth.login(mentee.email)
    assert client.post(f"/pairings/{pairing.id}/feedback", data={"rating": "5"}).status_code == 302
    again = client.post(f"/pairings/{pairing.id}/feedback", data={"rating": "1"})
    assert again.status_code == 409 and "already" in again.text
    db.session.refresh(pairing)
    assert pairing.mentee_rating == 5
    with pytest.raises(Conflict):
        pairings.first_feedback(mentee, pairing.id, rating=2, verdict=None, today=date(2026, 9, 2))


def test_my_matches_has_no_empty_reasons_and_an_unselected_required_rating(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    _mentor, mentee, _cohort = make_pair()  # a pairing with no stored reasons
    auth.login(mentee.email)
    page = client.get("/my/matches").text
    assert "Why we suggest you meet:" not in page
    select = page[page.index('name="rating"') : page.index("</select>")]
    assert "required" in select and '<option value="" selected>' in select
    assert '<option value="1">' in select and "selected" not in select.split("</option>", 1)[1]
    missing = client.post(f"/pairings/{pairings.pairings_of(mentee)[0].id}/feedback", data={})
    assert missing.status_code == 422 and "Choose a rating from 1 to 5." in missing.text


def test_reasons_are_written_for_whoever_reads_them(client: FlaskClient, auth: AuthActions) -> None:
    cohort, coordinator = matching_cohort()
    mentee = make_mentee(cohort, wants={"Python": 3})
    mentor = make_mentor(cohort, offers={"Python": 4})
    auth.login(coordinator.email)
    assert client.post(f"/cohorts/{cohort.id}/matching/run").status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/matching").text
    assert "wants to learn Python (level 3), offered at level 4" in page
    assert "which you want" not in page
    run = db.session.scalars(sa.select(MatchRun)).one()
    [proposal] = client.get(f"/api/v1/matching/runs/{run.id}").json["proposals"]  # type: ignore[index]
    assert proposal["reasons"][0]["text"] == "wants to learn Python (level 3), offered at level 4"
    assert client.post(f"/runs/{run.id}/publish").status_code == 302
    for person, sentence in (
        (mentee, "offers Python (level 4), which you want to learn (level 3)"),
        (mentor, "you offer Python (level 4), which they want to learn (level 3)"),
    ):
        auth.logout()
        auth.login(person.email)
        assert sentence in client.get("/my/matches").text
        [mine] = client.get("/api/v1/pairings").json["pairings"]  # type: ignore[index]
        assert mine["reasons"][0]["text"] == sentence
