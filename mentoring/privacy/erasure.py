"""Erase a person: anonymise what identifies them, keep the rows that statistics count.

Bookings, attendance, outcomes, feedback scores and activity stay (so hours, counts and
outcome shares do not change); names, addresses, free texts and self-described attributes go.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.audit.append_only import allow_redaction
from mentoring.audit.services import record
from mentoring.errors import Conflict, NotFound
from mentoring.extensions import db
from mentoring.privacy.models import DONE, PENDING, ErasureRequest
from mentoring.users.models import User

ERASED = "[erased]"
MIN_SCRUB = 4
ERASED_DOMAIN = "@erased.invalid"
# Free texts a person wrote or that describe them: (table, column that points at them, texts).
FREE_TEXTS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "profiles",
        "user_id",
        {
            "bio": "",
            "goal_field": "",
            "goals": [],
            "interests": [],
            "municipality": None,
            "gender": None,
            "age_band": None,
            "organisation": None,
        },
    ),
    ("check_ins", "user_id", {"comment": ""}),
    ("feedback_answers", "user_id", {"comment": ""}),
    ("coordinator_messages", "sender_id", {"body": ""}),
    # Others in the thread then read "this message was removed".
    ("conversation_messages", "author_id", {"body": "", "removed": True}),
    ("booking_notes", "author_id", {"text": "", "next_steps": ""}),
    ("bookings", "participant_id", {"topic": "", "cancel_reason": ""}),
    ("bookings", "cancelled_by_id", {"cancel_reason": ""}),
    # A host's meeting place and video link often carry their name (a personal room).
    ("bookings", "host_id", {"place": "", "video_link": ""}),
    ("booking_hosts", "user_id", {"place": "", "video_link": ""}),
    ("booking_exceptions", "host_id", {"reason": ""}),
    ("group_sessions", "host_id", {"place": "", "video_link": ""}),
    # Either side may have written why they declined.
    ("pairings", "mentee_id", {"decline_reason": None}),
    ("pairings", "mentor_id", {"decline_reason": None}),
    ("outbox_messages", "recipient_id", {"context": {}}),
)
DELETED = (
    ("calendar_feeds", "user_id"),
    # An erased account never signs in again: its authenticator key and recovery codes go.
    ("two_factor", "user_id"),
    ("recovery_codes", "user_id"),
    # An invitation nobody will answer: it holds the address a coordinator typed.
    ("cohort_invitations", "user_id"),
    # Self-assessments are the person's own answers: none is left (the heatmaps count the rest).
    ("self_assessments", "user_id"),
    # An erased manager heads no unit any more.
    ("manager_units", "user_id"),
)


def pending_for(user_id: int) -> ErasureRequest | None:
    """Return the person's erasure request that waits for an administrator, if any."""
    return db.session.scalar(
        sa.select(ErasureRequest).where(
            ErasureRequest.user_id == user_id, ErasureRequest.status == PENDING
        )
    )


def request_erasure(user_id: int, *, now: datetime) -> ErasureRequest:
    """Record that the person asks to be erased; an administrator confirms it."""
    if pending_for(user_id) is not None:
        raise Conflict(_("You have already asked for your data to be erased."))
    request = ErasureRequest(user_id=user_id, requested_at=now)
    db.session.add(request)
    record(user_id, "privacy.erasure_requested", subject_user_id=user_id)
    db.session.commit()
    return request


def pending_requests() -> list[ErasureRequest]:
    query = sa.select(ErasureRequest).where(ErasureRequest.status == PENDING)
    return list(db.session.scalars(query.order_by(ErasureRequest.requested_at)))


def confirm_erasure(request_id: int, *, admin_id: int, now: datetime) -> ErasureRequest:
    """Erase the person behind a pending request, and log who did it."""
    request = db.session.get(ErasureRequest, request_id)
    if request is None:
        raise NotFound(_("No such request."))
    if request.status != PENDING:
        raise Conflict(_("This request has already been carried out."))
    erase_person(request.user_id)
    request.status, request.confirmed_at, request.confirmed_by_id = DONE, now, admin_id
    record(admin_id, "privacy.erased", subject_user_id=request.user_id, object_id=request.id)
    db.session.commit()
    return request


