"""The roster CSV carries each person's unit (as a path) and occupational group."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.roster.services import export_participants, import_participants
from mentoring.users.models import User
from tests.workplace_factories import workplace

HEADER = b"email,name,unit,occupation\n"


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_unit_paths_and_occupations_place_the_imported_people(app: Flask) -> None:
    _programme, cohort, units, nurse = workplace()
    report = import_participants(
        cohort,
        HEADER
        + b"anna@example.org,Anna,Care/North,Assistant nurse\n"
        + b"bo@example.org,Bo, care / south ,assistant NURSE\n"
        + b"cid@example.org,Cid,,\n",
    )
    assert report.ok, report.errors
    placed = {
        e.user.email: (e.unit_id, e.occupation_id)
        for e in db.session.scalars(sa.select(Enrollment))
    }
    assert placed == {
        "anna@example.org": (units["Care/North"].id, nurse.id),
        "bo@example.org": (units["Care/South"].id, nurse.id),
        "cid@example.org": (None, None),
    }


def test_a_row_with_an_unknown_unit_or_occupation_writes_nothing(app: Flask) -> None:
    _programme, cohort, _units, _nurse = workplace()
    report = import_participants(
        cohort,
        HEADER
        + b"anna@example.org,Anna,Care/North,Assistant nurse\n"
        + b"bo@example.org,Bo,Care/West,Assistant nurse\n"
        + b"cid@example.org,Cid,Care,Astronaut\n",
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "unit"), (4, "occupation")]
    assert "Care/West" in report.errors[0].message
    assert (_count(User), _count(Enrollment)) == (0, 0)


def test_the_export_writes_unit_paths_and_occupations_and_imports_again(app: Flask) -> None:
    _programme, cohort, _units, _nurse = workplace()
    file = HEADER + b"anna@example.org,Anna,Care/North,Assistant nurse\n"
    import_participants(cohort, file)
    exported = export_participants(cohort)
    assert "Care/North,Assistant nurse" in exported
    again = import_participants(cohort, exported.encode())
    assert again.ok and again.unchanged == ["anna@example.org"]
