"""The backup check: a pg_dump restored into a fresh database holds the same rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from scripts.backup_check import differences, row_counts
from tests.bookings_factories import make_booking, make_pair
from tests.conftest import TEST_DATABASE_URL
from tests.notices_factories import NOON
from tests.processes import finish

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "backup_check.py"


def test_differences_name_each_table_that_does_not_match() -> None:
    source = {"users": 3, "bookings": 2, "audit_log": 5}
    restored = {"users": 3, "bookings": 1}
    assert differences(source, restored) == [
        "audit_log: 5 in the source, missing restored",
        "bookings: 2 in the source, 1 restored",
    ]
    assert differences(source, dict(source)) == []


@pytest.mark.postgres
def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(
    app: Flask, tmp_path: Path
) -> None:
    host, participant, _ = make_pair()
    make_booking(host, participant, NOON)
    kept = tmp_path / "mentoring.dump"
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), TEST_DATABASE_URL, "--keep", str(kept)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    printed = finish(process, seconds=300)
    assert process.returncode == 0, printed
    assert "same rows in every table" in printed
    counts = row_counts(sa.engine.make_url(TEST_DATABASE_URL))
    assert counts["users"] == 2 and counts["bookings"] == 1
    assert f"{'bookings':40} {1:>10} {1:>10}" in printed
    assert kept.stat().st_size > 0
    leftover = sa.text("SELECT count(*) FROM pg_database WHERE datname LIKE '%restore_check%'")
    engine = sa.create_engine(
        sa.engine.make_url(TEST_DATABASE_URL).set(drivername="postgresql+psycopg")
    )
    with engine.connect() as connection:
        assert connection.scalar(leftover) == 0
    engine.dispose()
