"""Pooled database connections: dead ones are noticed without a round trip to the server.

``pool_pre_ping`` asks the server ``SELECT 1`` at every checkout, one round trip per request
before the request does anything. Instead:

- at checkout, a PostgreSQL connection whose socket has something to read while it sat idle
  in the pool is replaced. An idle connection is sent nothing unless the server is ending it
  (``pg_terminate_backend``, a restart: a closing message, then end of file) or the network
  closed it, so one ``poll`` call, no round trip, tells the usual dead connection apart;
- connections are replaced after ``pool_recycle`` seconds (config), before a firewall or
  the server's idle timeout drops them unnoticed;
- the first statement of a transaction that fails because its connection turned out dead
  is run once more on a fresh connection: nothing was done on the dead one, so nothing is
  lost or done twice. A later failure (after work in the transaction) is not retried: the
  request answers 503 (``mentoring.error_handlers``).
"""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Result
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.pool import Pool


def _socket_of(dbapi_connection: Any) -> int | None:
    """Return a psycopg connection's socket (``None``: another driver, e.g. SQLite)."""
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is None:
        return None
    try:
        return int(pgconn.socket)
    except Exception:  # noqa: BLE001  (psycopg raises OperationalError on a closed one)
        return -1


def is_usable(dbapi_connection: Any) -> bool:
    """Tell, without asking the server, whether an idle pooled connection can be used."""
    fd = _socket_of(dbapi_connection)
    if fd is None:
        return True
    if fd < 0 or getattr(dbapi_connection, "closed", False):
        return False
    if getattr(dbapi_connection, "broken", False):
        return False
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    # Anything to read on an idle connection is the server saying goodbye, or end of file.
    return not poller.poll(0)


@event.listens_for(Pool, "checkout")
def _check_on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    if not is_usable(dbapi_connection):
        # The pool replaces this connection and tries again (SQLAlchemy's own protocol).
        raise DisconnectionError("the server closed this pooled connection")


@event.listens_for(Session, "do_orm_execute")
def _retry_first_statement(state: ORMExecuteState) -> Result[Any] | None:
    """Run the first statement of a transaction again if its connection was dead."""
    session = state.session
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        return None  # work was done in this transaction: it cannot be replayed here
    try:
        return state.invoke_statement()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        session.rollback()
        return state.invoke_statement()
