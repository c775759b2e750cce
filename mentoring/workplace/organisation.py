"""Use cases for an organisation's tree of units, a programme's occupations, and managers.

Public functions (low layer: ``mentoring.trainings`` may import them):

- ``organisation_units(organisation_id) -> list[OrgUnit]``; ``unit_paths(units) -> {id: path}``
  where a path reads "Omvårdnadsförvaltningen/Hemtjänst Norr".
- ``descendant_ids(units, roots) -> set[int]``: the roots and every unit below them.
- ``UnitIndex``: looks units up by path (for CSV import) and gives paths back.
- ``create_organisation(programme, name)``, ``add_unit``, ``rename_unit``.
- ``add_occupation``, ``rename_occupation``; ``unit_of`` and ``occupation_of`` find one
  of the programme's, or raise ``NotFound``.
- ``managed_unit_ids(user_id) -> set[int]``: a manager's units and every unit below them.
- ``set_manager_units(organisation, user, unit_ids)``; ``add_manager(organisation, email,
  unit_ids)`` (the account must hold the manager role); ``organisation_managers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.accounts.services import find_user_by_email
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.programmes.organisation import (
    UNIT_PATH_SEPARATOR,
    ManagerUnit,
    Occupation,
    Organisation,
    OrgUnit,
    unit_paths,
)
from mentoring.users.models import User
from mentoring.users.roles import Role

NAME_MAX = 120


def organisation_units(organisation_id: int) -> list[OrgUnit]:
    """Return every unit of the organisation, ordered by name."""
    return list(
        db.session.scalars(
            sa.select(OrgUnit)
            .where(OrgUnit.organisation_id == organisation_id)
            .order_by(OrgUnit.name, OrgUnit.id)
        )
    )


def unit_chain(units: Sequence[OrgUnit], unit_id: int | None) -> list[int]:
    """Return the unit and its ancestors, nearest first."""
    parents = {unit.id: unit.parent_id for unit in units}
    chain: list[int] = []
    current = unit_id
    while current is not None and current in parents and len(chain) <= len(units):
        chain.append(current)
        current = parents[current]
    return chain


def descendant_ids(units: Sequence[OrgUnit], roots: Iterable[int]) -> set[int]:
    """Return ``roots`` and every unit below them."""
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.id)
    found: set[int] = set()
    todo = [root for root in roots if any(unit.id == root for unit in units)]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def _path_key(path: str) -> str:
    parts = [" ".join(part.split()) for part in path.split(UNIT_PATH_SEPARATOR)]
    return UNIT_PATH_SEPARATOR.join(part.casefold() for part in parts if part)


@dataclass
class UnitIndex:
    """An organisation's units by path, read once (for imports and exports)."""

    paths: dict[int, str]
    by_key: dict[str, int]

    @classmethod
    def of(cls, organisation_id: int | None) -> UnitIndex:
        units = organisation_units(organisation_id) if organisation_id is not None else []
        paths = unit_paths(units)
        return cls(paths=paths, by_key={_path_key(path): uid for uid, path in paths.items()})

    def find(self, path: str) -> int | None:
        """Return the id of the unit at ``path`` (case and spacing do not matter), or None."""
        return self.by_key.get(_path_key(path))


def _clean_name(name: str, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_("Please enter a name."), field=field)
    if len(cleaned) > NAME_MAX:
        raise ValidationError(_("Use at most %(count)d characters.", count=NAME_MAX), field=field)
    return cleaned


def create_organisation(programme: Programme, name: str) -> Organisation:
    """Create an organisation for ``programme`` (or attach the one of that name)."""
    cleaned = _clean_name(name)
    if len(cleaned) > 200:
        raise ValidationError(_("Use at most %(count)d characters.", count=200), field="name")
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == cleaned))
    if organisation is None:
        organisation = Organisation(name=cleaned)
        db.session.add(organisation)
        db.session.flush()
    programme.organisation_id = organisation.id
    db.session.commit()
    return organisation


def unit_of(organisation: Organisation, unit_id: int | None, field: str = "unit") -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id) if unit_id is not None else None
    if unit is None or unit.organisation_id != organisation.id:
        raise NotFound(_("No such unit."), field=field)
    return unit


def _check_sibling_name(
    organisation: Organisation, parent_id: int | None, name: str, unit_id: int | None = None
) -> None:
    clash = db.session.scalar(
        sa.select(OrgUnit.id).where(
            OrgUnit.organisation_id == organisation.id,
            OrgUnit.parent_id.is_(None) if parent_id is None else OrgUnit.parent_id == parent_id,
            sa.func.lower(OrgUnit.name) == name.lower(),
            OrgUnit.id != (unit_id or 0),
        )
    )
    if clash is not None:
        raise Conflict(_("There is a unit with this name here already."), field="name")


