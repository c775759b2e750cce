"""Everything stored about one person, gathered from every table that points at them.

The tables are found from the metadata (every foreign key to ``users.id``), so a table added
later is in the export without a change here.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from mentoring.audit.services import record
from mentoring.extensions import db

# Secrets are not personal data the person needs, and showing them would weaken them.
HIDDEN_COLUMNS = {
    "password_hash",
    "token",
    "token_hash",
    "request_key",
    "claimed_by",
    "secret",
    "code_hash",
}
# Rows that hang off a row of the person's (their profile's skills, their availability windows,
# the answers of their test attempts).
OWNED_CHILDREN = {"profiles", "booking_hosts", "test_attempts"}


def user_columns(table: sa.Table) -> list[sa.Column[Any]]:
    """Return the columns of ``table`` that reference ``users.id``."""
    return [
        column
        for column in table.columns
        if any(fk.column.table.name == "users" for fk in column.foreign_keys)
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rows(table: sa.Table, condition: sa.ColumnElement[bool]) -> list[dict[str, Any]]:
    query = sa.select(table).where(condition)
    keys = [column for column in table.columns if column.name not in HIDDEN_COLUMNS]
    rows = db.session.execute(query.order_by(*table.primary_key.columns)).mappings()
    return [{column.name: _plain(row[column]) for column in keys} for row in rows]


def collect(user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Return the person's rows, table by table, as JSON-ready dictionaries."""
    users = db.metadata.tables["users"]
    data: dict[str, list[dict[str, Any]]] = {"users": _rows(users, users.c.id == user_id)}
    for table in db.metadata.sorted_tables:
        columns = user_columns(table)
        if not columns:
            continue
        rows = _rows(table, sa.or_(*(column == user_id for column in columns)))
        if rows:
            data[table.name] = rows
    for table in db.metadata.sorted_tables:
        if user_columns(table):
            continue  # gathered above by its own column (e.g. a verified level's attempt)
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent.name not in OWNED_CHILDREN or parent.name not in data:
                continue
            ids = [row[fk.column.name] for row in data[parent.name]]
            rows = _rows(table, fk.parent.in_(ids))
            if rows:
                data.setdefault(table.name, []).extend(rows)
    return data


def export_for(user_id: int, *, fmt: str) -> dict[str, list[dict[str, Any]]]:
    """Collect the person's data and log that they downloaded it."""
    data = collect(user_id)
    record(user_id, "privacy.exported", subject_user_id=user_id, format=fmt)
    db.session.commit()
    return data
