"""Use cases of the outbox: store due reminders, send, resend, preferences, link answers.

Queueing an email with the change it belongs to is ``mentoring.outbox.services``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from datetime import datetime, timedelta

import sqlalchemy as sa
from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mentoring.activity.events import record_event
from mentoring.db import commit_or_refuse, utcnow
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.notices import links
from mentoring.notices.adapters import MailTransport
from mentoring.notices.models import CheckIn, OutcomeAnswer, SchedulerJobRun
from mentoring.notices.rendering import EmailRenderer
from mentoring.notices.sessions import session_source
from mentoring.outbox.models import NotificationPreference, OutboxMessage
from mentoring.outbox.recipients import SqlRecipients
from mentoring.outbox.store import SqlOutbox
from mentoring.programmes.models import Enrollment
from mentoring.users.models import User
from notifications.model import MANDATORY_KINDS, OPTIONAL_KINDS, Kind, OutboxItem, Status
from notifications.planning import plan, recipient_ids
from notifications.ports import Transport
from notifications.sender import Hook, SendReport, send_in_parallel, send_pending

SITUATIONS = {
    "job": _l("I have a job"),
    "studies": _l("I study"),
    "internship": _l("I am in a work trial or internship"),
    "own_company": _l("I run my own company"),
    "looking": _l("I am still looking"),
}
PAGE_SIZE = 50

_signals = Namespace()
# Sent with the enrolment, ``situation`` and ``at`` before the answer commits: engagement
# turns it into the programme's outcome (it subscribes in its ``init_app``).
follow_up_answered = _signals.signal("follow-up-answered")


def store_due(items: Sequence[OutboxItem], now: datetime) -> int:
    """Store found items in short transactions of their own (for scheduler jobs)."""
    session = db.session
    session.commit()  # end the finders' reads before writing (SQLite WAL)
    people = SqlRecipients(session).lookup(recipient_ids(items))
    session.commit()
    added = SqlOutbox(session).add(plan(items, people, now), now)
    session.commit()
    return added


def send_outbox(
    *,
    worker: str,
    clock: Callable[[], datetime] = utcnow,
    batch: int | None = None,
    max_batches: int | None = None,
    hook: Hook | None = None,
    senders: int | None = None,
    transport: Transport | None = None,
) -> SendReport:
    """Deliver every due outbox row through the configured SMTP server.

    ``batch`` defaults to ``OUTBOX_BATCH_SIZE`` and ``max_batches`` counts per sender; the
    lease is ``OUTBOX_LEASE_SECONDS``. ``senders`` (default ``OUTBOX_SENDERS``) senders
    work at once, each in a thread with its own database and SMTP connections (see
    ``notifications.sender.send_in_parallel``). ``transport`` replaces SMTP (the benchmark
    records what went out).
    """
    config = current_app.config
    senders = senders or sender_count()

    def send(name: str) -> SendReport:
        session = db.session  # the application context's: each sender thread pushes its own
        with closing(SqlOutbox(session)) as store:  # the connection its marks hold
            return send_pending(
                store,
                EmailRenderer(session, session_source(session)),
                transport or MailTransport(),
                clock=clock,
                worker=name,
                batch=batch or int(config["OUTBOX_BATCH_SIZE"]),
                max_batches=max_batches,
                lease=timedelta(seconds=int(config["OUTBOX_LEASE_SECONDS"])),
                hook=hook,
            )

    if senders == 1:
        return send(worker)
    db.session.commit()  # what the caller queued, the senders' own sessions must see
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def one_of_several(index: int) -> SendReport:
        with app.app_context():
            try:
                return send(f"{worker}/{index}")
            finally:
                db.session.remove()

    return send_in_parallel(senders, one_of_several)


def sender_count() -> int:
    """``OUTBOX_SENDERS``, or one on an in-memory SQLite database (one shared connection)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return 1
    return max(1, int(current_app.config["OUTBOX_SENDERS"]))


