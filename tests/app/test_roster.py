"""CSV import is all or nothing, reports errors by row and column, and is idempotent."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.roster.services import export_participants, import_participants
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_cohort, make_programme, make_user

pytestmark = pytest.mark.usefixtures("app")

GOOD = (
    b"email,name,roles,locale,municipality,languages,gender,age_band,started_on\n"
    b"aino@example.org,Aino Virtanen,participant,fi,Espoo,fi;en,woman,25-29,2026-09-01\n"
    b"omar@example.org,Omar Hassan,participant;mentor,sv,Botkyrka,sv;ar;so,,30-39,\n"
)


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_import_creates_and_enrols_people() -> None:
    cohort = make_cohort()
    report = import_participants(cohort, GOOD)
    assert report.ok
    assert report.created == ["aino@example.org", "omar@example.org"]
    omar = db.session.scalar(sa.select(User).where(User.email == "omar@example.org"))
    assert omar is not None and omar.roles == {Role.PARTICIPANT, Role.MENTOR}
    assert _count(Enrollment) == 2


def test_every_error_is_reported_by_row_and_column_and_nothing_is_written() -> None:
    cohort = make_cohort()
    bad = (
        b"email,name,roles,languages,age_band,started_on\n"
        b"ok@example.org,Fine Person,participant,sv,,\n"
        b"not-an-email,Bad Email,participant,sv,,\n"
        b"x@example.org,,admin,xx,17-18,1 Sept\n"
        b"ok@example.org,Twice,participant,sv,,\n"
    )
    report = import_participants(cohort, bad)
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "email"),
        (4, "name"),
        (4, "roles"),
        (4, "languages"),
        (4, "age_band"),
        (4, "started_on"),
        (5, "email"),
    }
    assert any("row 2" in e.message for e in report.errors if e.row == 5)
    assert _count(User) == 0
    assert _count(Enrollment) == 0


def test_missing_and_unknown_columns_are_reported_on_the_header_row() -> None:
    report = import_participants(make_cohort(), b"mail,name,shoe_size\nx@example.org,X,42\n")
    assert {(e.row, e.column) for e in report.errors} == {
        (1, "email"),
        (1, "mail"),
        (1, "shoe_size"),
    }


def test_importing_the_same_file_twice_creates_nothing_new() -> None:
    cohort = make_cohort()
    import_participants(cohort, GOOD)
    before = (_count(User), _count(Enrollment))
    again = import_participants(cohort, GOOD)
    assert again.ok
    assert again.created == [] and again.enrolled_existing == []
    assert again.unchanged == ["aino@example.org", "omar@example.org"]
    assert (_count(User), _count(Enrollment)) == before


def test_existing_accounts_are_detected_and_enrolled_without_changes() -> None:
    existing = make_user(email="aino@example.org", name="Aino Original")
    report = import_participants(make_cohort(), GOOD)
    assert report.enrolled_existing == ["aino@example.org"]
    assert report.created == ["omar@example.org"]
    assert db.session.get(User, existing.id).name == "Aino Original"  # type: ignore[union-attr]


def test_semicolon_separated_files_from_excel_are_read() -> None:
    text = "email;name;languages\nlea@example.org;Lea Berg;sv,en\n".replace("sv,en", "sv")
    report = import_participants(make_cohort(), text.encode("utf-8-sig"))
    assert report.ok and report.created == ["lea@example.org"]


def test_dry_run_writes_nothing() -> None:
    report = import_participants(make_cohort(), GOOD, dry_run=True)
    assert report.ok and len(report.created) == 2
    assert _count(User) == 0


def test_export_can_be_imported_again_without_changes() -> None:
    cohort = make_cohort()
    import_participants(cohort, GOOD)
    exported = export_participants(cohort)
    assert exported.splitlines()[0].startswith("email,name,roles,locale")
    assert "omar@example.org,Omar Hassan,mentor;participant,sv,Botkyrka,ar;so;sv" in exported
    again = import_participants(cohort, exported.encode())
    assert again.ok, again.errors
    assert len(again.unchanged) == 2


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00bad", b"email,name\n"])
def test_unreadable_or_empty_files_are_refused(raw: bytes) -> None:
    report = import_participants(make_cohort(), raw)
    assert not report.ok
    assert _count(User) == 0


def test_coordinator_imports_through_the_page(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    auth.login(coordinator.email)
    bad = client.post(
        f"/cohorts/{cohort.id}/import",
        data={"file": (io.BytesIO(b"email,name\nbroken,X\n"), "people.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert b"Nothing was imported" in bad.data and b"<td>2</td><td>email</td>" in bad.data
    good = client.post(
        f"/cohorts/{cohort.id}/import",
        data={"file": (io.BytesIO(GOOD), "people.csv")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 200 and b"people added or invited: 2" in good.data
    # Invited, not enrolled: they are in the export once they accept.
    page = client.get(f"/cohorts/{cohort.id}").data
    assert b"Invited, waiting for an answer (2)" in page and b"aino@example.org" in page
    export = client.get(f"/cohorts/{cohort.id}/export.csv")
    assert export.mimetype == "text/csv" and export.data.count(b"\n") == 1


def test_only_csv_files_are_accepted(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    auth.login(coordinator.email)
    response = client.post(
        f"/cohorts/{cohort.id}/import",
        data={"file": (io.BytesIO(GOOD), "people.exe")},
        content_type="multipart/form-data",
    )
    assert b"Choose a .csv file." in response.data
    assert _count(User) == 1


def test_cli_import_reports_errors_by_row(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort()
    path = tmp_path / "people.csv"
    path.write_bytes(b"email,name\nbroken,X\n")
    result = runner.invoke(args=["import-participants", str(path), "--cohort", str(cohort.id)])
    assert result.exit_code == 1
    assert "row 2, column email" in result.output
    path.write_bytes(GOOD)
    result = runner.invoke(args=["import-participants", str(path), "--cohort", str(cohort.id)])
    assert result.exit_code == 0, result.output
    assert "Created 2" in result.output