def erase_person(user_id: int) -> None:
    """Anonymise the person in place (in the caller's transaction); a second run changes nothing."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such person."))
    if user.email.endswith(ERASED_DOMAIN):
        return  # erased before, in one transaction: nothing left to do
    # Very short names would match inside other words; the tables that hold them are cleared.
    needles = [text for text in (user.name, user.email) if len(text) >= MIN_SCRUB]
    user.name, user.email = ERASED, f"erased-{user.id}{ERASED_DOMAIN}"
    user.session_version += 1
    user.is_enabled = False
    _clear_account_texts(user)
    tables = db.metadata.tables
    for name, column, values in FREE_TEXTS:
        table = tables[name]
        db.session.execute(sa.update(table).where(table.c[column] == user_id).values(**values))
    notes, bookings = tables["booking_notes"], tables["bookings"]
    about_them = sa.select(bookings.c.id).where(bookings.c.participant_id == user_id)
    db.session.execute(
        sa.update(notes).where(notes.c.booking_id.in_(about_them)).values(text="", next_steps="")
    )
    _erase_training_traces(user_id)
    outbox = tables["outbox_messages"]
    db.session.execute(
        sa.update(outbox)
        .where(outbox.c.recipient_id == user_id, outbox.c.status == "pending")
        .values(status="skipped")
    )
    for name, column in DELETED:
        db.session.execute(sa.delete(tables[name]).where(tables[name].c[column] == user_id))
    db.session.flush()
    allow_redaction(db.session)
    for needle in needles:
        scrub_everywhere(needle)


def _erase_training_traces(user_id: int) -> None:
    """Delete the options the person chose in tests; attempts keep their points (aggregates).

    Trainings they wrote are the organisation's content: they stay, without their author.
    """
    tables = db.metadata.tables
    answers, attempts = tables["attempt_answers"], tables["test_attempts"]
    theirs = sa.select(attempts.c.id).where(attempts.c.user_id == user_id)
    db.session.execute(sa.delete(answers).where(answers.c.attempt_id.in_(theirs)))
    trainings = tables["trainings"]
    db.session.execute(
        sa.update(trainings).where(trainings.c.author_id == user_id).values(author_id=None)
    )


def _clear_account_texts(user: User) -> None:
    """Empty every optional text of the account (password hash, and whatever is added later)."""
    for attribute in sa.inspect(User).column_attrs:
        column = attribute.columns[0]
        if column.nullable and isinstance(column.type, sa.String | sa.JSON):
            setattr(user, attribute.key, None)


def scrub_everywhere(needle: str) -> None:
    """Replace ``needle`` in every text and JSON column of every table (e.g. mail bodies, logs)."""
    escaped = json.dumps(needle)[1:-1]
    for table in db.metadata.sorted_tables:
        if table.name == "users":  # other people's names are theirs, even when they look alike
            continue
        key = list(table.primary_key.columns)
        for column in table.columns:
            if column in key or column.name in {"password_hash"}:
                continue
            if isinstance(column.type, sa.JSON):
                text = sa.cast(column, sa.Text)
                found = sa.or_(text.contains(needle), text.contains(escaped))
            elif isinstance(column.type, sa.String):
                found = column.contains(needle)
            else:
                continue
            for row in db.session.execute(sa.select(*key, column).where(found)).all():
                value = _replace(row[-1], needle)
                match = sa.and_(*(k == row[i] for i, k in enumerate(key)))
                db.session.execute(sa.update(table).where(match).values({column.name: value}))


def _replace(value: Any, needle: str) -> Any:
    if isinstance(value, str):
        return value.replace(needle, ERASED)
    if isinstance(value, list):
        return [_replace(item, needle) for item in value]
    if isinstance(value, dict):
        return {_replace(k, needle): _replace(v, needle) for k, v in value.items()}
    return value
