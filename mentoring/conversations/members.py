"""Who belongs to a thread: the two people of a pairing or route, a group's coach and members.

A thread is named by its subject (``kind``, ``subject_id``); only its members see it, everyone
else is told it does not exist. A pairing's thread opens when the pairing starts and stays
readable, not writable, after it ends; a route's while it is open; a group's once published.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.programmes.models import Cohort
from mentoring.users.models import User

#: Pairing statuses with a thread; only the first two may be written in.
PAIRING_OPEN = ("active", "paused")
PAIRING_VISIBLE = (*PAIRING_OPEN, "ended")


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str  # "mentor", "mentee", "ambassador", "learner", "coach" or "member"


@dataclass(frozen=True)
class Subject:
    """A pairing, route or group seen as a thread."""

    kind: str
    id: int
    programme_id: int
    members: tuple[Member, ...]
    writable: bool
    topic: str = ""  # the route's tool or the group's name

    def has(self, user_id: int) -> bool:
        return any(member.id == user_id for member in self.members)

    def others(self, user_id: int) -> tuple[Member, ...]:
        return tuple(member for member in self.members if member.id != user_id)


def _pairing(row: sa.Row[Any]) -> Subject:
    return Subject(
        "pairing",
        row.id,
        row.programme_id,
        (Member(row.a_id, row.a_name, "mentee"), Member(row.b_id, row.b_name, "mentor")),
        row.status in PAIRING_OPEN,
    )


def _route(row: sa.Row[Any]) -> Subject:
    return Subject(
        "route",
        row.id,
        row.programme_id,
        (Member(row.a_id, row.a_name, "learner"), Member(row.b_id, row.b_name, "ambassador")),
        row.status == "open",
        row.topic,
    )


def _people(first: type[User], second: type[User]) -> tuple[sa.ColumnElement[Any], ...]:
    """The two people's ids and names, as columns: no person object (nor their roles) built."""
    return (
        first.id.label("a_id"),
        first.name.label("a_name"),
        second.id.label("b_id"),
        second.name.label("b_name"),
    )


# Made once: a fresh alias per call, with its labelled columns, was half of what the
# participant's home page spent on its conversations (issue 15's profile).
_MENTEE, _MENTOR = aliased(User, name="mentee"), aliased(User, name="mentor")
_LEARNER, _AMBASSADOR = aliased(User, name="learner"), aliased(User, name="ambassador")
_PAIRING_PEOPLE = _people(_MENTEE, _MENTOR)
_ROUTE_PEOPLE = _people(_LEARNER, _AMBASSADOR)


def _group(group: PeerGroup, programme_id: int, people: list[tuple[int, str, str]]) -> Subject:
    members = tuple(Member(uid, name, role) for uid, name, role in people)
    return Subject("group", group.id, programme_id, members, True, group.name)


def _pairings(condition: sa.ColumnElement[bool]) -> list[Subject]:
    mentee, mentor = _MENTEE, _MENTOR
    rows = db.session.execute(
        sa.select(Pairing.id, Pairing.programme_id, Pairing.status, *_PAIRING_PEOPLE)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .join(mentor, mentor.id == Pairing.mentor_id)
        .where(condition, Pairing.status.in_(PAIRING_VISIBLE))
        .order_by(Pairing.id)
    ).all()
    return [_pairing(row) for row in rows]


def _routes(condition: sa.ColumnElement[bool]) -> list[Subject]:
    learner, ambassador = _LEARNER, _AMBASSADOR
    route = AmbassadorRoute
    rows = db.session.execute(
        sa.select(
            route.id, route.programme_id, route.status, route.tool.label("topic"), *_ROUTE_PEOPLE
        )
        .join(learner, learner.id == AmbassadorRoute.learner_id)
        .join(ambassador, ambassador.id == AmbassadorRoute.ambassador_id)
        .where(condition)
        .order_by(AmbassadorRoute.id)
    ).all()
    return [_route(row) for row in rows]


