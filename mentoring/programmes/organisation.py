"""Organisations, their tree of departments and units, occupational groups, and managers.

A programme may belong to an organisation (``Programme.organisation_id``). The organisation's
units form a tree: a department is a unit without a parent. A person's enrolment carries the
unit they work in and their occupational group from the programme's list. A manager is tied
to one or more units and so to every unit below them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db

UNIT_PATH_SEPARATOR = "/"


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    units: Mapped[list[OrgUnit]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="OrgUnit.name"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class OrgUnit(db.Model):
    """A department (no parent) or a unit under one; names are unique among siblings."""

    __tablename__ = "org_units"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("org_units.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))

    organisation: Mapped[Organisation] = relationship(back_populates="units")
    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<OrgUnit {self.id} {self.name}>"


class Occupation(db.Model):
    """An occupational group in a programme's list (e.g. undersköterska, förskollärare)."""

    __tablename__ = "occupations"
    __table_args__ = (sa.UniqueConstraint("programme_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))

    def __repr__(self) -> str:
        return f"<Occupation {self.id} {self.name}>"


class ManagerUnit(db.Model):
    """A manager heads this unit, and so sees its people and those of every unit below it."""

    __tablename__ = "manager_units"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True, index=True
    )


def unit_paths(units: Sequence[OrgUnit]) -> dict[int, str]:
    """Return each unit's path from its department down, joined by "/"."""
    parents = {unit.id: unit.parent_id for unit in units}
    names = {unit.id: unit.name for unit in units}
    paths: dict[int, str] = {}
    for unit in units:
        chain: list[str] = []
        current: int | None = unit.id
        while current is not None and len(chain) <= len(units):
            chain.append(names[current])
            current = parents.get(current)
        paths[unit.id] = UNIT_PATH_SEPARATOR.join(reversed(chain))
    return paths