def _unit_name(name: str) -> str:
    """A cleaned unit name; "/" is refused, as it separates the units of a path."""
    cleaned = _clean_name(name)
    if UNIT_PATH_SEPARATOR in cleaned:
        raise ValidationError(_("A unit's name cannot contain “/”."), field="name")
    return cleaned


def add_unit(organisation: Organisation, name: str, parent_id: int | None) -> OrgUnit:
    """Add a department (no parent) or a unit under ``parent_id``."""
    cleaned = _unit_name(name)
    if parent_id is not None:
        unit_of(organisation, parent_id, field="parent")
    _check_sibling_name(organisation, parent_id, cleaned)
    unit = OrgUnit(organisation_id=organisation.id, parent_id=parent_id, name=cleaned)
    db.session.add(unit)
    db.session.commit()
    return unit


def rename_unit(organisation: Organisation, unit_id: int, name: str) -> OrgUnit:
    unit = unit_of(organisation, unit_id)
    cleaned = _unit_name(name)
    _check_sibling_name(organisation, unit.parent_id, cleaned, unit.id)
    unit.name = cleaned
    db.session.commit()
    return unit


def programme_occupations(programme_id: int) -> list[Occupation]:
    return list(
        db.session.scalars(
            sa.select(Occupation)
            .where(Occupation.programme_id == programme_id)
            .order_by(Occupation.name)
        )
    )


def occupation_of(programme: Programme, occupation_id: int | None) -> Occupation:
    occupation = db.session.get(Occupation, occupation_id) if occupation_id is not None else None
    if occupation is None or occupation.programme_id != programme.id:
        raise NotFound(_("No such occupation."), field="occupation")
    return occupation


def _check_occupation_name(programme: Programme, name: str, occupation_id: int = 0) -> None:
    clash = db.session.scalar(
        sa.select(Occupation.id).where(
            Occupation.programme_id == programme.id,
            sa.func.lower(Occupation.name) == name.lower(),
            Occupation.id != occupation_id,
        )
    )
    if clash is not None:
        raise Conflict(_("The programme has this occupation already."), field="name")


def add_occupation(programme: Programme, name: str) -> Occupation:
    cleaned = _clean_name(name)
    _check_occupation_name(programme, cleaned)
    occupation = Occupation(programme_id=programme.id, name=cleaned)
    db.session.add(occupation)
    db.session.commit()
    return occupation


def rename_occupation(programme: Programme, occupation_id: int, name: str) -> Occupation:
    occupation = occupation_of(programme, occupation_id)
    cleaned = _clean_name(name)
    _check_occupation_name(programme, cleaned, occupation.id)
    occupation.name = cleaned
    db.session.commit()
    return occupation


def managed_unit_ids(user_id: int) -> set[int]:
    """Return the units a manager heads and every unit below them."""
    heads = db.session.scalars(
        sa.select(ManagerUnit.unit_id).where(ManagerUnit.user_id == user_id)
    ).all()
    if not heads:
        return set()
    organisation_ids = db.session.scalars(
        sa.select(OrgUnit.organisation_id).where(OrgUnit.id.in_(heads)).distinct()
    ).all()
    units = list(
        db.session.scalars(sa.select(OrgUnit).where(OrgUnit.organisation_id.in_(organisation_ids)))
    )
    return descendant_ids(units, heads)


def set_manager_units(organisation: Organisation, user: User, unit_ids: Iterable[int]) -> None:
    """Make ``user`` the manager of exactly ``unit_ids`` among ``organisation``'s units."""
    wanted = set(unit_ids)
    own = {unit.id for unit in organisation_units(organisation.id)}
    if not wanted <= own:
        raise NotFound(_("No such unit."), field="units")
    db.session.execute(
        sa.delete(ManagerUnit).where(ManagerUnit.user_id == user.id, ManagerUnit.unit_id.in_(own))
    )
    db.session.add_all(ManagerUnit(user_id=user.id, unit_id=uid) for uid in sorted(wanted))
    db.session.commit()


def add_manager(organisation: Organisation, email: str, unit_ids: Iterable[int]) -> User:
    """Make the manager with ``email`` head exactly ``unit_ids`` here (none: no longer)."""
    user = find_user_by_email(email)
    if user is None or not user.has_role(Role.MANAGER):
        raise ValidationError(_("No manager has this email."), field="email")
    set_manager_units(organisation, user, unit_ids)
    return user


def organisation_managers(organisation_id: int) -> list[tuple[User, list[int]]]:
    """Return the organisation's managers by name, each with the units they head."""
    rows = db.session.execute(
        sa.select(User, ManagerUnit.unit_id)
        .join(ManagerUnit, ManagerUnit.user_id == User.id)
        .join(OrgUnit, OrgUnit.id == ManagerUnit.unit_id)
        .where(OrgUnit.organisation_id == organisation_id)
        .order_by(User.name, User.id)
    ).all()
    managers: dict[int, tuple[User, list[int]]] = {}
    for user, unit_id in rows:
        managers.setdefault(user.id, (user, []))[1].append(unit_id)
    return list(managers.values())
