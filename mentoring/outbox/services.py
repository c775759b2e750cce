"""Queue email in the caller's transaction, so it commits (or rolls back) with the change.

The planning (opt-outs, quiet hours, what would be late) is ``notifications.planning``'s; the
sender delivers the rows later, so no page waits on the SMTP server.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.outbox.recipients import SqlRecipients
from mentoring.outbox.store import SqlOutbox
from notifications.model import Kind, OutboxItem
from notifications.planning import enqueue


def enqueue_items(
    items: Sequence[OutboxItem], now: datetime, session: Session | None = None
) -> int:
    """Add items in the caller's transaction (it commits), so they commit with its change."""
    session = session or db.session
    return enqueue(items, SqlOutbox(session), SqlRecipients(session), now)


def enqueue_notice(
    session: Session,
    recipient_id: int,
    kind: Kind,
    occasion: str,
    context: dict[str, str | int | float | bool | None],
    *,
    template: str | None = None,
    now: datetime | None = None,
) -> int:
    """Queue one notice (e.g. a match proposed) in the caller's transaction; no commit."""
    now = now or utcnow()
    item = OutboxItem(
        recipient_id=recipient_id,
        kind=kind,
        occasion=occasion,
        template=template or f"notice_{kind.value}",
        context=context,
        not_before=now,
    )
    return enqueue_items([item], now, session)
