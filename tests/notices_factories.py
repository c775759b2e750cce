"""Test data and helpers for notifications: outbox items, fake sources, misbehaving servers."""

from __future__ import annotations

import itertools
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiosmtpd.controller import Controller
from flask import Flask

from mentoring import create_app
from mentoring.extensions import db
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from mentoring.outbox.services import enqueue_items
from mentoring.users.models import User
from mentoring.users.roles import Role
from notifications.model import Kind, OutboxItem
from notifications.sender import SendReport
from notifications.sources import UpcomingSession
from tests.conftest import base_config
from tests.factories import make_user
from tests.mailbox import SmtpSink, _Collector

_counter = itertools.count(1)


def make_app(uri: str, port: int, **extra: object) -> Flask:
    return create_app(
        base_config(SQLALCHEMY_DATABASE_URI=uri, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, **extra)
    )


NOON = datetime(2026, 3, 10, 11, 0)  # 12:00 in Stockholm: outside quiet hours


def make_people(count: int, *, locale: str = "en") -> list[User]:
    users = [
        User(email=f"bulk{next(_counter)}@example.org", name=f"Bulk {i}", locale=locale)
        for i in range(count)
    ]
    for user in users:
        user.set_roles({Role.PARTICIPANT})
    db.session.add_all(users)
    db.session.commit()
    return users


def item_for(
    user: User,
    *,
    kind: Kind = Kind.INACTIVITY,
    occasion: str | None = None,
    template: str = "reminder_inactivity",
    not_before: datetime = NOON,
    expires_at: datetime | None = None,
    context: dict[str, str | int | float | bool | None] | None = None,
) -> OutboxItem:
    return OutboxItem(
        recipient_id=user.id,
        kind=kind,
        occasion=occasion or f"test:{next(_counter)}",
        template=template,
        context=context if context is not None else {"days": 8},
        not_before=not_before,
        expires_at=expires_at,
    )


def queue(items: list[OutboxItem], now: datetime = NOON) -> int:
    added = enqueue_items(items, now)
    db.session.commit()
    return added


def statuses() -> dict[int, str]:
    return dict(db.session.execute(db.select(OutboxMessage.id, OutboxMessage.status)).all())


def make_person(**kwargs: object) -> User:
    return make_user(password=None, **kwargs)  # type: ignore[arg-type]


@dataclass
class FakeSessions:
    """A session source kept in memory, as bookings will provide it."""

    sessions: dict[int, UpcomingSession] = field(default_factory=dict)

    def book(self, session_id: int, starts_at: datetime, attendees: tuple[int, ...]) -> None:
        self.sessions[session_id] = UpcomingSession(
            session_kind="booking",
            session_id=session_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            attendee_ids=attendees,
            title="Python basics",
            location="Library",
        )

    def cancel(self, session_id: int) -> None:
        del self.sessions[session_id]

    def sessions_between(self, start: datetime, end: datetime) -> list[UpcomingSession]:
        return [s for s in self.sessions.values() if start <= s.starts_at < end]

    def is_booked(
        self, session_kind: str, session_id: int, starts_at: datetime, person_id: int
    ) -> bool:
        found = self.sessions.get(session_id)
        return (
            found is not None and found.starts_at == starts_at and person_id in found.attendee_ids
        )


class SinkAt(SmtpSink):
    """A real SMTP server on a chosen port (to bring a "broken" server back)."""

    def __init__(self, port: int) -> None:  # noqa: D107  (no super(): it would pick a port)
        self.host = "127.0.0.1"
        self.port = port
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname=self.host, port=port)


class SilentServer:
    """Accepts TCP connections and never says a word: a hung SMTP server."""

    def __init__(self, port: int) -> None:
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.socket.listen(64)

    def close(self) -> None:
        self.socket.close()


def deliver() -> SendReport:
    """Run the outbox's sender once, as the scheduler would, so queued emails reach the sink."""
    return send_outbox(worker="test")
