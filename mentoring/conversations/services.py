"""Write, read and report messages in a thread; coordinators see only what was reported.

Writing stores the message, counts as activity ("conversation_message") and emails the other
members a link (never the text) through the outbox, at most once an hour per thread and
person; the outbox applies their preferences and quiet hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from mentoring.activity.events import record_event
from mentoring.audit.services import record
from mentoring.conversations.members import Subject, subject_for, subjects_of
from mentoring.conversations.models import Conversation, ConversationMessage, ConversationReader
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.outbox.services import enqueue_notice
from mentoring.programmes.services import coordinated_programme, is_coordinator_of
from mentoring.users.models import User
from notifications.model import Kind

MAX_LENGTH = 2000
EMAIL_GAP = timedelta(hours=1)
PAGE = 200


@dataclass(frozen=True)
class Thread:
    subject: Subject
    conversation: Conversation | None
    unread: int = 0


@dataclass(frozen=True)
class Line:
    message: ConversationMessage
    author_name: str


def _conversation(subject: Subject) -> Conversation | None:
    return db.session.scalar(
        sa.select(Conversation).where(
            Conversation.kind == subject.kind, Conversation.subject_id == subject.id
        )
    )


def _unread(user_id: int | sa.ColumnElement[int], *columns: Any) -> sa.Select[Any]:
    """``columns`` of the messages others wrote to ``user_id`` since they last read the thread."""
    m, r = ConversationMessage, ConversationReader
    return (
        sa.select(*columns)
        .select_from(m)
        .join(r, sa.and_(r.conversation_id == m.conversation_id, r.user_id == user_id))
        .where(
            m.author_id != user_id,
            m.removed.is_(False),
            sa.or_(r.read_at.is_(None), m.sent_at > r.read_at),
        )
    )


def _unread_by_conversation(user_id: int, ids: Sequence[int] | None = None) -> dict[int, int]:
    m = ConversationMessage
    query = _unread(user_id, m.conversation_id, sa.func.count()).group_by(m.conversation_id)
    if ids is not None:
        query = query.where(m.conversation_id.in_(ids))
    return {cid: n for cid, n in db.session.execute(query).all()}


def unread_count(user_id: sa.ColumnElement[int]) -> sa.Select[tuple[int]]:
    """Messages others wrote to the person since they last opened each thread, as a query
    the home page reads with its other counts."""
    return _unread(user_id, sa.func.count())


def threads_of(user: User) -> list[Thread]:
    """The person's threads, with unread counts (a fixed number of statements)."""
    subjects = subjects_of(user.id)
    if not subjects:
        return []
    kinds = {(s.kind, s.id) for s in subjects}
    found = db.session.scalars(
        sa.select(Conversation).where(
            sa.or_(
                *(
                    sa.and_(Conversation.kind == kind, Conversation.subject_id.in_(ids))
                    for kind in ("pairing", "route", "group")
                    if (ids := [i for k, i in kinds if k == kind])
                )
            )
        )
    ).all()
    by_subject = {(c.kind, c.subject_id): c for c in found}
    unread = _unread_by_conversation(user.id, [c.id for c in found])
    threads = []
    for s in subjects:
        conversation = by_subject.get((s.kind, s.id))
        count = unread.get(conversation.id, 0) if conversation else 0
        threads.append(Thread(s, conversation, count))
    return threads


def thread(user: User, kind: str, subject_id: int) -> Thread:
    """One of the person's threads (404 for anyone outside it)."""
    subject = subject_for(user.id, kind, subject_id)
    return Thread(subject, _conversation(subject))


def lines(found: Thread, *, limit: int = PAGE) -> list[Line]:
    """The thread's latest messages, oldest first, with their authors' names."""
    if found.conversation is None:
        return []
    rows = db.session.execute(
        sa.select(ConversationMessage, User.name)
        .join(User, User.id == ConversationMessage.author_id)
        .where(ConversationMessage.conversation_id == found.conversation.id)
        .order_by(ConversationMessage.sent_at.desc(), ConversationMessage.id.desc())
        .limit(limit)
    ).all()
    return [Line(message, name) for message, name in reversed(rows)]


def _reader(conversation_id: int, user_id: int) -> ConversationReader:
    reader = db.session.get(ConversationReader, (conversation_id, user_id))
    if reader is None:
        reader = ConversationReader(conversation_id=conversation_id, user_id=user_id)
        db.session.add(reader)
    return reader


def mark_read(user: User, found: Thread, *, now: datetime) -> None:
    """Remember that ``user`` has read the thread up to ``now``."""
    if found.conversation is None:
        return
    _reader(found.conversation.id, user.id).read_at = now
    db.session.commit()