def _group_people(ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
    """Each group's coach, then members by name."""
    people: dict[int, list[tuple[int, str, str]]] = {gid: [] for gid in ids}
    coaches = sa.select(PeerGroup.id, User.id, User.name, sa.literal("coach")).join(
        User, User.id == PeerGroup.coach_id
    )
    members = sa.select(PeerGroupMember.group_id, User.id, User.name, sa.literal("member")).join(
        User, User.id == PeerGroupMember.user_id
    )
    rows = db.session.execute(
        sa.union_all(
            coaches.where(PeerGroup.id.in_(ids)), members.where(PeerGroupMember.group_id.in_(ids))
        )
    ).all()
    for group_id, uid, name, role in sorted(rows, key=lambda r: (r[3] != "coach", r[2], r[1])):
        people[group_id].append((uid, name, role))
    return people


def _groups(condition: sa.ColumnElement[bool]) -> list[Subject]:
    groups = db.session.execute(
        sa.select(PeerGroup, Cohort.programme_id)
        .join(Cohort, Cohort.id == PeerGroup.cohort_id)
        .where(condition, PeerGroup.status == "published")
        .order_by(PeerGroup.id)
    ).all()
    if not groups:
        return []
    people = _group_people([group.id for group, _programme in groups])
    return [_group(group, programme, people[group.id]) for group, programme in groups]


@cache
def _subjects_of() -> sa.CompoundSelect:
    """The pairings, routes and published groups of ``:user_id``, in that order, as one
    statement built once (three, built per call, were a fifth of the participant's home)."""
    user_id = sa.bindparam("user_id")
    in_group = sa.select(PeerGroupMember.group_id).where(PeerGroupMember.user_id == user_id)
    no_person = (sa.null(), sa.null(), sa.null(), sa.null())
    pairings = (
        sa.select(
            sa.literal_column("0").label("rank"),
            Pairing.id.label("id"),
            Pairing.programme_id.label("programme_id"),
            Pairing.status.label("status"),
            sa.null().label("topic"),
            *_PAIRING_PEOPLE,
        )
        .join(_MENTEE, _MENTEE.id == Pairing.mentee_id)
        .join(_MENTOR, _MENTOR.id == Pairing.mentor_id)
        .where(
            sa.or_(Pairing.mentee_id == user_id, Pairing.mentor_id == user_id),
            Pairing.status.in_(PAIRING_VISIBLE),
        )
    )
    routes = (
        sa.select(
            sa.literal_column("1"),
            AmbassadorRoute.id,
            AmbassadorRoute.programme_id,
            AmbassadorRoute.status,
            AmbassadorRoute.tool,
            *_ROUTE_PEOPLE,
        )
        .join(_LEARNER, _LEARNER.id == AmbassadorRoute.learner_id)
        .join(_AMBASSADOR, _AMBASSADOR.id == AmbassadorRoute.ambassador_id)
        .where(
            sa.or_(AmbassadorRoute.learner_id == user_id, AmbassadorRoute.ambassador_id == user_id)
        )
    )
    groups = (
        sa.select(
            sa.literal_column("2"),
            PeerGroup.id,
            Cohort.programme_id,
            PeerGroup.status,
            PeerGroup.name,
            *no_person,
        )
        .join(Cohort, Cohort.id == PeerGroup.cohort_id)
        .where(
            sa.or_(PeerGroup.coach_id == user_id, PeerGroup.id.in_(in_group)),
            PeerGroup.status == "published",
        )
    )
    return sa.union_all(pairings, routes, groups).order_by(sa.text("rank"), sa.text("id"))


def subjects_of(user_id: int) -> list[Subject]:
    """Every thread ``user_id`` belongs to: pairings, then routes, then groups."""
    rows = db.session.execute(_subjects_of(), {"user_id": user_id}).all()
    groups = [row for row in rows if row.rank == 2]
    people = _group_people([row.id for row in groups]) if groups else {}
    found = []
    for row in rows:
        if row.rank == 0:
            found.append(_pairing(row))
        elif row.rank == 1:
            found.append(_route(row))
        else:
            members = tuple(Member(uid, name, role) for uid, name, role in people[row.id])
            found.append(Subject("group", row.id, row.programme_id, members, True, row.topic))
    return found


def subject_for(user_id: int, kind: str, subject_id: int) -> Subject:
    """The thread ``user_id`` asks for; 404 when it is not theirs or does not exist."""
    finders = {
        "pairing": lambda: _pairings(Pairing.id == subject_id),
        "route": lambda: _routes(AmbassadorRoute.id == subject_id),
        "group": lambda: _groups(PeerGroup.id == subject_id),
    }
    found = finders[kind]() if kind in finders else []
    if not found or not found[0].has(user_id):
        raise NotFound(_("No such conversation."))
    return found[0]
