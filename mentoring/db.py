"""Declarative base with a naming convention so Alembic migrations stay stable."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import MetaData, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def unique_where(name: str, *columns: str, where: str) -> sa.Index:
    """A unique index over the rows that match ``where`` only, the same on SQLite and PostgreSQL."""
    condition = sa.text(where)
    return sa.Index(name, *columns, unique=True, sqlite_where=condition, postgresql_where=condition)


def commit_or_refuse(session: Session, refusal: Exception) -> None:
    """Commit, or roll back and raise ``refusal`` when a unique rule of the database says no.

    Two requests racing for the same row both pass the checks in Python; the database's unique
    constraint settles it, and the one that lost hears why instead of seeing a server error.
    """
    try:
        session.commit()
    except sa.exc.IntegrityError as exc:
        session.rollback()
        raise refusal from exc


def is_postgres(executor: Session | sa.Connection) -> bool:
    bind = executor if isinstance(executor, sa.Connection) else executor.get_bind()
    return bind.dialect.name == "postgresql"


def dialect_insert(executor: Session | sa.Connection, model: Any) -> Any:
    """Return an INSERT that knows ON CONFLICT on both databases we support."""
    return postgresql.insert(model) if is_postgres(executor) else sqlite.insert(model)


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (portable across SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Let concurrent SQLite writers wait instead of failing, and keep foreign keys honest.

    WAL lets readers go on while one writes. The busy timeout (how long a writer waits for
    the write lock) is the driver's ``timeout``: ``SQLITE_BUSY_TIMEOUT`` (15 s) unless the
    engine options' ``connect_args`` say otherwise (tests of the wait use less).
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # SQLite's lower() folds ASCII only: searching "åsa" would miss "Åsa" (see ``casefold``).
    dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


class casefold(sa.sql.functions.GenericFunction[str]):  # noqa: N801 (an SQL function's name)
    """Text folded for case-insensitive search in any script: lower() on PostgreSQL."""

    type = sa.String()
    inherit_cache = True


@compiles(casefold, "sqlite")
def _casefold_sqlite(element: casefold, compiler: Any, **kw: Any) -> str:
    return f"casefold({compiler.process(element.clauses, **kw)})"


@compiles(casefold)
def _casefold_default(element: casefold, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"
