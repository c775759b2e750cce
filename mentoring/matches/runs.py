"""Coordinator matching runs: propose, lock, reject, swap, re-run and publish."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from matching import Pair, Reason, explain_unmatched, match_pairs, score_pairs
from mentoring.audit.services import record
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.matches import notify
from mentoring.matches.models import MatchRun, Pairing, PairingStatus, Proposal, RunStatus
from mentoring.matches.people import build_pool, config_for
from mentoring.matches.rules import rules_for
from mentoring.programmes.members import member_count, member_ids
from mentoring.programmes.models import Cohort
from mentoring.programmes.services import get_cohort, is_staff_of
from mentoring.users.models import User
from mentoring.users.roles import Role


def reason_dicts(details: Sequence[Reason]) -> list[dict[str, Any]]:
    return [{"code": r.code, "params": dict(r.params), "text": r.text} for r in details]


def latest_draft(cohort: Cohort, kind: str = "pairs") -> MatchRun | None:
    return db.session.scalar(
        sa.select(MatchRun)
        .where(
            MatchRun.cohort_id == cohort.id,
            MatchRun.kind == kind,
            MatchRun.status == RunStatus.DRAFT,
        )
        .order_by(MatchRun.id.desc())
        .limit(1)
    )


def run_matching(cohort: Cohort, actor: User, *, now: datetime) -> MatchRun:
    """Propose pairs for everyone in the cohort still without a mentor, right away."""
    run = start_run(cohort, actor, now=now)
    return complete_run(run.id)


def start_run(cohort: Cohort, actor: User, *, now: datetime) -> MatchRun:
    """Record a run as started; `complete_run` does the work (inline or in the background)."""
    run = MatchRun(
        cohort_id=cohort.id,
        kind="pairs",
        run_by_id=actor.id,
        started_at=now,
        parameters=_parameters(rules_for(cohort.programme)),
        status=RunStatus.RUNNING,
        progress="waiting",
    )
    db.session.add(run)
    db.session.commit()
    return run


def _step(run: MatchRun, progress: str) -> None:
    run.progress = progress
    db.session.commit()


def complete_run(run_id: int) -> MatchRun:
    """Match the cohort for a started run.

    Locked proposals of the previous draft are kept as they are; its rejected ones are
    not proposed again. The previous draft is superseded.
    """
    started = time.perf_counter()
    run = db.session.get(MatchRun, run_id)
    assert run is not None and run.status == RunStatus.RUNNING
    cohort = _cohort(run)
    rules = rules_for(cohort.programme)
    previous = latest_draft(cohort)
    kept = [p for p in previous.proposals if p.locked] if previous else []
    rejected = (
        {(p.mentee_id, p.mentor_id) for p in previous.proposals if p.rejected}
        if previous
        else set()
    )
    _step(run, "reading profiles")
    pool = build_pool(
        cohort,
        rules,
        now=run.started_at,
        skip_mentees={p.mentee_id for p in kept},
        used_capacity=Counter(p.mentor_id for p in kept),
        excluded_pairs=rejected,
    )
    _step(run, "matching")
    config = config_for(rules)
    pairs = match_pairs(pool.mentees, pool.mentors, config) if pool.mentees and pool.mentors else []
    _step(run, "explaining")
    run.candidates = len(pool.mentees) + len(kept)
    run.proposals = [_copy(p) for p in kept] + [_proposal(pair) for pair in pairs]
    run.unmatched = _unmatched(pool, pairs, config)
    run.matched = len(run.proposals)
    run.total_score = round(sum(p.score for p in run.proposals), 6)
    if previous is not None:
        previous.status = RunStatus.SUPERSEDED
    run.status, run.progress = RunStatus.DRAFT, ""
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    record(
        run.run_by_id,
        "matching.run",
        object_type="match_run",
        object_id=run.id,
        cohort_id=cohort.id,
        matched=run.matched,
        unmatched=len(run.unmatched),
    )
    db.session.commit()
    return run


def running_run(cohort: Cohort) -> MatchRun | None:
    return db.session.scalar(
        sa.select(MatchRun)
        .where(
            MatchRun.cohort_id == cohort.id,
            MatchRun.kind == "pairs",
            MatchRun.status == RunStatus.RUNNING,
        )
        .order_by(MatchRun.id.desc())
        .limit(1)
    )


def waiting_count(cohort: Cohort) -> int:
    """How many people a run would consider: decides whether it runs in the background."""
    return member_count(cohort.id, Role.PARTICIPANT)


def _parameters(rules: Any) -> dict[str, Any]:
    columns = [c.key for c in rules.__table__.columns if c.key != "programme_id"]
    return {name: getattr(rules, name) for name in columns}


def _proposal(pair: Pair) -> Proposal:
    return Proposal(
        mentee_id=int(pair.mentee_id),
        mentor_id=int(pair.mentor_id),
        score=float(pair.score),
        reasons=reason_dicts(pair.details),
    )


def _copy(proposal: Proposal) -> Proposal:
    return Proposal(
        mentee_id=proposal.mentee_id,
        mentor_id=proposal.mentor_id,
        score=proposal.score,
        reasons=proposal.reasons,
        locked=True,
    )


def _unmatched(pool: Any, pairs: list[Pair], config: Any) -> list[list[Any]]:
    if not pool.mentees:
        return []
    if not pool.mentors:
        return [[int(p.id), _("No mentor in this cohort has room.")] for p in pool.mentees]
    return [
        [int(i), reason]
        for i, reason in explain_unmatched(pool.mentees, pool.mentors, pairs, config)
    ]


def get_run(viewer: User, run_id: int) -> MatchRun:
    run = db.session.get(MatchRun, run_id)
    if run is None or not is_staff_of(viewer, _cohort(run).programme_id):
        raise NotFound(_("No such matching run."))
    return run


def _cohort(run: MatchRun) -> Cohort:
    cohort = db.session.get(Cohort, run.cohort_id)
    assert cohort is not None
    return cohort


def _draft_proposal(viewer: User, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(_("No such proposal."))
    run = get_run(viewer, proposal.run_id)
    if run.status != RunStatus.DRAFT:
        raise Conflict(_("This run is no longer a draft; run the matching again."))
    return proposal


def set_locked(viewer: User, proposal_id: int, locked: bool) -> Proposal:
    proposal = _draft_proposal(viewer, proposal_id)
    proposal.locked, proposal.rejected = locked, False if locked else proposal.rejected
    record(
        viewer.id,
        "matching.lock" if locked else "matching.unlock",
        subject_user_id=proposal.mentee_id,
        object_type="proposal",
        object_id=proposal.id,
    )
    db.session.commit()
    return proposal


def set_rejected(viewer: User, proposal_id: int, rejected: bool) -> Proposal:
    proposal = _draft_proposal(viewer, proposal_id)
    proposal.rejected, proposal.locked = rejected, False if rejected else proposal.locked
    record(
        viewer.id,
        "matching.reject" if rejected else "matching.unreject",
        subject_user_id=proposal.mentee_id,
        object_type="proposal",
        object_id=proposal.id,
    )
    db.session.commit()
    return proposal


def preview_pair(
    viewer: User, run: MatchRun, mentee_id: int, mentor_id: int, *, now: datetime
) -> Pair:
    """Score one mentee with one mentor under the rules, or say which rule forbids the pair."""
    cohort = _cohort(run)
    rules = rules_for(cohort.programme)
    others = [p for p in run.proposals if p.mentee_id != mentee_id and not p.rejected]
    pool = build_pool(cohort, rules, now=now, used_capacity=Counter(p.mentor_id for p in others))
    mentee = next((p for p in pool.mentees if p.id == str(mentee_id)), None)
    if mentee is None:
        raise ValidationError(
            _("This person is not waiting for a mentor in this cohort."), field="mentee"
        )
    mentor = next((p for p in pool.mentors if p.id == str(mentor_id)), None)
    if mentor is None:
        raise ValidationError(
            _("This mentor has no room, is away, or is not in this cohort."), field="mentor"
        )
    config = config_for(rules)
    score = float(score_pairs([mentee], [mentor], config)[0, 0])
    if math.isinf(score):
        [(_id, reason)] = explain_unmatched([mentee], [mentor], [], config)
        raise ValidationError(
            _("This pair breaks a rule: %(reason)s", reason=reason), field="mentor"
        )
    [pair] = match_pairs([mentee], [mentor], config)
    return pair


def swap(viewer: User, proposal_id: int, mentor_id: int, *, now: datetime) -> Proposal:
    """Give the proposal's mentee another mentor; refused with the reason if a rule forbids it."""
    proposal = _draft_proposal(viewer, proposal_id)
    pair = preview_pair(viewer, proposal.run, proposal.mentee_id, mentor_id, now=now)
    before = proposal.mentor_id
    proposal.mentor_id, proposal.score = mentor_id, float(pair.score)
    proposal.reasons, proposal.rejected = reason_dicts(pair.details), False
    record(
        viewer.id,
        "matching.swap",
        subject_user_id=proposal.mentee_id,
        object_type="proposal",
        object_id=proposal.id,
        mentor_before=before,
        mentor_after=mentor_id,
    )
    db.session.commit()
    return proposal


