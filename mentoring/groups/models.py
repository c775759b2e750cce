"""Mastermind peer groups a coach forms from the matcher's suggestions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.models import User


class GroupStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PeerGroup(db.Model):
    __tablename__ = "peer_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    coach_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("match_runs.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(100))
    status: Mapped[str] = mapped_column(sa.String(12), default=GroupStatus.DRAFT)
    locked: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str | None] = mapped_column(sa.String(10))
    # Weekly hours (0..167, programme time zone) all members share.
    common_hours: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    meeting_hour: Mapped[int | None]
    cadence_weeks: Mapped[int] = mapped_column(default=1)
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    members: Mapped[list[PeerGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", lazy="selectin"
    )
    coach: Mapped[User | None] = relationship()

    @property
    def member_ids(self) -> list[int]:
        return [m.user_id for m in self.members]


class PeerGroupMember(db.Model):
    __tablename__ = "peer_group_members"

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("peer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )

    group: Mapped[PeerGroup] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")
