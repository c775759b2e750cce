"""On PostgreSQL, audit rows cannot be updated or deleted, not even by the app's own role.

One narrow exception: an erasure may redact an entry's details (never who, what or when) inside
a transaction that first calls ``allow_redaction``. The same SQL is in migration 0009.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND current_setting('mentoring.audit_redaction', true) = 'on'
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
     AND NEW.subject_user_id IS NOT DISTINCT FROM OLD.subject_user_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING DETAIL = TG_OP || ' refused';
END
$$ LANGUAGE plpgsql
"""
CREATE_TRIGGER = """
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
"""
DROP = """
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
DROP FUNCTION IF EXISTS audit_log_append_only()
"""


def install(table: sa.Table) -> None:
    """Create the trigger whenever the table is created on PostgreSQL (tests use create_all)."""
    for statement in (CREATE_FUNCTION, CREATE_TRIGGER):
        sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect="postgresql"))


def allow_redaction(session: Session) -> None:
    """Let this transaction redact audit details (erasure); ends with the transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT set_config('mentoring.audit_redaction', 'on', true)"))