def list_outbox(status: str, page: int) -> tuple[list[tuple[OutboxMessage, str]], int]:
    """Return a page of outbox rows (newest first) with their recipients' emails, and a total."""
    # A message to an address without an account has no recipient row: show its address.
    email = sa.func.coalesce(User.email, OutboxMessage.address)
    query = sa.select(OutboxMessage, email).outerjoin(User, User.id == OutboxMessage.recipient_id)
    if status:
        query = query.where(OutboxMessage.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(
        query.order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return [(message, email) for message, email in rows], total


def job_runs() -> list[SchedulerJobRun]:
    return list(db.session.scalars(sa.select(SchedulerJobRun).order_by(SchedulerJobRun.job)))


def resend(message_id: int, now: datetime) -> OutboxMessage:
    """Put a failed message back in the queue with fresh attempts."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(_("No such message."))
    if message.status != Status.FAILED.value:
        raise Conflict(_("Only failed messages can be sent again."))
    message.status = Status.PENDING.value
    message.attempts = 0
    message.next_attempt_at = now
    message.expires_at = None
    message.updated_at = now
    db.session.commit()
    return message


def declined_kinds(user_id: int) -> set[str]:
    return set(
        db.session.scalars(
            sa.select(NotificationPreference.kind).where(
                NotificationPreference.user_id == user_id,
                NotificationPreference.enabled.is_(False),
            )
        )
    )


def set_preferences(user_id: int, wanted: set[str], now: datetime) -> None:
    """Record which optional kinds the person wants; mandatory kinds cannot be declined."""
    db.session.execute(
        sa.delete(NotificationPreference).where(NotificationPreference.user_id == user_id)
    )
    for kind in OPTIONAL_KINDS:
        if kind.value not in wanted:
            db.session.add(
                NotificationPreference(
                    user_id=user_id, kind=kind.value, enabled=False, updated_at=now
                )
            )
    db.session.commit()


def unsubscribe(token: str, now: datetime) -> tuple[User, Kind]:
    """Decline the kind named in a signed unsubscribe link."""
    payload = links.read_token(links.UNSUBSCRIBE, token)
    user = db.session.get(User, payload.get("u"))
    try:
        kind = Kind(str(payload.get("k")))
    except ValueError as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    if user is None or kind in MANDATORY_KINDS:
        raise ValidationError(_("This link is not valid."))
    if kind.value not in declined_kinds(user.id):
        db.session.add(
            NotificationPreference(user_id=user.id, kind=kind.value, enabled=False, updated_at=now)
        )
    db.session.commit()
    return user, kind


def read_check_in(token: str) -> dict[str, object]:
    """Return a valid check-in link's payload, or raise if it expired or was used."""
    payload = links.read_token(links.CHECK_IN, token)
    answered = db.session.scalar(
        sa.select(CheckIn.id).where(
            CheckIn.user_id == payload.get("u"),
            CheckIn.subject_kind == payload.get("sk"),
            CheckIn.subject_id == payload.get("si"),
            CheckIn.occasion == payload.get("o"),
        )
    )
    if answered is not None:
        raise Conflict(_("You have answered this check-in already. Thank you!"))
    return payload


def answer_check_in(token: str, rating: int | None, comment: str, now: datetime) -> CheckIn:
    """Store the answer of a check-in link; the link works once."""
    payload = read_check_in(token)
    if rating is None or not 1 <= rating <= 5:
        raise ValidationError(_("Choose a number from 1 to 5."), field="rating")
    answer = CheckIn(
        user_id=int(str(payload["u"])),
        subject_kind=str(payload["sk"]),
        subject_id=int(str(payload["si"])),
        occasion=str(payload["o"]),
        rating=rating,
        comment=comment.strip()[:2000],
        answered_at=now,
    )
    record_event(answer.user_id, "check_in_answered", now)  # before add: it autoflushes
    db.session.add(answer)
    # The same link answered twice at once: the unique answer per check-in settles it.
    commit_or_refuse(db.session, Conflict(_("You have answered this check-in already. Thank you!")))
    return answer


def read_outcome(token: str) -> Enrollment:
    payload = links.read_token(links.OUTCOME, token)
    enrolment = db.session.get(Enrollment, payload.get("e"))
    if enrolment is None or enrolment.user_id != payload.get("u"):
        raise ValidationError(_("This link is not valid."))
    if db.session.scalar(
        sa.select(OutcomeAnswer.id).where(OutcomeAnswer.enrolment_id == enrolment.id)
    ):
        raise Conflict(_("You have answered this question already. Thank you!"))
    return enrolment


def answer_outcome(token: str, situation: str, now: datetime) -> OutcomeAnswer:
    """Record what the person does now, once per ended enrolment."""
    enrolment = read_outcome(token)
    if situation not in SITUATIONS:
        raise ValidationError(_("Choose one of the options."), field="situation")
    answer = OutcomeAnswer(
        enrolment_id=enrolment.id, user_id=enrolment.user_id, situation=situation, answered_at=now
    )
    follow_up_answered.send(enrolment, situation=situation, at=now)  # before add: autoflush
    db.session.add(answer)
    commit_or_refuse(db.session, Conflict(_("You have answered this question already. Thank you!")))
    return answer