def _open_conversation(subject: Subject, now: datetime) -> Conversation:
    conversation = _conversation(subject)
    if conversation is not None:
        return conversation
    try:
        with db.session.begin_nested():
            conversation = Conversation(
                kind=subject.kind,
                subject_id=subject.id,
                programme_id=subject.programme_id,
                created_at=now,
            )
            db.session.add(conversation)
    except IntegrityError:  # the other member opened it at the same moment
        conversation = _conversation(subject)
        assert conversation is not None
    return conversation


def _checked(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationError(_("Write your message."), field="body")
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("Keep it under %(n)d characters.", n=MAX_LENGTH), field="body")
    return text


def send(user: User, kind: str, subject_id: int, body: str, *, now: datetime) -> Line:
    """Store a message, record the activity and email the other members a link (hourly)."""
    subject = subject_for(user.id, kind, subject_id)
    if not subject.writable:
        raise Conflict(_("This match has ended: you can read the messages but not write."))
    text = _checked(body)
    record_event(user.id, "conversation_message", now)
    conversation = _open_conversation(subject, now)
    message = ConversationMessage(
        conversation_id=conversation.id,
        programme_id=subject.programme_id,
        author_id=user.id,
        body=text,
        sent_at=now,
    )
    db.session.add(message)
    conversation.last_message_at = now
    _reader(conversation.id, user.id).read_at = now
    db.session.flush()
    for member in subject.others(user.id):
        _tell(member.id, conversation, message, user, now)
    db.session.commit()
    return Line(message, user.name)


def _tell(
    recipient_id: int,
    conversation: Conversation,
    message: ConversationMessage,
    author: User,
    now: datetime,
) -> None:
    reader = _reader(conversation.id, recipient_id)
    if reader.notified_at is not None and now - reader.notified_at < EMAIL_GAP:
        return
    reader.notified_at = now
    enqueue_notice(
        db.session,
        recipient_id,
        Kind.CONVERSATION_MESSAGE,
        f"conversation:{conversation.id}:{message.id}",
        {
            "sender_name": author.name,
            "thread_kind": conversation.kind,
            "subject_id": conversation.subject_id,
        },
        now=now,
    )


def report(user: User, message_id: int, *, now: datetime) -> ConversationMessage:
    """Show a message someone else wrote to the programme's coordinators."""
    message = db.session.get(ConversationMessage, message_id)
    conversation = message and db.session.get(Conversation, message.conversation_id)
    if message is None or conversation is None:
        raise NotFound(_("No such message."))
    subject_for(user.id, conversation.kind, conversation.subject_id)
    if message.author_id == user.id:
        raise ValidationError(_("You cannot report your own message."))
    if message.reported_at is None:
        message.reported_at, message.reported_by_id = now, user.id
        record(user.id, "conversation.reported", object_type="message", object_id=message.id)
        db.session.commit()
    return message


def reported(user: User, programme_id: int) -> list[Line]:
    """Reported messages of the programme still shown, newest report first."""
    coordinated_programme(user, programme_id)
    rows = db.session.execute(
        sa.select(ConversationMessage, User.name)
        .join(User, User.id == ConversationMessage.author_id)
        .where(
            ConversationMessage.programme_id == programme_id,
            ConversationMessage.reported_at.is_not(None),
            ConversationMessage.removed.is_(False),
        )
        .order_by(ConversationMessage.reported_at.desc(), ConversationMessage.id.desc())
        .limit(PAGE)
    ).all()
    return [Line(message, name) for message, name in rows]


def reported_counts(programme_ids: Sequence[int]) -> dict[int, int]:
    """Reported messages still shown, per programme (for the coordinator's home)."""
    if not programme_ids:
        return {}
    m = ConversationMessage
    rows = db.session.execute(
        sa.select(m.programme_id, sa.func.count())
        .where(m.programme_id.in_(programme_ids), m.reported_at.is_not(None), m.removed.is_(False))
        .group_by(m.programme_id)
    ).all()
    return {pid: n for pid, n in rows}


def remove(user: User, message_id: int) -> ConversationMessage:
    """A coordinator takes down a reported message: its text goes, "removed" shows."""
    message = db.session.get(ConversationMessage, message_id)
    if (
        message is None
        or message.reported_at is None
        or not is_coordinator_of(user, message.programme_id)
    ):
        raise NotFound(_("No such message."))
    message.body, message.removed = "", True
    record(user.id, "conversation.removed", object_type="message", object_id=message.id)
    db.session.commit()
    return message
