"""Tell people about their groups through the outbox, in the change's transaction."""

from __future__ import annotations

from datetime import datetime

from mentoring.extensions import db
from mentoring.groups.models import PeerGroup
from mentoring.outbox.services import enqueue_notice
from notifications.model import Kind


def group_published(group: PeerGroup, now: datetime) -> None:
    """Queue 'your group is published' for each of its members."""
    for user_id in group.member_ids:
        enqueue_notice(
            db.session,
            user_id,
            Kind.GROUP,
            f"group:{group.id}:published",
            {"group_name": group.name},
            now=now,
        )
