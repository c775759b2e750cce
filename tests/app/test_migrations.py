"""The checked-in Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from mentoring import create_app
from mentoring.extensions import db
from tests.conftest import TEST_DATABASE_URL, base_config

SCHEMA = "migration_check"


def _assert_migrations_match_models(uri: str) -> None:
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=uri))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_migrations_match_models_on_sqlite(tmp_path: Path) -> None:
    _assert_migrations_match_models(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")


def test_migrating_in_process_keeps_the_request_log_on(tmp_path: Path) -> None:
    """Alembic's logging set-up must not silence the loggers the app already made."""
    request_log = logging.getLogger("mentoring.requests")
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    assert not request_log.disabled


@pytest.mark.postgres
def test_migrations_match_models_on_postgresql() -> None:
    engine = sa.create_engine(
        TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    )
    with engine.begin() as connection:
        connection.execute(
            sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        )
    try:
        separator = "&" if "?" in TEST_DATABASE_URL else "?"
        _assert_migrations_match_models(
            f"{TEST_DATABASE_URL}{separator}options=-csearch_path%3D{SCHEMA}"
        )
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        engine.dispose()
