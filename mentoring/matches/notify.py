"""Tell people about their matches through the outbox, in the change's transaction."""

from __future__ import annotations

from datetime import datetime

from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.outbox.services import enqueue_notice
from notifications.model import Kind


def pairing_event(
    pairing: Pairing, event: str, now: datetime, *, to: tuple[int, ...] | None = None
) -> None:
    """Queue a 'proposed', 'accepted' or 'declined' notice for both people (or those in ``to``)."""
    names = {pairing.mentee_id: pairing.mentor.name, pairing.mentor_id: pairing.mentee.name}
    for recipient in to or (pairing.mentee_id, pairing.mentor_id):
        enqueue_notice(
            db.session,
            recipient,
            Kind.MATCH,
            f"pairing:{pairing.id}:{event}",
            {"event": event, "other_name": names[recipient]},
            now=now,
        )
