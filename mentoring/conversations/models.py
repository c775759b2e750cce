"""A thread per pairing, ambassador route or peer group; its messages; each member's reading."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.db import utcnow
from mentoring.extensions import db

KINDS = ("pairing", "route", "group")


class Conversation(db.Model):
    """The thread of one pairing, route or group; made when its first message is written."""

    __tablename__ = "conversations"
    __table_args__ = (
        sa.UniqueConstraint("kind", "subject_id"),
        sa.CheckConstraint("kind IN ('pairing', 'route', 'group')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The subject is a pairing, an ambassador route or a peer group, by ``kind``.
    kind: Mapped[str] = mapped_column(sa.String(10))
    subject_id: Mapped[int]
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime | None]


class ConversationMessage(db.Model):
    """One message; erasing its author empties it and marks it removed."""

    __tablename__ = "conversation_messages"
    __table_args__ = (
        sa.Index("ix_conversation_messages_conversation_sent", "conversation_id", "sent_at"),
        sa.Index("ix_conversation_messages_programme_reported", "programme_id", "reported_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE")
    )
    # Kept with the message so the coordinators' list of reported messages needs no join.
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    reported_at: Mapped[datetime | None]
    reported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class ConversationReader(db.Model):
    """What one member has read of a thread, and when they were last emailed about it."""

    __tablename__ = "conversation_readers"

    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    read_at: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]
