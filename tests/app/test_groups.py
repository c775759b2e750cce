"""Coaches form mastermind groups from suggestions, move members, lock, and publish."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.audit.services import entries
from mentoring.errors import Conflict, ValidationError
from mentoring.extensions import db
from mentoring.groups import services
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_cohort, make_programme, make_user
from tests.matches_factories import WEEKDAY_EVENINGS, make_mentee

NOW = datetime(2026, 11, 2, 9, 0)


@pytest.fixture
def cohort_with_people(app):  # type: ignore[no-untyped-def]
    coach = make_user(Role.COACH)
    cohort = make_cohort(make_programme(staff=(coach,)))
    people = [make_mentee(cohort, wants={"Excel": 2}) for _ in range(8)]
    return cohort, coach, people


def test_suggestions_respect_sizes_and_share_hours_and_language(cohort_with_people) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, people = cohort_with_people
    run = services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    groups = services.groups_of(cohort)
    assert [len(g.members) for g in groups] == [4, 4]
    assert {m.user_id for g in groups for m in g.members} == {p.id for p in people}
    for group in groups:
        assert group.language == "sv" and set(group.common_hours) <= set(WEEKDAY_EVENINGS)
        assert group.common_hours and group.reasons
    assert run.kind == "groups" and run.unmatched == []


def test_people_who_cannot_be_placed_are_listed_with_a_reason(cohort_with_people) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    loner = make_mentee(cohort, languages=("ti",))
    run = services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    assert [row[0] for row in run.unmatched] == [loner.id]


def test_move_shows_new_scores_and_refuses_a_group_without_common_language(
    cohort_with_people,
) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    first, second = services.groups_of(cohort)
    member = first.member_ids[0]
    preview = services.preview_move(coach, first.id, member, second.id, now=NOW)
    assert preview.target is not None and member in preview.target.member_ids
    assert "The group would have 5 members." in preview.target.problems  # shown, not blocking
    services.move_member(coach, first.id, member, second.id, now=NOW)
    assert member in services.get_group(coach, second.id).member_ids
    assert member not in services.get_group(coach, first.id).member_ids
    finnish = PeerGroup(cohort_id=cohort.id, coach_id=coach.id, name="Finnish speakers")
    finnish.members = [
        PeerGroupMember(user_id=make_mentee(cohort, languages=("fi",)).id) for _ in range(3)
    ]
    db.session.add(finnish)
    db.session.commit()
    blocked = services.preview_move(coach, second.id, member, finnish.id, now=NOW)
    assert blocked.blocking and "The members share no language." in blocked.target.problems  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="breaks a rule"):
        services.move_member(coach, second.id, member, finnish.id, now=NOW)
    assert member in services.get_group(coach, second.id).member_ids


def test_locked_groups_are_kept_when_suggesting_again(cohort_with_people) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    keep = services.groups_of(cohort)[0]
    services.set_locked(coach, keep.id, True)
    members = set(keep.member_ids)
    with pytest.raises(Conflict):
        services.preview_move(coach, keep.id, next(iter(members)), None, now=NOW)
    services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    groups = services.groups_of(cohort)
    assert any(g.id == keep.id and set(g.member_ids) == members for g in groups)
    assert len(groups) == 2


def test_published_group_is_shown_to_its_members(
    cohort_with_people, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, people = cohort_with_people
    services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    [first, _second] = services.publish_groups(coach, cohort, cadence_weeks=2, now=NOW)
    assert first.meeting_hour in first.common_hours
    from mentoring.outbox.models import OutboxMessage

    occasions = set(
        db.session.scalars(sa.select(OutboxMessage.occasion).where(OutboxMessage.kind == "group"))
    )
    assert occasions == {f"group:{first.id}:published", f"group:{_second.id}:published"}
    member = next(p for p in people if p.id in first.member_ids)
    outsider = next(p for p in people if p.id not in first.member_ids)
    auth.login(member.email)
    page = client.get("/my/matches").get_data(as_text=True)
    assert first.name in page and "every 2 weeks" in page and coach.name in page
    auth.logout()
    auth.login(outsider.email)
    assert first.name not in client.get("/my/matches").get_data(as_text=True)


def test_coach_of_another_programme_cannot_see_the_groups(
    cohort_with_people, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    stranger = make_user(Role.COACH)
    make_programme(staff=(stranger,))
    auth.login(stranger.email)
    assert client.get(f"/cohorts/{cohort.id}/groups").status_code == 404
    group = services.groups_of(cohort)[0]
    assert client.post(f"/groups/{group.id}/lock").status_code == 404


def test_group_sizes_are_checked(cohort_with_people) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    with pytest.raises(ValidationError):
        services.suggest_groups(cohort, coach, min_size=6, max_size=4, balance=(), now=NOW)


def test_coach_uses_the_group_pages(
    cohort_with_people, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    auth.login(coach.email)
    assert client.get(f"/cohorts/{cohort.id}/groups").status_code == 200
    suggest = client.post(
        f"/cohorts/{cohort.id}/groups/suggest", data={"min_size": "4", "max_size": "4"}
    )
    assert suggest.status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/groups").get_data(as_text=True)
    assert "Group 1" in page and "Group 2" in page and "Mean group score" in page
    first, second = services.groups_of(cohort)
    member = first.member_ids[0]
    preview = client.get(f"/groups/{first.id}/move?user_id={member}&target={second.id}")
    assert preview.status_code == 200 and "The group would have 5 members." in preview.get_data(
        as_text=True
    )
    assert (
        client.post(
            f"/groups/{first.id}/move", data={"user_id": member, "target": second.id}
        ).status_code
        == 302
    )
    assert (
        client.post(f"/cohorts/{cohort.id}/groups/publish", data={"cadence_weeks": "2"}).status_code
        == 302
    )
    assert all(g.status == "published" for g in services.groups_of(cohort))


def test_coach_sets_the_meeting_time_to_an_hour_all_members_have(
    cohort_with_people, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    cohort, coach, _ = cohort_with_people
    services.suggest_groups(cohort, coach, min_size=4, max_size=4, balance=(), now=NOW)
    group = services.publish_groups(coach, cohort, cadence_weeks=1, now=NOW)[0]
    auth.login(coach.email)
    chosen = group.common_hours[-1]
    assert (
        client.post(
            f"/groups/{group.id}/meeting", data={"meeting_hour": chosen, "cadence_weeks": 3}
        ).status_code
        == 302
    )
    db.session.refresh(group)
    assert (group.meeting_hour, group.cadence_weeks) == (chosen, 3)
    outside = next(h for h in range(168) if h not in group.common_hours)
    client.post(f"/groups/{group.id}/meeting", data={"meeting_hour": outside, "cadence_weeks": 3})
    db.session.refresh(group)
    assert group.meeting_hour == chosen
    assert [e.action for e in entries(object_type="peer_group")] == ["groups.meeting_time"]
