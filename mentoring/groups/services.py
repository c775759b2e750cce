"""Coaches form mastermind groups from the matcher's suggestions, adjust and publish them."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _

from matching import MatchConfig, Person, form_groups, score_peers
from mentoring.accounts.eager import with_people
from mentoring.audit.services import record
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.groups import notify
from mentoring.groups.models import GroupStatus, PeerGroup, PeerGroupMember
from mentoring.matches.models import MatchRun
from mentoring.matches.people import participants_of
from mentoring.matches.runs import reason_dicts
from mentoring.programmes.models import Cohort
from mentoring.programmes.services import is_staff_of
from mentoring.users.models import User
from mentoring.users.roles import Role

MIN_HOURS = 1

# What groups can be balanced on: the only background attribute the matcher is given.
BALANCE_ATTRIBUTES = ("gender",)


def groups_of(cohort: Cohort, *, status: str | None = None) -> Sequence[PeerGroup]:
    query = sa.select(PeerGroup).where(PeerGroup.cohort_id == cohort.id).order_by(PeerGroup.id)
    if status:
        query = query.where(PeerGroup.status == status)
    return db.session.scalars(query).all()


def _kept(cohort: Cohort) -> list[PeerGroup]:
    return [g for g in groups_of(cohort) if g.locked or g.status == GroupStatus.PUBLISHED]


def suggest_groups(
    cohort: Cohort,
    coach: User,
    *,
    min_size: int,
    max_size: int,
    balance: tuple[str, ...],
    now: datetime,
) -> MatchRun:
    """Replace the unlocked draft groups with new suggestions for everyone not yet in a group."""
    if not 2 <= min_size <= max_size <= 12:
        raise ValidationError(
            _("Give group sizes from 2 to 12, the smallest first."), field="min_size"
        )
    started = time.perf_counter()
    kept = _kept(cohort)
    placed = {uid for g in kept for uid in g.member_ids}
    people, _users = participants_of(cohort, now=now)
    pool = [p for p in people if int(p.id) not in placed]
    config = MatchConfig(
        balance_attributes=balance, min_common_hours=MIN_HOURS, random_state=cohort.id
    )
    result = form_groups(pool, config, min_size, max_size) if len(pool) >= min_size else None
    for group in groups_of(cohort, status=GroupStatus.DRAFT):
        if not group.locked:
            db.session.delete(group)
    run = MatchRun(
        cohort_id=cohort.id,
        kind="groups",
        run_by_id=coach.id,
        started_at=now,
        parameters={"min_size": min_size, "max_size": max_size, "balance": list(balance)},
        candidates=len(pool),
    )
    db.session.add(run)
    db.session.flush()
    number = len(kept)
    for suggestion in result.groups if result else []:
        number += 1
        group = PeerGroup(
            cohort_id=cohort.id,
            coach_id=coach.id,
            run_id=run.id,
            name=_("Group %(number)d", number=number),
            language=suggestion.language,
            common_hours=list(suggestion.common_hours),
            score=float(suggestion.score),
            reasons=reason_dicts(suggestion.details),
        )
        group.members = [PeerGroupMember(user_id=int(i)) for i in suggestion.member_ids]
        db.session.add(group)
    if result is not None:
        run.unmatched = [[int(i), reason] for i, reason in result.unplaced]
    else:
        run.unmatched = [[int(p.id), _("Too few people left to form a group.")] for p in pool]
    run.matched = sum(len(g.member_ids) for g in result.groups) if result else 0
    run.total_score = round(result.mean_score, 6) if result and result.groups else 0.0
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    record(
        coach.id, "groups.suggest", object_type="match_run", object_id=run.id, cohort_id=cohort.id
    )
    db.session.commit()
    return run


def get_group(viewer: User, group_id: int) -> PeerGroup:
    group = db.session.get(PeerGroup, group_id)
    if group is None or not _may_manage(viewer, group):
        raise NotFound(_("No such group."))
    return group


def _may_manage(viewer: User, group: PeerGroup) -> bool:
    cohort = db.session.get(Cohort, group.cohort_id)
    return (
        cohort is not None
        and viewer.has_role(Role.COACH, Role.COORDINATOR, Role.ADMIN)
        and is_staff_of(viewer, cohort.programme_id)
    )


@dataclass
class GroupCheck:
    """A group as it would be: its score, what it shares, and which rules it breaks."""

    member_ids: list[int]
    score: float
    common_hours: list[int]
    languages: list[str]
    problems: list[str] = field(default_factory=list)
    blocking: bool = False


def check_group(
    members: list[Person], *, min_size: int, max_size: int, balance: tuple[str, ...]
) -> GroupCheck:
    ids = [int(p.id) for p in members]
    hours = sorted(set.intersection(*(set(p.availability) for p in members))) if members else []
    languages = sorted(set.intersection(*(set(p.languages) for p in members))) if members else []
    check = GroupCheck(ids, _mean_score(members), hours, languages)
    if members and not languages:
        check.problems.append(_("The members share no language."))
        check.blocking = True
    if members and len(hours) < MIN_HOURS:
        check.problems.append(_("The members have no weekly hour in common."))
        check.blocking = True
    if members and not min_size <= len(members) <= max_size:
        check.problems.append(_("The group would have %(count)d members.", count=len(members)))
    for attribute in balance:
        counts = Counter(
            p.attributes.get(attribute) for p in members if p.attributes.get(attribute)
        )
        if any(n == 1 for n in counts.values()) and len(counts) > 1:
            check.problems.append(_("Someone would be the only one of their gender in the group."))
    return check


def _mean_score(members: list[Person]) -> float:
    if len(members) < 2:
        return 0.0
    scores = score_peers(members, MatchConfig())
    upper = scores[np.triu_indices(len(members), k=1)]
    return float(mean(upper.tolist()))


@dataclass
class MovePreview:
    """What moving one member would do to the group they leave and the one they join."""

    user_id: int
    source: GroupCheck
    target: GroupCheck | None
    target_id: int | None

    @property
    def blocking(self) -> bool:
        return self.source.blocking or bool(self.target and self.target.blocking)


def _settings(group: PeerGroup) -> tuple[int, int, tuple[str, ...]]:
    run = db.session.get(MatchRun, group.run_id) if group.run_id else None
    params = run.parameters if run else {}
    return (
        int(params.get("min_size", 4)),
        int(params.get("max_size", 8)),
        tuple(params.get("balance", ("gender",))),
    )


def preview_move(
    viewer: User, group_id: int, user_id: int, target_id: int | None, *, now: datetime
) -> MovePreview:
    """Score both groups as they would be after the move and list the rules it would break."""
    group = get_group(viewer, group_id)
    if user_id not in group.member_ids:
        raise ValidationError(_("This person is not in the group."), field="user_id")
    target = get_group(viewer, target_id) if target_id else None
    if target is not None and (target.cohort_id != group.cohort_id or target.id == group.id):
        raise ValidationError(_("Choose another group of the same cohort."), field="target")
    if group.locked or (target is not None and target.locked):
        raise Conflict(_("Unlock the group before changing it."))
    cohort = db.session.get(Cohort, group.cohort_id)
    assert cohort is not None
    people, _users = participants_of(cohort, now=now)
    by_id = {int(p.id): p for p in people}
    min_size, max_size, balance = _settings(group)
    leaving = [by_id[i] for i in group.member_ids if i != user_id and i in by_id]
    source = check_group(leaving, min_size=min_size, max_size=max_size, balance=balance)
    joined = None
    if target is not None:
        members = [by_id[i] for i in target.member_ids if i in by_id] + [by_id[user_id]]
        joined = check_group(members, min_size=min_size, max_size=max_size, balance=balance)
    return MovePreview(user_id, source, joined, target.id if target else None)


def move_member(
    viewer: User, group_id: int, user_id: int, target_id: int | None, *, now: datetime
) -> MovePreview:
    """Move a member (or take them out); refused when a group would share no language or hour."""
    preview = preview_move(viewer, group_id, user_id, target_id, now=now)
    if preview.blocking:
        problems = preview.source.problems + (preview.target.problems if preview.target else [])
        raise ValidationError(
            _("This move breaks a rule: %(problems)s", problems=" ".join(problems))
        )
    group = get_group(viewer, group_id)
    group.members = [m for m in group.members if m.user_id != user_id]
    _apply(group, preview.source)
    if target_id is not None and preview.target is not None:
        target = get_group(viewer, target_id)
        target.members.append(PeerGroupMember(user_id=user_id))
        _apply(target, preview.target)
    record(
        viewer.id,
        "groups.move",
        subject_user_id=user_id,
        object_type="peer_group",
        object_id=group_id,
        to_group=target_id,
    )
    db.session.commit()
    return preview


def _apply(group: PeerGroup, check: GroupCheck) -> None:
    group.score = check.score
    group.common_hours = check.common_hours
    group.language = (
        group.language if group.language in check.languages else (check.languages or [None])[0]
    )


def set_locked(viewer: User, group_id: int, locked: bool) -> PeerGroup:
    group = get_group(viewer, group_id)
    group.locked = locked
    record(
        viewer.id,
        "groups.lock" if locked else "groups.unlock",
        object_type="peer_group",
        object_id=group.id,
    )
    db.session.commit()
    return group


def publish_groups(
    viewer: User, cohort: Cohort, *, cadence_weeks: int, now: datetime
) -> list[PeerGroup]:
    """Publish every draft group; members then see their group, coach and meeting time."""
    if not 1 <= cadence_weeks <= 8:
        raise ValidationError(_("Meet every 1 to 8 weeks."), field="cadence_weeks")
    drafts = [g for g in groups_of(cohort, status=GroupStatus.DRAFT) if g.members]
    for group in drafts:
        group.status, group.published_at = GroupStatus.PUBLISHED, now
        group.cadence_weeks = cadence_weeks
        group.meeting_hour = (
            group.meeting_hour if group.meeting_hour is not None else _first(group.common_hours)
        )
        group.coach_id = group.coach_id or viewer.id
        notify.group_published(group, now)
    record(
        viewer.id, "groups.publish", object_type="cohort", object_id=cohort.id, groups=len(drafts)
    )
    db.session.commit()
    return drafts


def _first(hours: list[int]) -> int | None:
    return hours[0] if hours else None


def set_meeting_hour(viewer: User, group_id: int, hour: int, cadence_weeks: int) -> PeerGroup:
    group = get_group(viewer, group_id)
    if hour not in group.common_hours:
        raise ValidationError(_("Choose an hour all members have free."), field="meeting_hour")
    if not 1 <= cadence_weeks <= 8:
        raise ValidationError(_("Meet every 1 to 8 weeks."), field="cadence_weeks")
    group.meeting_hour, group.cadence_weeks = hour, cadence_weeks
    record(
        viewer.id,
        "groups.meeting_time",
        object_type="peer_group",
        object_id=group.id,
        meeting_hour=hour,
        cadence_weeks=cadence_weeks,
    )
    db.session.commit()
    return group


def groups_of_member(user: User) -> Sequence[PeerGroup]:
    return db.session.scalars(
        sa.select(PeerGroup)
        .join(PeerGroupMember)
        .where(PeerGroupMember.user_id == user.id, PeerGroup.status == GroupStatus.PUBLISHED)
        .order_by(PeerGroup.published_at.desc())
        .options(*with_people(PeerGroup.coach))
    ).all()


def latest_group_run(cohort: Cohort) -> MatchRun | None:
    return db.session.scalar(
        sa.select(MatchRun)
        .where(MatchRun.cohort_id == cohort.id, MatchRun.kind == "groups")
        .order_by(MatchRun.id.desc())
        .limit(1)
    )


def people_named(
    cohort: Cohort, groups: Sequence[PeerGroup], run: MatchRun | None
) -> dict[int, User]:
    """Every user the groups page mentions, by id, in one query."""
    ids = {m.user_id for g in groups for m in g.members}
    ids |= {int(row[0]) for row in run.unmatched} if run else set()
    return {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
