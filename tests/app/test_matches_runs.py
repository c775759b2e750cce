"""Coordinators run matching for a cohort, adjust proposals and publish them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from mentoring.audit.services import entries
from mentoring.errors import Conflict, ValidationError
from mentoring.extensions import db
from mentoring.matches import pairings, runs
from mentoring.matches.models import Pairing
from mentoring.matches.rules import rules_for, update_rules
from tests.matches_factories import make_mentee, make_mentor, matching_cohort

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC).replace(tzinfo=None)
TODAY = date(2026, 11, 2)


@pytest.fixture
def setup(app):  # type: ignore[no-untyped-def]
    cohort, coordinator = matching_cohort()
    return cohort, coordinator


def test_run_proposes_pairs_with_reasons_and_explains_who_is_left(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    anna = make_mentee(cohort, wants={"Python": 3}, languages=("sv", "ar"))
    tigist = make_mentee(cohort, languages=("ti",))
    mentor = make_mentor(cohort, offers={"Python": 4}, languages=("sv", "ar"))
    run = runs.run_matching(cohort, coordinator, now=NOW)
    assert [(p.mentee_id, p.mentor_id) for p in run.proposals] == [(anna.id, mentor.id)]
    texts = " ".join(r["text"] for r in run.proposals[0].reasons)
    assert "Python" in texts
    assert [row[0] for row in run.unmatched] == [tigist.id]
    assert "language" in run.unmatched[0][1]
    assert run.matched == 1 and run.candidates == 2 and run.total_score > 0
    assert entries(action="matching.run")[0].actor_id == coordinator.id


def test_mentor_capacity_counts_current_mentees(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    mentees = [make_mentee(cohort) for _ in range(3)]
    mentor = make_mentor(cohort, capacity=2)
    run = runs.run_matching(cohort, coordinator, now=NOW)
    assert len(run.proposals) == 2
    runs.publish(coordinator, run.id, now=NOW)
    again = runs.run_matching(cohort, coordinator, now=NOW)
    assert again.proposals == []
    assert {row[0] for row in again.unmatched} <= {m.id for m in mentees}
    assert mentor.id not in {p.mentee_id for p in again.proposals}


def test_locked_proposals_are_kept_and_rejected_ones_not_proposed_again(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    first, second = make_mentee(cohort), make_mentee(cohort)
    mentor_a = make_mentor(cohort, capacity=1)
    mentor_b = make_mentor(cohort, capacity=1)
    run = runs.run_matching(cohort, coordinator, now=NOW)
    by_mentee = {p.mentee_id: p for p in run.proposals}
    runs.set_locked(coordinator, by_mentee[first.id].id, True)
    runs.set_rejected(coordinator, by_mentee[second.id].id, True)
    rejected_mentor = by_mentee[second.id].mentor_id
    rerun = runs.run_matching(cohort, coordinator, now=NOW)
    kept = {p.mentee_id: p for p in rerun.proposals}
    assert kept[first.id].locked and kept[first.id].mentor_id == by_mentee[first.id].mentor_id
    assert second.id not in kept or kept[second.id].mentor_id != rejected_mentor
    assert db.session.get(type(run), run.id).status == "superseded"  # type: ignore[union-attr]
    assert {mentor_a.id, mentor_b.id} >= {p.mentor_id for p in rerun.proposals}


def test_swap_shows_the_new_score_or_refuses_a_rule_breaking_pair(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    mentee = make_mentee(cohort, languages=("sv",))
    make_mentor(cohort, languages=("sv",), offers={"Python": 5})
    other = make_mentor(cohort, languages=("sv",), offers={"Excel": 3}, capacity=2)
    finnish_only = make_mentor(cohort, languages=("fi",))
    run = runs.run_matching(cohort, coordinator, now=NOW)
    proposal = run.proposals[0]
    with pytest.raises(ValidationError, match="breaks a rule"):
        runs.swap(coordinator, proposal.id, finnish_only.id, now=NOW)
    assert db.session.get(type(proposal), proposal.id).mentor_id != finnish_only.id  # type: ignore[union-attr]
    swapped = runs.swap(coordinator, proposal.id, other.id, now=NOW)
    assert swapped.mentor_id == other.id and swapped.mentee_id == mentee.id
    assert 0 <= swapped.score <= 1
    assert entries(action="matching.swap")[0].details["mentor_after"] == other.id


def test_publish_creates_proposed_pairings_once(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    make_mentee(cohort)
    make_mentor(cohort)
    run = runs.run_matching(cohort, coordinator, now=NOW)
    [pairing] = runs.publish(coordinator, run.id, now=NOW)
    assert pairing.status == "proposed" and pairing.reasons == run.proposals[0].reasons
    with pytest.raises(Conflict):
        runs.publish(coordinator, run.id, now=NOW)


def test_accept_by_both_starts_the_pairing(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    mentee, mentor = make_mentee(cohort), make_mentor(cohort)
    [pairing] = runs.publish(
        coordinator, runs.run_matching(cohort, coordinator, now=NOW).id, now=NOW
    )
    pairings.answer(mentee, pairing.id, accept=True, reason="", now=NOW)
    assert pairing.status == "proposed"
    pairings.answer(mentor, pairing.id, accept=True, reason="", now=NOW)
    assert pairing.status == "active" and pairing.started_on == TODAY
    assert (pairing.planned_end_on - TODAY).days == 7 * rules_for(cohort.programme).planned_weeks  # type: ignore[operator]


def test_declined_pair_returns_to_the_pool_and_is_excluded_next_time(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    mentee = make_mentee(cohort)
    mentor = make_mentor(cohort)
    second_mentor = make_mentor(cohort, offers={"Python": 3})
    first = runs.run_matching(cohort, coordinator, now=NOW)
    assert first.proposals[0].mentor_id == mentor.id
    [pairing] = runs.publish(coordinator, first.id, now=NOW)
    pairings.answer(mentor, pairing.id, accept=False, reason="No time this term", now=NOW)
    assert pairing.status == "declined" and pairing.decline_reason == "No time this term"
    rerun = runs.run_matching(cohort, coordinator, now=NOW)
    assert [(p.mentee_id, p.mentor_id) for p in rerun.proposals] == [(mentee.id, second_mentor.id)]


def test_not_a_fit_ends_the_pairing_and_excludes_the_pair(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    mentee, mentor = make_mentee(cohort), make_mentor(cohort)
    [pairing] = runs.publish(
        coordinator, runs.run_matching(cohort, coordinator, now=NOW).id, now=NOW
    )
    for person in (mentee, mentor):
        pairings.answer(person, pairing.id, accept=True, reason="", now=NOW)
    pairings.first_feedback(mentee, pairing.id, rating=2, verdict=None, today=TODAY)
    pairings.first_feedback(mentor, pairing.id, rating=None, verdict="not_a_fit", today=TODAY)
    assert (pairing.status, pairing.end_reason, pairing.mentee_rating) == ("ended", "not_a_fit", 2)
    assert runs.run_matching(cohort, coordinator, now=NOW).proposals == []


def test_one_current_pairing_per_mentee_is_enforced_by_the_database(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    mentee, mentor = make_mentee(cohort), make_mentor(cohort, capacity=3)
    db.session.add(
        Pairing(programme_id=cohort.programme_id, mentee_id=mentee.id, mentor_id=mentor.id)
    )
    db.session.commit()
    db.session.add(
        Pairing(programme_id=cohort.programme_id, mentee_id=mentee.id, mentor_id=mentor.id)
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_mentor_away_is_left_out_of_runs(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    make_mentee(cohort)
    mentor = make_mentor(cohort)
    pairings.set_away(mentor, starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    run = runs.run_matching(cohort, coordinator, now=NOW)
    assert run.proposals == [] and run.unmatched


def test_pairings_end_when_their_planned_time_has_passed_unless_extended(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    people = [(make_mentee(cohort), make_mentor(cohort)) for _ in range(2)]
    published = runs.publish(
        coordinator, runs.run_matching(cohort, coordinator, now=NOW).id, now=NOW
    )
    for pairing in published:
        for person_id in (pairing.mentee_id, pairing.mentor_id):
            person = next(p for pair in people for p in pair if p.id == person_id)
            pairings.answer(person, pairing.id, accept=True, reason="", now=NOW)
    pairings.extend(coordinator, published[0].id, 4)
    later = published[1].planned_end_on.fromordinal(published[1].planned_end_on.toordinal() + 1)  # type: ignore[union-attr]
    assert pairings.end_expired(later) == 1
    assert published[1].status == "ended" and published[1].end_reason == "completed"
    assert published[0].status == "active"


def test_rules_change_applies_to_the_next_run_and_is_audited(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, coordinator = setup
    rules = rules_for(cohort.programme)
    values = {
        c: getattr(rules, c)
        for c in (
            "skills_weight",
            "goals_weight",
            "interests_weight",
            "text_weight",
            "place_weight",
            "hours_weight",
            "min_common_hours",
            "objective",
            "mode",
            "planned_weeks",
            "request_days",
            "same_municipality",
            "honour_same_gender",
        )
    }
    values["min_common_hours"] = 30
    make_mentee(cohort)
    make_mentor(cohort)
    update_rules(cohort.programme, coordinator, values)
    run = runs.run_matching(cohort, coordinator, now=NOW)
    assert run.proposals == [] and run.parameters["min_common_hours"] == 30
    [entry] = entries(action="matching_rules.changed")
    assert entry.details["changes"]["min_common_hours"] == [1, 30]
    values["skills_weight"] = 2
    with pytest.raises(ValidationError):
        update_rules(cohort.programme, coordinator, values)


def test_both_people_are_told_about_proposals_answers_and_groups(setup) -> None:  # type: ignore[no-untyped-def]
    from mentoring.outbox.models import OutboxMessage

    cohort, coordinator = setup
    mentee, mentor = make_mentee(cohort), make_mentor(cohort)
    [pairing] = runs.publish(
        coordinator, runs.run_matching(cohort, coordinator, now=NOW).id, now=NOW
    )
    pairings.answer(mentor, pairing.id, accept=False, reason="", now=NOW)
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.recipient_id, r.kind, r.occasion) for r in rows] == [
        (mentee.id, "match", f"pairing:{pairing.id}:proposed"),
        (mentor.id, "match", f"pairing:{pairing.id}:proposed"),
        (mentee.id, "match", f"pairing:{pairing.id}:declined"),
    ]


def test_silent_mentors_get_no_new_mentees_until_they_are_active_again(setup) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from mentoring.profiles.services import profile_of

    cohort, coordinator = setup
    make_mentee(cohort)
    mentor = make_mentor(cohort)
    long_ago = NOW - timedelta(days=40)
    mentor.created_at = mentor.last_login_at = long_ago
    profile_of(mentor).updated_at = long_ago  # type: ignore[union-attr]
    db.session.commit()
    assert runs.run_matching(cohort, coordinator, now=NOW).proposals == []
    mentor.last_login_at = NOW - timedelta(days=1)
    db.session.commit()
    assert [p.mentor_id for p in runs.run_matching(cohort, coordinator, now=NOW).proposals] == [
        mentor.id
    ]


def test_a_wish_for_a_mentor_of_ones_own_gender_is_honoured(setup) -> None:  # type: ignore[no-untyped-def]
    from mentoring.profiles.services import profile_of

    cohort, coordinator = setup
    mentee = make_mentee(cohort)
    man = make_mentor(cohort, offers={"Python": 5})
    woman = make_mentor(cohort, offers={"Python": 3})
    for person, gender in ((mentee, "woman"), (man, "man"), (woman, "woman")):
        profile_of(person).gender = gender  # type: ignore[union-attr]
    profile_of(mentee).same_gender_mentor = True  # type: ignore[union-attr]
    db.session.commit()
    assert [p.mentor_id for p in runs.run_matching(cohort, coordinator, now=NOW).proposals] == [
        woman.id
    ]


def test_a_programme_with_a_faster_rhythm_flags_silent_mentors_sooner(setup) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from mentoring.activity.models import EngagementSettings
    from mentoring.profiles.services import profile_of

    cohort, coordinator = setup
    make_mentee(cohort)
    mentor = make_mentor(cohort)
    quiet = NOW - timedelta(days=13)
    mentor.created_at = mentor.last_login_at = quiet
    profile_of(mentor).updated_at = quiet  # type: ignore[union-attr]
    db.session.commit()
    assert len(runs.run_matching(cohort, coordinator, now=NOW).proposals) == 1  # 13 < 28 days
    db.session.add(EngagementSettings(programme_id=cohort.programme_id, nudge_days=3))
    db.session.commit()
    assert runs.run_matching(cohort, coordinator, now=NOW).proposals == []  # 13 >= 4 x 3 days
