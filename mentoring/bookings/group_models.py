"""Group sessions: seat-limited drop-in trainings and mastermind-group meetings."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.models import User

TRAINING = "training"
MASTERMIND = "mastermind"
BOOKED = "booked"
WAITING = "waiting"
LEFT = "cancelled"


class GroupSession(db.Model):
    """One meeting of a group: a training anyone allowed may join, or a chosen group's meeting."""

    __tablename__ = "group_sessions"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="times_ordered"),
        # The database refuses a booked seat beyond the limit, whatever the code does.
        sa.CheckConstraint("seats IS NULL OR booked_count <= seats", name="seats_limit"),
        sa.CheckConstraint("booked_count >= 0", name="booked_count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    seats: Mapped[int | None]
    booked_count: Mapped[int] = mapped_column(default=0)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    video_link: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    # Meetings created together as a weekly series share this key.
    series_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    host: Mapped[User] = relationship()
    seat_rows: Mapped[list[GroupSeat]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="GroupSeat.id"
    )

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def booked(self) -> list[GroupSeat]:
        return [s for s in self.seat_rows if s.status == BOOKED]

    @property
    def waiting(self) -> list[GroupSeat]:
        return [s for s in self.seat_rows if s.status == WAITING]


class GroupSeat(db.Model):
    """A person's place in a group session, or their place in its waiting list."""

    __tablename__ = "group_seats"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("group_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=BOOKED)
    # Waiting-list order: earliest first.
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    attendance: Mapped[str | None] = mapped_column(sa.String(20))

    session: Mapped[GroupSession] = relationship(back_populates="seat_rows")
    user: Mapped[User] = relationship()
