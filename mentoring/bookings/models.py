"""Host availability and one-to-one bookings.

Times of bookings are naive UTC. Availability windows are minutes of the day in the
host's own time zone, so a weekly 18:00 window stays 18:00 local across DST changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import unique_where, utcnow
from mentoring.extensions import db
from mentoring.users.models import User

ACTIVE = "active"
CANCELLED = "cancelled"
ATTENDANCE = ("attended", "no_show", "cancelled_late")
# Column sizes, which the forms, the API and its OpenAPI document check against.
PLACE_LENGTH = 300
LINK_LENGTH = 500
TOPIC_LENGTH = 200
KEY_LENGTH = 64
REASON_LENGTH = 500


class HostSettings(db.Model):
    """How a mentor, ambassador or coach can be booked."""

    __tablename__ = "booking_hosts"
    __table_args__ = (
        sa.CheckConstraint("session_minutes BETWEEN 15 AND 480", name="session_length"),
        sa.CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name="buffer_range"),
        sa.CheckConstraint("notice_hours BETWEEN 0 AND 720", name="notice_range"),
        sa.CheckConstraint("horizon_days BETWEEN 1 AND 366", name="horizon_range"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    session_minutes: Mapped[int] = mapped_column(default=60)
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    notice_hours: Mapped[int] = mapped_column(default=24)
    horizon_days: Mapped[int] = mapped_column(default=30)
    place: Mapped[str] = mapped_column(sa.String(PLACE_LENGTH), default="")
    video_link: Mapped[str] = mapped_column(sa.String(LINK_LENGTH), default="")
    max_per_day: Mapped[int | None]
    max_per_week: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    windows: Mapped[list[AvailabilityWindow]] = relationship(
        cascade="all, delete-orphan",
        order_by="(AvailabilityWindow.weekday, AvailabilityWindow.start_minute)",
    )
    exceptions: Mapped[list[AvailabilityException]] = relationship(
        cascade="all, delete-orphan", order_by="AvailabilityException.starts_on"
    )

    @property
    def session_length(self) -> timedelta:
        return timedelta(minutes=self.session_minutes)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


class AvailabilityWindow(db.Model):
    """A weekly recurring window, e.g. Tuesdays 17:00-20:00 in the host's time zone."""

    __tablename__ = "booking_windows"
    __table_args__ = (
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        sa.CheckConstraint(
            "start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute",
            name="minutes_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booking_hosts.user_id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # Monday = 0
    start_minute: Mapped[int]
    end_minute: Mapped[int]


class AvailabilityException(db.Model):
    """Days the host is away (holiday, sick day): no slots from ``starts_on`` to ``ends_on``."""

    __tablename__ = "booking_exceptions"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booking_hosts.user_id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(200), default="")


class Booking(db.Model):
    """A one-to-one session a participant booked with a host."""

    __tablename__ = "bookings"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="times_ordered"),
        sa.CheckConstraint("host_id <> participant_id", name="not_self"),
        # Two active bookings of one host (or one participant) never start together.
        # Partly overlapping ranges are refused under a lock (see locking.py) and, on
        # PostgreSQL, by exclusion constraints added in the migration (schema.py).
        unique_where(
            "uq_bookings_host_active_start", "host_id", "starts_at", where="status = 'active'"
        ),
        unique_where(
            "uq_bookings_participant_active_start",
            "participant_id",
            "starts_at",
            where="status = 'active'",
        ),
        sa.UniqueConstraint("participant_id", "request_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(20), default=ACTIVE)
    topic: Mapped[str] = mapped_column(sa.String(TOPIC_LENGTH), default="")
    place: Mapped[str] = mapped_column(sa.String(PLACE_LENGTH), default="")
    video_link: Mapped[str] = mapped_column(sa.String(LINK_LENGTH), default="")
    # A form's one-time key: sending the same form twice finds the first booking.
    request_key: Mapped[str | None] = mapped_column(sa.String(KEY_LENGTH))
    attendance: Mapped[str | None] = mapped_column(sa.String(20))
    cancel_reason: Mapped[str] = mapped_column(sa.String(REASON_LENGTH), default="")
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # iCalendar SEQUENCE: bumped on every change so calendar clients update the event.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    host: Mapped[User] = relationship(foreign_keys=[host_id])
    participant: Mapped[User] = relationship(foreign_keys=[participant_id])
    notes: Mapped[list[SessionNote]] = relationship(
        cascade="all, delete-orphan", order_by="SessionNote.created_at"
    )

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def involves(self, user_id: int) -> bool:
        return user_id in (self.host_id, self.participant_id)


class SessionNote(db.Model):
    """A short note and agreed next steps after a session, visible to both sides."""

    __tablename__ = "booking_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    next_steps: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class CalendarFeed(db.Model):
    """A person's private calendar feed; a new token revokes the old URL.

    Only the token's SHA-256 is kept: the address is shown once, when it is made.
    """

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# PostgreSQL-only guards that the portable metadata cannot express; the migration runs
# the same statements, and these listeners run them after ``create_all`` (tests).
POSTGRES_EXTENSION = "CREATE EXTENSION IF NOT EXISTS btree_gist"
# No two active bookings of the same host, or of the same participant, overlap in time.
POSTGRES_EXCLUSIONS = (
    "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_host_overlap EXCLUDE USING gist "
    "(host_id WITH =, tsrange(starts_at, ends_at) WITH &&) WHERE (status = 'active')",
    "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_participant_overlap EXCLUDE USING gist "
    "(participant_id WITH =, tsrange(starts_at, ends_at) WITH &&) WHERE (status = 'active')",
)

sa.event.listen(
    Booking.__table__,
    "before_create",
    sa.DDL(POSTGRES_EXTENSION).execute_if(dialect="postgresql"),
)
for _statement in POSTGRES_EXCLUSIONS:
    sa.event.listen(
        Booking.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="postgresql")
    )
