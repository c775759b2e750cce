"""Plain values that cross the boundary between the app and this package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# What a template may receive: JSON-friendly scalars only, so rows survive a round trip.
Context = Mapping[str, str | int | float | bool | None]


class Kind(StrEnum):
    """Reasons to write to someone; each can be chosen or declined on its own."""

    SESSION_24H = "session_24h"
    SESSION_1H = "session_1h"
    CHECK_IN = "check_in"
    INACTIVITY = "inactivity"
    AT_RISK = "at_risk"
    OUTCOME_FOLLOW_UP = "outcome_follow_up"
    MATCH = "match"
    GROUP = "group"
    DIGEST = "digest"
    ACCOUNT = "account"
    COORDINATOR_MESSAGE = "coordinator_message"
    NUDGE = "nudge"
    BOOKING = "booking"
    CONVERSATION_MESSAGE = "conversation_message"
    REASSESSMENT = "reassessment"


# Sent whatever the preferences say: a booked session's reminders (cancel the session to stop
# them, so they "cannot be turned off while a session is booked"), the confirmation of a
# session booked, moved or cancelled, and account emails.
MANDATORY_KINDS = frozenset({Kind.SESSION_24H, Kind.SESSION_1H, Kind.ACCOUNT, Kind.BOOKING})
# Sent even in quiet hours (21:00-08:00 in the recipient's time zone).
QUIET_HOURS_EXEMPT = frozenset({Kind.SESSION_1H, Kind.ACCOUNT, Kind.BOOKING})
OPTIONAL_KINDS = tuple(kind for kind in Kind if kind not in MANDATORY_KINDS)


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class OutboxItem:
    """A message that should be sent once to one person for one occasion.

    ``occasion`` makes the key unique: the same (recipient, kind, occasion) is stored once,
    however many times a due-finder finds it. ``not_before`` and ``expires_at`` are naive UTC;
    a message still unsent at ``expires_at`` is skipped rather than sent late.

    An account email may go to an ``address`` that has no account (a new address to confirm,
    a password reset asked for an unknown address): ``recipient_id`` is then ``None``.
    """

    recipient_id: int | None
    kind: Kind
    occasion: str
    template: str
    context: Context
    not_before: datetime
    expires_at: datetime | None = None
    skip_reason: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Recipient:
    """What the outbox needs to know about a person."""

    id: int
    email: str
    locale: str
    timezone: str
    declined: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClaimedMessage:
    """An outbox row this sender now owns until it is marked or its lease runs out."""

    id: int
    recipient_id: int | None
    kind: Kind
    occasion: str
    template: str
    context: Context
    attempts: int
    expires_at: datetime | None
    # The recipient's zone, so a retry of a quiet-hours-bound message waits for the morning.
    timezone: str = "Europe/Stockholm"
    # Set when the message goes to an address without an account (``recipient_id`` is None).
    address: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Email:
    """A rendered message, ready for a transport."""

    to: str
    subject: str
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
