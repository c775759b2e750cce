"""Who an outbox row goes to: enabled accounts, their address, locale, zone and opt-outs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from mentoring.outbox.models import NotificationPreference
from mentoring.users.models import User
from notifications.model import Recipient

# Recipients looked up ahead of a write transaction, by id (``Session.info`` key).
KNOWN_RECIPIENTS = "outbox.known_recipients"


@contextlib.contextmanager
def recipients_known(session: Session, ids: Sequence[int]) -> Iterator[None]:
    """Look these recipients up now, for the outbox rows queued until the block ends.

    A booking queues its emails and reminders while it holds SQLite's single write lock;
    looking the people up before taking it keeps that lock for writes and clash checks only.
    """
    session.info[KNOWN_RECIPIENTS] = SqlRecipients(session).lookup(sorted(set(ids)))
    try:
        yield
    finally:
        session.info.pop(KNOWN_RECIPIENTS, None)


class SqlRecipients:
    """``notifications.ports.Recipients``: enabled accounts, their addresses and opt-outs."""

    def __init__(
        self, session: Session | Connection, known: dict[int, Recipient] | None = None
    ) -> None:
        self.session = session
        if known is None and not isinstance(session, Connection):  # a session, maybe scoped
            known = session.info.get(KNOWN_RECIPIENTS)
        self.known = known or {}

    def lookup(self, ids: Sequence[int]) -> dict[int, Recipient]:
        found = {i: self.known[i] for i in ids if i in self.known}
        ids = [i for i in ids if i not in found]
        for start in range(0, len(ids), 1000):
            chunk = list(ids[start : start + 1000])
            declined: dict[int, set[str]] = {}
            for user_id, kind in self.session.execute(
                sa.select(NotificationPreference.user_id, NotificationPreference.kind).where(
                    NotificationPreference.user_id.in_(chunk),
                    NotificationPreference.enabled.is_(False),
                )
            ):
                declined.setdefault(user_id, set()).add(kind)
            rows = self.session.execute(
                sa.select(User.id, User.email, User.locale, User.timezone).where(
                    User.id.in_(chunk), User.is_enabled.is_(True)
                )
            )
            for row in rows:
                found[row.id] = Recipient(
                    id=row.id,
                    email=row.email,
                    locale=row.locale,
                    timezone=row.timezone,
                    declined=frozenset(declined.get(row.id, ())),
                )
        return found
