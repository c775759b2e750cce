"""The coordinator's list of a cohort's people: search, filters and pages.

A cohort of 249 people was one page of 34,000 pixels. The filters live in the URL (a plain
GET form, no JavaScript); whatever the cohort's size, a page costs the same statements: one
page of rows with the count of all of them (a window count, in the same statement), each row's
"matched" and "at risk" computed in the same query, and the page's roles. Rows are plain
columns, not ORM objects: the page only shows them, and loading 25 enrolments and 25 people
as objects was a fifth of its time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from mentoring.db import casefold
from mentoring.engagement.retention import AT_RISK_DAYS
from mentoring.extensions import db
from mentoring.matches.models import ACTIVE_STATUSES, Pairing
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role

PAGE_SIZE = 25
STATUSES = ("open", "ended")
MATCHED = ("yes", "no")
SEARCH_MAX = 100
ESCAPE = "/"  # LIKE's escape character in searches


@dataclass(frozen=True)
class CohortFilters:
    """What the coordinator asked for; unknown values are ignored, as a link may be old."""

    search: str = ""
    status: str = ""  # "open", "ended" or "" for everyone
    matched: str = ""  # "yes", "no" or ""
    at_risk: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: dict[str, str]) -> CohortFilters:
        page = args.get("page", "1")
        return cls(
            search=" ".join(args.get("q", "").split())[:SEARCH_MAX],
            status=args.get("status", "") if args.get("status") in STATUSES else "",
            matched=args.get("matched", "") if args.get("matched") in MATCHED else "",
            at_risk=args.get("risk") == "1",
            page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        )

    def query(self, **changes: object) -> dict[str, object]:
        """The URL arguments of these filters, with ``changes`` (e.g. another page)."""
        args: dict[str, object] = {
            "q": self.search,
            "status": self.status,
            "matched": self.matched,
            "risk": "1" if self.at_risk else "",
            "page": self.page,
        }
        args.update(changes)
        return {k: v for k, v in args.items() if v not in ("", None, 1)}


@dataclass(frozen=True)
class CohortRow:
    enrollment_id: int
    user_id: int
    name: str
    started_on: date
    ended_on: date | None
    end_reason: str | None
    matched: bool
    at_risk: bool
    roles: str  # the person's role labels, e.g. "Participant, Mentor"


@dataclass(frozen=True)
class CohortPage:
    rows: list[CohortRow]
    total: int  # people matching the filters
    page: int
    pages: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * PAGE_SIZE, self.total)


def _matched() -> sa.ColumnElement[bool]:
    """In a current pairing of the programme, as mentee or as mentor."""
    current = sa.select(Pairing.id).where(
        Pairing.programme_id == sa.bindparam("programme_id"),
        Pairing.status.in_(ACTIVE_STATUSES),
        sa.or_(Pairing.mentee_id == Enrollment.user_id, Pairing.mentor_id == Enrollment.user_id),
    )
    return current.exists()


def _at_risk() -> sa.ColumnElement[bool]:
    """A participant open and silent for two weeks (since ``since``), as the engagement page's
    list counts."""
    since = sa.bindparam("since")
    participants = sa.select(UserRole.user_id).where(UserRole.role == Role.PARTICIPANT.value)
    return sa.and_(
        Enrollment.user_id.in_(participants),
        Enrollment.ended_on.is_(None),
        Enrollment.started_on <= sa.bindparam("since_day"),
        sa.or_(Enrollment.last_activity_at.is_(None), Enrollment.last_activity_at < since),
    )


@lru_cache(maxsize=64)
def _statements(
    searching: bool, status: str, matched_: str, at_risk_: bool
) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The page's statement and its count, for one combination of filters; the values are
    bound when it is sent. Built once: building them was about 1,100 of the page's 21,500
    Python calls (issue 15)."""
    matched, at_risk = _matched(), _at_risk()
    conditions: list[sa.ColumnElement[bool]] = [Enrollment.cohort_id == sa.bindparam("cohort_id")]
    if searching:
        needle = sa.bindparam("needle", type_=sa.String())
        conditions.append(
            sa.or_(
                casefold(User.name).contains(needle, escape=ESCAPE),
                casefold(User.email).contains(needle, escape=ESCAPE),
            )
        )
    if status:
        ended = Enrollment.ended_on.is_not(None)
        conditions.append(ended if status == "ended" else sa.not_(ended))
    if matched_:
        conditions.append(matched if matched_ == "yes" else sa.not_(matched))
    if at_risk_:
        conditions.append(at_risk)
    chosen = sa.select(Enrollment.id).join(User, User.id == Enrollment.user_id).where(*conditions)
    listed = chosen.add_columns(
        Enrollment.user_id,
        User.name,
        Enrollment.started_on,
        Enrollment.ended_on,
        Enrollment.end_reason,
        matched.label("matched"),
        at_risk.label("at_risk"),
        sa.func.count().over().label("total"),
    ).order_by(User.name, Enrollment.id)
    return listed, sa.select(sa.func.count()).select_from(chosen.subquery())


def _escaped(needle: str) -> str:
    """``needle`` as LIKE reads it literally, as ``contains(..., autoescape=True)`` escapes."""
    return needle.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def cohort_people(cohort: Cohort, filters: CohortFilters, *, now: datetime) -> CohortPage:
    """One page of the cohort's enrolments by name, with whether each is matched or at risk."""
    listed, counted = _statements(
        bool(filters.search), filters.status, filters.matched, filters.at_risk
    )
    since = now - timedelta(days=AT_RISK_DAYS)
    values: dict[str, Any] = {
        "cohort_id": cohort.id,
        "programme_id": cohort.programme_id,
        "since": since,
        "since_day": since.date(),
        "needle": _escaped(filters.search.casefold()),
    }
    page = filters.page
    rows = _page_of(listed, values, page)
    if rows or page == 1:
        total = rows[0].total if rows else 0
    else:  # past the last page (an old link): count, then show the last page
        total = db.session.scalar(counted, values) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        page = pages
        rows = _page_of(listed, values, page) if total else []
    labels = _role_labels([row.user_id for row in rows])
    people = [
        CohortRow(
            enrollment_id=row.id,
            user_id=row.user_id,
            name=row.name,
            started_on=row.started_on,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            matched=bool(row.matched),
            at_risk=bool(row.at_risk),
            roles=labels.get(row.user_id, ""),
        )
        for row in rows
    ]
    return CohortPage(people, total, page, pages)


def _page_of(listed: sa.Select[Any], values: dict[str, Any], page: int) -> Sequence[sa.Row[Any]]:
    """One page of the listed rows, each with the count of all of them (one statement)."""
    return db.session.execute(listed.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE), values).all()


def _role_labels(user_ids: list[int]) -> dict[int, str]:
    """Each person's role labels, joined; each distinct set of roles labelled once a page.

    The labels come in the order ``User.roles`` gives them (a frozenset built from the rows
    in the order the database returns them), so the page reads as it did with the objects.
    """
    if not user_ids:
        return {}
    held: dict[int, list[str]] = {}
    for user_id, role in db.session.execute(
        sa.select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(user_ids))
    ):
        held.setdefault(user_id, []).append(role)
    labelled: dict[tuple[str, ...], str] = {}
    for roles in map(tuple, held.values()):
        if roles not in labelled:
            labelled[roles] = ", ".join(role.label for role in frozenset(map(Role, roles)))
    return {user_id: labelled[tuple(roles)] for user_id, roles in held.items()}