def publish(viewer: User, run_id: int, *, now: datetime) -> list[Pairing]:
    """Turn the draft's accepted proposals into pairings waiting for both people's answers."""
    run = get_run(viewer, run_id)
    if run.status != RunStatus.DRAFT:
        raise Conflict(_("This run is no longer a draft; run the matching again."))
    cohort = _cohort(run)
    pairings = [
        Pairing(
            programme_id=cohort.programme_id,
            cohort_id=cohort.id,
            mentee_id=p.mentee_id,
            mentor_id=p.mentor_id,
            run_id=run.id,
            status=PairingStatus.PROPOSED,
            score=p.score,
            reasons=p.reasons,
            proposed_at=now,
        )
        for p in run.proposals
        if not p.rejected
    ]
    db.session.add_all(pairings)
    db.session.flush()
    for pairing in pairings:
        notify.pairing_event(pairing, "proposed", now)
    run.status = RunStatus.PUBLISHED
    record(
        viewer.id,
        "matching.publish",
        object_type="match_run",
        object_id=run.id,
        pairings=len(pairings),
    )
    db.session.commit()
    return pairings


def runs_for(cohort_id: int, viewer: User) -> Sequence[MatchRun]:
    cohort = get_cohort(viewer, cohort_id)
    return db.session.scalars(
        sa.select(MatchRun)
        .where(MatchRun.cohort_id == cohort.id)
        .order_by(MatchRun.id.desc())
        .limit(20)
    ).all()


def people_of(run: MatchRun) -> dict[int, User]:
    """The users a run's proposals and unmatched list mention, by id."""
    ids = {p.mentee_id for p in run.proposals} | {p.mentor_id for p in run.proposals}
    ids |= {int(row[0]) for row in run.unmatched}
    return {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


def swap_candidates(viewer: User, proposal_id: int) -> tuple[Proposal, list[User]]:
    """The proposal and the mentors of its cohort, to pick another one from."""
    proposal = _draft_proposal(viewer, proposal_id)
    mentors = db.session.scalars(
        sa.select(User)
        .where(User.id.in_(member_ids(proposal.run.cohort_id, Role.MENTOR)))
        .order_by(User.name)
    ).all()
    return proposal, list(mentors)
