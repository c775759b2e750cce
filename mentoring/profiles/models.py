"""What a person tells the matcher about themselves."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.models import User


class Profile(db.Model):
    __tablename__ = "profiles"
    __table_args__ = (
        sa.CheckConstraint("capacity >= 0 AND capacity <= 50", name="capacity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    goals: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    goal_field: Mapped[str] = mapped_column(sa.String(200), default="")
    interests: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    municipality: Mapped[str | None] = mapped_column(sa.String(100))
    meeting_format: Mapped[str] = mapped_column(sa.String(20), default="either")
    capacity: Mapped[int] = mapped_column(default=1)
    # Weekly hours 0..167 (Monday 00:00 = 0) in the person's own time zone.
    availability: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    # Optional, self-described; used only for group balance and gender-disaggregated reports.
    gender: Mapped[str | None] = mapped_column(sa.String(40))
    age_band: Mapped[str | None] = mapped_column(sa.String(20))
    organisation: Mapped[str | None] = mapped_column(sa.String(200))
    # A mentee may ask for a mentor of their own gender; programmes decide whether to honour it.
    same_gender_mentor: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    skills: Mapped[list[ProfileSkill]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ProfileSkill.name",
    )
    languages: Mapped[list[ProfileLanguage]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ProfileLanguage.language",
    )

    def skills_by_direction(self, direction: str) -> dict[str, int]:
        return {s.name: s.level for s in self.skills if s.direction == direction}


class ProfileSkill(db.Model):
    __tablename__ = "profile_skills"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "direction", "name"),
        sa.CheckConstraint("level >= 1 AND level <= 5", name="level_range"),
        sa.CheckConstraint("direction IN ('offer', 'want')", name="direction_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("profiles.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    direction: Mapped[str] = mapped_column(sa.String(5))
    level: Mapped[int]

    profile: Mapped[Profile] = relationship(back_populates="skills")


class ProfileLanguage(db.Model):
    __tablename__ = "profile_languages"
    __table_args__ = (sa.UniqueConstraint("profile_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("profiles.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(10))
    level: Mapped[str] = mapped_column(sa.String(10), default="good")

    profile: Mapped[Profile] = relationship(back_populates="languages")
