"""A change counter per table, moved in the transaction that changed the table.

The session's events note which tables a transaction writes: ``after_flush`` sees the rows the
unit of work inserted, deleted or really changed (``Session.is_modified``: an attribute set to
the value it had writes nothing), ``do_orm_execute`` the INSERT, UPDATE and DELETE statements
run through the session (``sa.update(...)`` and the like, bulk or not; an UPDATE or DELETE with
one set of parameters counts only if it changed a row). A delete also counts for
every table whose foreign key to it says ON DELETE CASCADE or SET NULL (the database changes
those rows itself), and so on down. Just before the commit, ``before_commit`` flushes what is
pending and adds one to each noted table's row of ``table_versions`` with one upsert, in the
same transaction: a rollback undoes the bump with the change, and no change commits without
it. A released savepoint keeps its notes for the outer commit (``Session.commit()`` with a
savepoint open releases it first, then commits, and bumps; committing the outer
``SessionTransaction`` object itself while a savepoint is open would not bump: nothing does).

Writes that go around the session (``session.connection().execute``, ``engine.begin()``) are
not seen: they call :func:`bump` themselves when they write a table that a cached result reads
(the outbox's and the scheduler's own writes, the only ones today, write no such table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.session import SessionTransaction

from mentoring.db import Base, dialect_insert

table_versions = sa.Table(
    "table_versions",
    Base.metadata,
    sa.Column("name", sa.String(63), primary_key=True),
    sa.Column("version", sa.BigInteger(), nullable=False),
)

_WRITTEN = "changes.written"  # session.info key: the names of the tables this transaction wrote
_CASCADES = ("CASCADE", "SET NULL", "SET DEFAULT")
# The table a textual INSERT, UPDATE or DELETE writes (``sa.text`` run through the session).
_TEXT_DML = re.compile(
    r'^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?(\w+)', re.IGNORECASE
)
_DML_WORD = re.compile(r"^\s*(?:insert|update|delete|replace|merge|truncate)\b", re.IGNORECASE)


@cache
def _followers(name: str, on: str) -> frozenset[str]:
    """The tables the database changes itself when a row of ``name`` is deleted (``on`` is
    "delete") or its key updated ("update"): foreign keys with CASCADE or SET NULL, transitively."""
    found: set[str] = set()
    todo = [name]
    while todo:
        referred = todo.pop()
        for table in Base.metadata.tables.values():
            for key in table.foreign_keys:
                action = key.ondelete if on == "delete" else key.onupdate
                if (
                    key.column.table.name == referred
                    and (action or "").upper() in _CASCADES
                    and table.name not in found
                ):
                    found.add(table.name)
                    todo.append(table.name)
    return frozenset(found)


def _note(session: Session, names: Iterable[str], *, how: str = "write") -> None:
    written: set[str] = session.info.setdefault(_WRITTEN, set())
    for name in names:
        written.add(name)
        if how != "write":
            written.update(_followers(name, how))


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    for state, (isdelete, _listonly) in list(flush_context.states.items()):
        mapper = state.mapper
        names = [table.name for table in mapper.tables]  # type: ignore[attr-defined]
        if isdelete:
            _note(session, names, how="delete")
        elif state.key is None:  # inserted by this flush
            _note(session, names)
        else:
            instance = state.obj()
            if instance is not None and session.is_modified(instance, include_collections=False):
                _note(session, names)
        # Rows of association tables (many-to-many) have no object of their own.
        for relationship in mapper.relationships:
            secondary = relationship.secondary
            if secondary is not None and (
                isdelete or state.attrs[relationship.key].history.has_changes()
            ):
                _note(session, [secondary.name])  # type: ignore[attr-defined]


def _statement_tables(state: ORMExecuteState) -> tuple[list[str], str] | None:
    """The tables a statement run through the session writes, and how; None for a read."""
    statement = state.statement
    if isinstance(statement, sa.TextClause):
        text = statement.text
        if not _DML_WORD.match(text):
            return None
        found = _TEXT_DML.match(text)
        # An INSERT, UPDATE or DELETE we cannot read the table of: every table, to be safe.
        names = [found.group(1)] if found else list(Base.metadata.tables)
        verb = text.split(None, 1)[0].lower()
        return names, verb if verb in ("delete", "update") else "write"
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    names = [statement.table.name]  # type: ignore[attr-defined]
    if state.bind_mapper is not None:  # an ORM statement on a class: all of its tables
        names += [table.name for table in state.bind_mapper.tables]  # type: ignore[attr-defined]
    how = "delete" if state.is_delete else "update" if state.is_update else "write"
    return names, how


def _on_execute(state: ORMExecuteState) -> sa.Result[Any] | None:
    found = _statement_tables(state)
    if found is None:
        return None
    names, how = found
    if how == "write" or isinstance(state.parameters, (list, tuple)):
        _note(state.session, names, how=how)
        return None
    # One UPDATE or DELETE: counted only if it changed a row (a daily purge that finds nothing
    # to delete changes nothing, and keeps every cached result). -1 means "not known": counted.
    result = state.invoke_statement()
    if getattr(result, "rowcount", -1) != 0:
        _note(state.session, names, how=how)
    return result


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint released: the outer commit bumps what it wrote. Bumping here would hold
        # the counters' row locks (PostgreSQL) while the transaction goes on to wait for others.
        return
    session.flush()  # the commit's own flush comes after this event: its writes count too
    written = session.info.pop(_WRITTEN, None)
    if written:
        bump(session.connection(), written)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost one: committed (bumped) or rolled back
        session.info.pop(_WRITTEN, None)


def track_writes(session_class: type[Session] = FlaskSession) -> None:
    """Listen to every session of the app's kind (once, however many apps are made)."""
    listeners: list[tuple[str, Any]] = [
        ("after_flush", _after_flush),
        ("do_orm_execute", _on_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ]
    for name, listener in listeners:
        if not event.contains(session_class, name, listener):
            event.listen(session_class, name, listener)


def bump(connection: sa.Connection, names: Iterable[str]) -> None:
    """Add one to the counters of these tables (created at 1), in ``connection``'s transaction.

    One statement; the rows in name order, so two transactions never wait for each other's
    rows the other way round (a deadlock on PostgreSQL).
    """
    rows = [{"name": name, "version": 1} for name in sorted(set(names))]
    if not rows:
        return
    insert = dialect_insert(connection, table_versions).values(rows)
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=[table_versions.c.name],
            set_={"version": table_versions.c.version + 1},
        )
    )


def read_versions(session: Session, names: Sequence[str]) -> tuple[int, ...]:
    """The counters of these tables, in this order (0 for a table never written): one SELECT."""
    rows = dict(
        session.execute(
            sa.select(table_versions.c.name, table_versions.c.version).where(
                table_versions.c.name.in_(names)
            )
        ).all()
    )
    return tuple(int(rows.get(name, 0)) for name in names)


def has_pending_writes(session: Session) -> bool:
    """Whether the session holds writes not committed yet (flushed or not)."""
    return bool(session.info.get(_WRITTEN) or session.new or session.dirty or session.deleted)
