"""Account emails (invitations, password resets, address changes) go through the outbox.

They are queued in the transaction of the change they belong to and sent by the sender, so a
page never waits on (or fails with) the SMTP server and nothing is left half done. Their
links are signed when the email is rendered (``mentoring.notices.account_links``), so no
working link is stored in the database.

Account emails are mandatory and not held by quiet hours: the outbox's planning would leave
them as they are, so they are written directly. A message to an account and one to an
address without an account then cost the same statements, which the password reset relies
on (its answer must not tell whether the address has an account).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.outbox.models import OutboxMessage as M
from mentoring.outbox.store import SqlOutbox
from notifications.model import Context, Kind, OutboxItem


def queue_account_email(
    template: str,
    context: Context,
    *,
    recipient_id: int | None = None,
    address: str | None = None,
    occasion: str | None = None,
    now: datetime | None = None,
) -> int:
    """Queue ``email/<template>.txt`` to an account or to a bare address; the caller commits.

    Without an ``occasion`` every call is a message of its own. Return how many rows were new.
    """
    assert (recipient_id is None) != (address is None)
    now = now or utcnow()
    item = OutboxItem(
        recipient_id=recipient_id,
        address=address,
        kind=Kind.ACCOUNT,
        occasion=occasion or f"{template}:{uuid.uuid4().hex}",
        template=template,
        context=context,
        not_before=now,
    )
    return SqlOutbox(db.session).add([item], now)


def forget_bare_addresses(before: datetime) -> int:
    """Delete finished messages to addresses without an account, queued before ``before``.

    They hold addresses of people who have no account here (and of changed addresses).
    """
    result = db.session.execute(
        sa.delete(M).where(
            M.recipient_id.is_(None),
            M.created_at < before,
            M.status.in_(("sent", "failed", "skipped")),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
