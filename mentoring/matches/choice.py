"""Mentee-choice programmes: participants pick among their best mentors, who answer in time.

A request that is declined or not answered in time passes on to the participant's next
choice. Accepting takes the mentor's lock, so two acceptances at the same moment cannot
both take the mentor's last place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _

from matching import match_pairs, score_pairs
from mentoring.accounts.eager import with_people
from mentoring.db import commit_or_refuse
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.locking import lock_people
from mentoring.matches.models import Answer, MentorRequest, Pairing, PairingStatus, RequestStatus
from mentoring.matches.people import build_pool, config_for, current_load
from mentoring.matches.rules import rules_for
from mentoring.matches.runs import reason_dicts
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User

CHOICES = 5


@dataclass(frozen=True)
class Suggestion:
    mentor: User
    score: float
    reasons: list[dict[str, Any]]


def choice_cohort(participant: User) -> Cohort | None:
    """The participant's open cohort in a programme where participants choose their mentor."""
    cohorts = db.session.scalars(
        sa.select(Cohort)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == participant.id, Enrollment.ended_on.is_(None))
        .order_by(Cohort.starts_on.desc())
    ).all()
    return next((c for c in cohorts if rules_for(c.programme).mode == "mentee_choice"), None)


def _asked_before(participant: User) -> set[tuple[int, int]]:
    rows = db.session.scalars(
        sa.select(MentorRequest.mentor_id).where(
            MentorRequest.mentee_id == participant.id, MentorRequest.status != RequestStatus.PENDING
        )
    )
    return {(participant.id, mentor_id) for mentor_id in rows}


def suggest_mentors(participant: User, *, now: datetime, limit: int = CHOICES) -> list[Suggestion]:
    """The participant's best mentors with room, with reasons; empty if they are paired."""
    cohort = choice_cohort(participant)
    if cohort is None:
        return []
    rules = rules_for(cohort.programme)
    pool = build_pool(cohort, rules, now=now, excluded_pairs=_asked_before(participant))
    me = next((p for p in pool.mentees if p.id == str(participant.id)), None)
    if me is None or not pool.mentors:
        return []
    config = config_for(rules)
    scores = score_pairs([me], pool.mentors, config)[0]
    order = [int(j) for j in np.argsort(-scores, kind="stable") if np.isfinite(scores[j])][:limit]
    suggestions = []
    for j in order:
        [pair] = match_pairs([me], [pool.mentors[j]], config)
        mentor = pool.users[int(pool.mentors[j].id)]
        suggestions.append(Suggestion(mentor, float(pair.score), reason_dicts(pair.details)))
    return suggestions


def pending_request(participant: User) -> MentorRequest | None:
    return db.session.scalar(
        sa.select(MentorRequest).where(
            MentorRequest.mentee_id == participant.id, MentorRequest.status == RequestStatus.PENDING
        )
    )


def request_mentor(participant: User, mentor_id: int, *, now: datetime) -> MentorRequest:
    """Ask one of the suggested mentors; the others stay in line as next choices."""
    suggestions = suggest_mentors(participant, now=now)
    ids = [s.mentor.id for s in suggestions]
    if mentor_id not in ids:
        raise ValidationError(_("Choose one of the mentors suggested to you."), field="mentor_id")
    if pending_request(participant) is not None:
        raise Conflict(_("You already have a request waiting for an answer."))
    chosen = suggestions[ids.index(mentor_id)]
    cohort = choice_cohort(participant)
    assert cohort is not None
    request = MentorRequest(
        cohort_id=cohort.id,
        mentee_id=participant.id,
        mentor_id=mentor_id,
        next_choices=[i for i in ids if i != mentor_id],
        score=chosen.score,
        reasons=chosen.reasons,
        created_at=now,
        expires_at=now + timedelta(days=rules_for(cohort.programme).request_days),
    )
    db.session.add(request)
    commit_or_refuse(db.session, Conflict(_("You already have a request waiting for an answer.")))
    return request


def requests_for(mentor: User) -> Sequence[MentorRequest]:
    return db.session.scalars(
        sa.select(MentorRequest)
        .where(MentorRequest.mentor_id == mentor.id, MentorRequest.status == RequestStatus.PENDING)
        .order_by(MentorRequest.created_at)
        .options(*with_people(MentorRequest.mentee))
    ).all()


def answer_request(mentor: User, request_id: int, *, accept: bool, now: datetime) -> MentorRequest:
    """The mentor accepts (if they still have room) or declines; a decline passes it on."""
    lock_people([mentor.id])
    request = db.session.get(MentorRequest, request_id, populate_existing=True)
    if request is None or request.mentor_id != mentor.id:
        raise NotFound(_("No such request."))
    if request.status != RequestStatus.PENDING:
        raise Conflict(_("This request has already been answered."))
    request.answered_at = now
    if not accept:
        request.status = RequestStatus.DECLINED
        _pass_on(request, now)
        db.session.commit()
        return request
    capacity = (
        db.session.scalar(sa.select(Profile.capacity).where(Profile.user_id == mentor.id)) or 0
    )
    if current_load([mentor.id])[mentor.id] >= capacity:
        db.session.rollback()
        raise Conflict(_("You have no room for another mentee now."))
    request.status = RequestStatus.ACCEPTED
    cohort = db.session.get(Cohort, request.cohort_id)
    assert cohort is not None
    weeks = rules_for(cohort.programme).planned_weeks
    db.session.add(
        Pairing(
            programme_id=cohort.programme_id,
            cohort_id=cohort.id,
            mentee_id=request.mentee_id,
            mentor_id=mentor.id,
            status=PairingStatus.ACTIVE,
            score=request.score,
            reasons=request.reasons,
            mentee_answer=Answer.ACCEPTED,
            mentor_answer=Answer.ACCEPTED,
            proposed_at=request.created_at,
            started_on=now.date(),
            planned_end_on=now.date() + timedelta(weeks=weeks),
        )
    )
    commit_or_refuse(db.session, Conflict(_("This participant already has a mentor.")))
    return request


def _pass_on(request: MentorRequest, now: datetime) -> MentorRequest | None:
    """Send the participant's request on to their next choice who still has room."""
    cohort = db.session.get(Cohort, request.cohort_id)
    assert cohort is not None
    remaining = list(request.next_choices)
    load = current_load(remaining)
    rows = sa.select(Profile.user_id, Profile.capacity).where(Profile.user_id.in_(remaining))
    capacities = {user_id: capacity for user_id, capacity in db.session.execute(rows)}
    while remaining:
        mentor_id = remaining.pop(0)
        if load[mentor_id] < capacities.get(mentor_id, 0):
            follow_up = MentorRequest(
                cohort_id=request.cohort_id,
                mentee_id=request.mentee_id,
                mentor_id=mentor_id,
                next_choices=remaining,
                created_at=now,
                expires_at=now + timedelta(days=rules_for(cohort.programme).request_days),
            )
            db.session.flush()  # the old request leaves 'pending' before the new one arrives
            db.session.add(follow_up)
            return follow_up
    return None


def expire_requests(now: datetime) -> int:
    """Requests not answered in time pass on to the next choice; return how many expired."""
    due = db.session.scalars(
        sa.select(MentorRequest).where(
            MentorRequest.status == RequestStatus.PENDING, MentorRequest.expires_at < now
        )
    ).all()
    for request in due:
        request.status = RequestStatus.EXPIRED
        _pass_on(request, now)
    db.session.commit()
    return len(due)
