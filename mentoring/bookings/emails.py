"""Booking emails: both sides hear that a session was booked, cancelled or moved.

They go through the notifications outbox, queued in the transaction that changes the
booking: an SMTP server that is down or slow delays them (the sender retries) and neither
loses them nor holds up the page. The sender renders them with the ``.ics`` file of the
booking as it is then, and skips a "booked" or "moved" email that a later change replaced.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from mentoring.bookings.models import Booking
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.outbox.recipients import recipients_known
from mentoring.outbox.services import enqueue_items
from notifications.model import Kind, OutboxItem

EVENTS = ("booked", "cancelled", "rescheduled")


@contextlib.contextmanager
def recipients_ready(*user_ids: int) -> Iterator[None]:
    """Look these people up for their emails now, before the caller takes the write lock."""
    with recipients_known(db.session, user_ids):
        yield


def queue_booking_email(booking: Booking, event: str) -> None:
    """Queue the email to both sides in the current transaction (the caller commits)."""
    assert event in EVENTS
    db.session.flush()  # the booking's id and sequence
    now = utcnow()
    occasion = f"booking:{booking.id}:{booking.sequence}:{event}"
    items = [
        OutboxItem(
            recipient_id=recipient_id,
            kind=Kind.BOOKING,
            occasion=occasion,
            template=f"booking_{event}",
            context={
                "booking_id": booking.id,
                "sequence": booking.sequence,
                "event": event,
                "other_name": other.name,
                "starts_at": booking.starts_at.isoformat(),
                "place": booking.place,
                "video_link": booking.video_link,
                "reason": booking.cancel_reason or "",
            },
            not_before=now,
        )
        for recipient_id, other in (
            (booking.participant_id, booking.host),
            (booking.host_id, booking.participant),
        )
    ]
    enqueue_items(items, now)  # both in one statement
