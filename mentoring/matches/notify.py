"""Tell people about their matches and groups through the outbox, in the change's transaction."""

from __future__ import annotations

from collections.abc import Iterable
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


def group_published(group_id: int, name: str, member_ids: Iterable[int], now: datetime) -> None:
    """Queue 'your group is published' for each member (plain values: groups sit above)."""
    for user_id in member_ids:
        enqueue_notice(
            db.session,
            user_id,
            Kind.GROUP,
            f"group:{group_id}:published",
            {"group_name": name},
            now=now,
        )
