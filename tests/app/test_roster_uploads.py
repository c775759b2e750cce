"""Uploads are limited in size and type: only CSV text is read, anything else is refused clearly.

Exports never carry a formula: a cell a spreadsheet would run is written as text.
"""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from mentoring.roster.services import export_participants, import_participants
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_programme, make_user

HEADER = "email,name,municipality\n"
ROW = "asa@example.org,Åsa Öberg,Malmö\n"


def _users() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) or 0


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["email", "name"])
    sheet.append(["asa@example.org", "Åsa Öberg"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def cohort_page(client: FlaskClient, auth: AuthActions) -> tuple[FlaskClient, Cohort]:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    auth.login(coordinator.email)
    return client, cohort


def _upload(
    client: FlaskClient, cohort: Cohort, raw: bytes, name: str = "people.csv", kind: str = ""
) -> tuple[int, str]:
    response = client.post(
        f"/cohorts/{cohort.id}/import",
        data={"file": (io.BytesIO(raw), name, kind or None)},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (_xlsx(), "This is a spreadsheet workbook (.xlsx or .ods), not a CSV file."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel workbook (.xls)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "This is a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is not text"),
        ((HEADER + "asa@example.org,\x00Åsa\n").encode(), "The file is not text"),
    ],
    ids=["xlsx", "xls", "pdf", "png", "nul-bytes"],
)
def test_workbooks_and_binary_files_are_refused_on_the_form(
    cohort_page: tuple[FlaskClient, Cohort], raw: bytes, says: str
) -> None:
    client, cohort = cohort_page
    before = _users()
    status, page = _upload(client, cohort, raw)
    assert status == 422
    assert says in page and "CSV UTF-8" in page
    assert 'class="error" id="file-error"' in page  # shown on the file field itself
    assert _users() == before


def test_a_file_the_browser_says_is_an_image_is_refused(
    cohort_page: tuple[FlaskClient, Cohort],
) -> None:
    client, cohort = cohort_page
    status, page = _upload(client, cohort, (HEADER + ROW).encode(), kind="image/png")
    assert status == 422 and "The file is of type image/png, not CSV." in page
    assert _users() == 1


def test_a_file_without_the_csv_extension_is_refused(
    cohort_page: tuple[FlaskClient, Cohort],
) -> None:
    client, cohort = cohort_page
    status, page = _upload(client, cohort, (HEADER + ROW).encode(), name="people.xlsx")
    assert status == 422 and "Choose a .csv file." in page
    assert _users() == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"], ids=lambda e: e)
def test_csv_text_in_the_accepted_encodings_is_read(
    cohort_page: tuple[FlaskClient, Cohort], encoding: str
) -> None:
    client, cohort = cohort_page
    kind = "application/vnd.ms-excel"  # what Windows with Excel installed sends for .csv
    status, page = _upload(client, cohort, (HEADER + ROW).encode(encoding), kind=kind)
    assert status == 200 and "people added or invited: 1" in page
    assert db.session.scalar(sa.select(User.name).where(User.email == "asa@example.org")) == (
        "Åsa Öberg"
    )


def test_a_file_over_the_size_limit_gets_a_clear_page(
    app: Flask, cohort_page: tuple[FlaskClient, Cohort]
) -> None:
    client, cohort = cohort_page
    limit = app.config["MAX_CONTENT_LENGTH"]
    raw = (HEADER + ROW * (limit // len(ROW) + 1)).encode()
    # Encoded here, in memory: the test client would spool it to a file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(raw), "people.csv")})
    response = client.post(
        f"/cohorts/{cohort.id}/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    status, page = response.status_code, response.get_data(as_text=True)
    assert status == 413
    assert "The file is too large: the limit is 2 MB." in page
    assert f'href="/cohorts/{cohort.id}/import"' in page and "Traceback" not in page
    assert _users() == 1


def test_an_api_request_over_the_size_limit_gets_a_json_error(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(make_user(Role.PARTICIPANT).email)
    big = {"host_id": 1, "starts_at": "2026-04-07T09:00:00Z", "topic": "x" * 3_000_000}
    response = client.post("/api/v1/bookings", json=big)
    assert response.status_code == 413
    assert response.get_json() == {
        "error": "request_entity_too_large",
        "message": "The file is too large: the limit is 2 MB.",
    }


@pytest.mark.usefixtures("app")
def test_a_cell_over_the_csv_limit_is_reported_not_a_crash() -> None:
    raw = (HEADER + "asa@example.org,Åsa," + "x" * 200_000 + "\n").encode()
    report = import_participants(make_cohort(), raw)
    assert not report.ok
    assert "This is not valid CSV: field larger than field limit" in report.errors[0].message
    assert _users() == 0


@pytest.mark.usefixtures("app")
def test_exports_write_formulas_as_text_and_read_them_back() -> None:
    cohort = make_cohort()
    formula = '=HYPERLINK("https://evil.example","Click")'
    enrol(make_user(Role.PARTICIPANT, email="x@example.org", name=formula), cohort)
    exported = export_participants(cohort)
    [row] = csv.DictReader(io.StringIO(exported))
    assert row["name"] == "'" + formula
    again = import_participants(make_cohort(), exported.encode())
    assert again.ok, again.errors
    assert db.session.scalar(sa.select(User.name).where(User.email == "x@example.org")) == formula
