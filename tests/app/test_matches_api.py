"""The matching JSON API: run, inspect, adjust, publish, answer, and groups."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_user
from tests.matches_factories import make_mentee, make_mentor, matching_cohort
from tests.processes import pause


def test_run_adjust_publish_and_answer_through_the_api(
    client: FlaskClient, auth: AuthActions
) -> None:
    cohort, coordinator = matching_cohort()
    mentee = make_mentee(cohort)
    mentor = make_mentor(cohort)
    finnish = make_mentor(cohort, languages=("fi",))
    auth.login(coordinator.email)
    created = client.post(f"/api/v1/cohorts/{cohort.id}/matching/runs", json={})
    assert created.status_code == 201
    run = created.get_json()
    assert run["matched"] == 1 and run["proposals"][0]["mentor_id"] == mentor.id
    assert {r["code"] for r in run["proposals"][0]["reasons"]} >= {"skill", "languages"}
    proposal_id = run["proposals"][0]["id"]
    refused = client.post(f"/api/v1/proposals/{proposal_id}/swap", json={"mentor_id": finnish.id})
    assert refused.status_code == 422 and "breaks a rule" in refused.get_json()["message"]
    assert client.post(f"/api/v1/proposals/{proposal_id}/lock", json={"locked": True}).get_json()[
        "locked"
    ]
    bad = client.post(f"/api/v1/proposals/{proposal_id}/lock", json={"locked": "yes"})
    assert bad.status_code == 422 and bad.get_json()["error"] == "validationerror"
    assert client.get(f"/api/v1/matching/runs/{run['id']}").get_json()["proposals"][0]["locked"]
    published = client.post(f"/api/v1/matching/runs/{run['id']}/publish", json={})
    assert published.status_code == 201
    pairing_id = published.get_json()["pairings"][0]["id"]
    assert client.post(f"/api/v1/matching/runs/{run['id']}/publish", json={}).status_code == 409
    auth.logout()
    auth.login(mentee.email)
    mine = client.get("/api/v1/pairings").get_json()["pairings"]
    assert [p["id"] for p in mine] == [pairing_id]
    answered = client.post(
        f"/api/v1/pairings/{pairing_id}/answer", json={"accept": False, "reason": "Busy"}
    )
    assert answered.get_json()["status"] == "declined"


def test_matching_api_refuses_other_roles_and_programmes(
    client: FlaskClient, auth: AuthActions
) -> None:
    cohort, _ = matching_cohort()
    auth.login(make_user(Role.PARTICIPANT).email)
    assert client.post(f"/api/v1/cohorts/{cohort.id}/matching/runs", json={}).status_code == 403
    auth.logout()
    auth.login(make_user(Role.COORDINATOR).email)
    response = client.post(f"/api/v1/cohorts/{cohort.id}/matching/runs", json={})
    assert response.status_code == 404 and response.get_json()["error"] == "notfound"
    auth.logout()
    assert client.get("/api/v1/pairings").status_code == 401


def test_groups_through_the_api(client: FlaskClient, auth: AuthActions) -> None:
    cohort, _ = matching_cohort()
    coach = make_user(Role.COACH)
    from mentoring.extensions import db
    from mentoring.programmes.models import ProgrammeStaff

    db.session.add(ProgrammeStaff(programme_id=cohort.programme_id, user_id=coach.id))
    db.session.commit()
    for _ in range(8):
        make_mentee(cohort)
    auth.login(coach.email)
    suggested = client.post(
        f"/api/v1/cohorts/{cohort.id}/groups/suggestions", json={"min_size": 4, "max_size": 4}
    )
    assert suggested.status_code == 201
    groups = suggested.get_json()["groups"]
    assert [len(g["member_ids"]) for g in groups] == [4, 4]
    moved = client.post(
        f"/api/v1/groups/{groups[0]['id']}/move",
        json={"user_id": groups[0]["member_ids"][0], "target_group_id": groups[1]["id"]},
    )
    assert moved.status_code == 200 and len(moved.get_json()["member_ids"]) == 3
    bad = client.post(
        f"/api/v1/cohorts/{cohort.id}/groups/suggestions", json={"min_size": 6, "max_size": 2}
    )
    assert bad.status_code == 422
    published = client.post(
        f"/api/v1/cohorts/{cohort.id}/groups/publish", json={"cadence_weeks": 2}
    )
    assert published.status_code == 201
    assert all(
        g["status"] == "published"
        for g in client.get(f"/api/v1/cohorts/{cohort.id}/groups").get_json()["groups"]
    )


@pytest.mark.file_db
def test_large_runs_start_in_the_background_through_the_api(
    app, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    import time

    cohort, coordinator = matching_cohort()
    make_mentee(cohort)
    make_mentor(cohort)
    app.config["MATCHING_BACKGROUND_FROM"] = 1
    auth.login(coordinator.email)
    started = client.post(f"/api/v1/cohorts/{cohort.id}/matching/runs", json={})
    assert started.status_code == 202 and started.get_json()["status"] == "running"
    run_id = started.get_json()["id"]
    deadline = time.monotonic() + 30
    body = started.get_json()
    while body["status"] == "running" and time.monotonic() < deadline:
        pause(0.05)
        body = client.get(f"/api/v1/matching/runs/{run_id}").get_json()
    assert body["status"] == "draft" and body["matched"] == 1
