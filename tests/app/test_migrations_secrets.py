"""Migration 0017 encrypts the authenticator keys already stored and hashes feed tokens.

A database at the revision before holds a plain key and a plain feed token; after the
upgrade neither is readable in the database, the person's codes still work and the calendar
address they subscribed to still answers. The downgrade gives the keys back in plain text.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from mentoring import create_app
from mentoring.bookings.calendar import feed_ics, token_digest
from mentoring.extensions import db
from mentoring.paths import MIGRATIONS_DIR
from mentoring.two_factor import totp
from mentoring.two_factor.models import TwoFactor
from tests.conftest import TEST_DATABASE_URL, base_config

# The revision just before 0017, as the migration itself names it.
MIGRATION = MIGRATIONS_DIR / "versions" / "0017_secrets_at_rest.py"
BEFORE = re.search(r'^down_revision = "(\w+)"', MIGRATION.read_text(), re.M).group(1)  # type: ignore[union-attr]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOKEN = "an-old-feed-token-subscribed-to-in-outlook"


def _check(uri: str) -> None:
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=uri))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO users (id, email, name, locale, timezone, is_enabled,"
                    " session_version, created_at) VALUES (1, 'a@example.org', 'A', 'en',"
                    " 'Europe/Stockholm', true, 0, :now)"
                ),
                {"now": datetime(2026, 1, 1)},
            )
            connection.execute(
                sa.text("INSERT INTO two_factor (user_id, secret, enabled_at) VALUES (1, :s, :t)"),
                {"s": SECRET, "t": datetime(2026, 1, 1)},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO calendar_feeds (user_id, token, created_at) VALUES (1, :k, :t)"
                ),
                {"k": TOKEN, "t": datetime(2026, 1, 1)},
            )
        upgrade()
        with db.engine.connect() as connection:
            stored = connection.scalar(sa.text("SELECT secret FROM two_factor"))
            digest = connection.scalar(sa.text("SELECT token_hash FROM calendar_feeds"))
        assert SECRET not in stored and stored.startswith("gAAAAA")  # a Fernet token
        assert digest == token_digest(TOKEN) and TOKEN not in digest
        settings = db.session.get(TwoFactor, 1)
        assert settings is not None and settings.secret == SECRET
        assert totp.code_for(settings.secret, 1) == totp.code_for(SECRET, 1)
        assert b"BEGIN:VCALENDAR" in feed_ics(TOKEN)
        db.session.remove()
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT secret FROM two_factor")) == SECRET
        downgrade(revision="base")
        db.engine.dispose()


def test_existing_keys_and_tokens_are_protected_on_sqlite(tmp_path: Path) -> None:
    _check(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")


@pytest.mark.postgres
def test_existing_keys_and_tokens_are_protected_on_postgresql() -> None:
    schema = "secrets_migration"
    engine = sa.create_engine(
        TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    )
    with engine.begin() as connection:
        connection.execute(
            sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
        )
    try:
        separator = "&" if "?" in TEST_DATABASE_URL else "?"
        _check(f"{TEST_DATABASE_URL}{separator}options=-csearch_path%3D{schema}")
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()
