"""What this package needs from the app, as Protocols the app implements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Protocol

from notifications.model import ClaimedMessage, Email, OutboxItem, Recipient

Deliver = Callable[[Email], None]


class OutboxStore(Protocol):
    """Durable outbox rows; every method is one short transaction except ``add``."""

    def add(self, items: Sequence[OutboxItem], now: datetime) -> int:
        """Insert items whose key is new, in the caller's transaction; return how many."""
        ...

    def claim(
        self, worker: str, now: datetime, limit: int, lease: timedelta
    ) -> list[ClaimedMessage]:
        """Atomically take up to ``limit`` due rows (or rows whose lease ran out)."""
        ...

    def mark_sent(self, message_id: int, now: datetime) -> None: ...

    def mark_retry(
        self, message_id: int, now: datetime, error: str, retry_at: datetime
    ) -> None: ...

    def mark_failed(self, message_id: int, now: datetime, error: str) -> None: ...

    def mark_skipped(self, message_id: int, now: datetime, reason: str) -> None: ...


class Recipients(Protocol):
    def lookup(self, ids: Sequence[int]) -> dict[int, Recipient]:
        """Return the people among ``ids`` who can still receive email."""
        ...


class Renderer(Protocol):
    def prepare(self, messages: Sequence[ClaimedMessage]) -> None:
        """Load what a batch needs in one go (recipients), before rendering it."""
        ...

    def render(self, message: ClaimedMessage) -> Email | None:
        """Render a claimed message, or return None when it no longer applies."""
        ...


class Transport(Protocol):
    def connect(self) -> AbstractContextManager[Deliver]:
        """Open one SMTP connection (with a timeout) for a batch of messages."""
        ...
