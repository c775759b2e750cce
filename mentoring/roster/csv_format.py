"""The participant CSV: its columns, and reading it into rows or errors by row and column.

Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from mentoring.cell_safety import neutralise, restore
from mentoring.errors import ValidationError
from mentoring.roster.upload import decode_csv
from mentoring.users.roles import PROFILE_ROLES, Role
from mentoring.vocabulary import AGE_BANDS, LANGUAGES, UI_LANGUAGES

COLUMNS = (
    "email",
    "name",
    "roles",
    "locale",
    "municipality",
    "languages",
    "gender",
    "age_band",
    "started_on",
    # Workplace programmes: the unit as a path ("Omsorg/Hemtjänst Norr") and the occupation.
    "unit",
    "occupation",
)
REQUIRED = ("email", "name")
#: Written by the export and ignored by the import, so an export can be imported again.
EXPORT_ONLY = ("ended_on", "end_reason")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class CsvError:
    row: int
    column: str
    message: str


@dataclass
class ParticipantRow:
    row: int
    email: str
    name: str
    roles: frozenset[Role] = frozenset({Role.PARTICIPANT})
    locale: str = "sv"
    municipality: str | None = None
    languages: tuple[str, ...] = ()
    gender: str | None = None
    age_band: str | None = None
    started_on: date | None = None
    unit: str = ""
    occupation: str = ""


@dataclass
class ParsedFile:
    rows: list[ParticipantRow] = field(default_factory=list)
    errors: list[CsvError] = field(default_factory=list)


def read_participants(raw: bytes) -> ParsedFile:
    """Parse a whole file; every problem is reported, none stops the reading early."""
    result = ParsedFile()
    try:
        text = decode_csv(raw)
    except ValidationError as error:
        result.errors.append(CsvError(0, "", error.message))
        return result
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        _read_rows(reader, result)
    except csv.Error as error:
        # A broken quote or a cell over the csv module's limit (131,072 characters).
        result.errors.append(
            CsvError(reader.line_num, "", _("This is not valid CSV: %(problem)s", problem=error))
        )
    if not result.rows and not result.errors:
        result.errors.append(CsvError(2, "", _("The file has no participants.")))
    return result


def _read_rows(reader: csv.DictReader[str], result: ParsedFile) -> None:
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in REQUIRED if name not in header]
    for name in missing:
        result.errors.append(CsvError(1, name, _("The column is missing from the header.")))
    unknown = [name for name in header if name not in COLUMNS and name not in EXPORT_ONLY]
    for name in unknown:
        result.errors.append(
            CsvError(
                1, name, _("Unknown column. Known columns: %(columns)s", columns=", ".join(COLUMNS))
            )
        )
    if missing or unknown:
        return
    seen: dict[str, int] = {}
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            result.errors.append(
                CsvError(number, "", _("Too many rows; the limit is %(count)d.", count=MAX_ROWS))
            )
            break
        if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
            continue
        row, errors = _read_row(number, record)
        if row is not None and row.email in seen:
            errors.append(
                CsvError(
                    number, "email", _("The same email is on row %(row)d.", row=seen[row.email])
                )
            )
        if row is not None:
            seen.setdefault(row.email, number)
        result.errors.extend(errors)
        if row is not None and not errors:
            result.rows.append(row)


def _delimiter(text: str) -> str:
    """Guess only the separator from the header; quoting is always Excel's.

    A sniffed dialect guesses quoting from the header too, which has no quotes, and then
    misreads a doubled quote in a later cell (``"Anna ""Annie"" Berg"``).
    """
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _cell(record: dict[str, str | None], name: str) -> str:
    value = record.get(name)
    return restore(value.strip()) if isinstance(value, str) else ""


def _read_row(
    number: int, record: dict[str, str | None]
) -> tuple[ParticipantRow | None, list[CsvError]]:
    errors: list[CsvError] = []

    def fail(column: str, message: str) -> None:
        errors.append(CsvError(number, column, message))

    if None in record:
        fail("", _("The row has more cells than the header."))
    email = _cell(record, "email")
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        fail("email", _("Not a valid email address: %(email)s", email=email or "(empty)"))
    name = _cell(record, "name")
    if not name:
        fail("name", _("The name is empty."))
    elif len(name) > 200:
        fail("name", _("Use at most %(count)d characters.", count=200))
    row = ParticipantRow(row=number, email=email, name=name)
    _read_choices(record, row, fail)
    return (row if not errors else None), errors


def _read_choices(record: dict[str, str | None], row: ParticipantRow, fail: object) -> None:
    assert callable(fail)
    roles_cell = _cell(record, "roles")
    if roles_cell:
        roles = {part.strip().lower() for part in roles_cell.split(";") if part.strip()}
        allowed = {role.value for role in PROFILE_ROLES}
        bad = sorted(roles - allowed)
        if bad:
            fail(
                "roles",
                _("Unknown role %(role)s; use participant, mentor or ambassador.", role=bad[0]),
            )
        else:
            row.roles = frozenset(Role(value) for value in roles)
    locale = _cell(record, "locale").lower() or "sv"
    if locale not in UI_LANGUAGES:
        fail("locale", _("Unknown language %(code)s; use sv, fi, en or ar.", code=locale))
    row.locale = locale
    languages = tuple(
        dict.fromkeys(p.strip().lower() for p in _cell(record, "languages").split(";") if p.strip())
    )
    bad_languages = [code for code in languages if code not in LANGUAGES]
    if bad_languages:
        fail("languages", _("Unknown language code %(code)s.", code=bad_languages[0]))
    row.languages = languages
    row.municipality = _cell(record, "municipality")[:100] or None
    row.gender = _cell(record, "gender")[:40] or None
    age_band = _cell(record, "age_band") or None
    if age_band is not None and age_band not in AGE_BANDS:
        fail("age_band", _("Unknown age band; use one of %(bands)s.", bands=", ".join(AGE_BANDS)))
    row.age_band = age_band
    row.unit = _cell(record, "unit")
    row.occupation = _cell(record, "occupation")
    started = _cell(record, "started_on")
    if started:
        try:
            row.started_on = date.fromisoformat(started)
        except ValueError:
            fail("started_on", _("Write the date as YYYY-MM-DD, not %(value)s.", value=started))


def write_participants(rows: list[dict[str, str]]) -> str:
    """Render rows (dicts keyed by the import and export-only columns) as CSV text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *EXPORT_ONLY], lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: neutralise(value) for key, value in row.items()} for row in rows)
    return out.getvalue()
