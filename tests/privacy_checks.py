"""Checks for erasure and retention tests: traces of a person, aggregates, a database fingerprint.

The scan reflects the live database rather than reading the models, so a table added later
(by a model or by a migration) is searched without a change here.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mentoring.audit.services import record
from mentoring.bookings.models import Booking, SessionNote
from mentoring.conversations.models import Conversation, ConversationMessage
from mentoring.db import utcnow
from mentoring.engagement.feedback import answer_training_feedback
from mentoring.engagement.models import CoordinatorMessage, FeedbackAnswer, Outcome
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.notices.models import CheckIn, SchedulerJobRun
from mentoring.outbox.models import OutboxMessage
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Programme
from mentoring.trainings.attempts import answer, start_attempt, submit
from mentoring.trainings.models import (
    AttemptAnswer,
    TestAttempt,
    TrainingCompletion,
    VerifiedLevel,
)
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.trainings_factories import NOW, complete, make_training
from tests.trust_factories import World

NAME, EMAIL, PHONE = "Zyxwv Qwertyson", "zyxwv.qwertyson@example.org", "+46 70 123 45 67"
TEXT_TYPES = (sa.String, sa.JSON)


def traces(*needles: str) -> list[str]:
    """Scan every text, varchar and JSON column of every table; return where a needle occurs."""
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    found = []
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, TEXT_TYPES)]
            if not columns:
                continue
            for row in connection.execute(sa.select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    text = value if isinstance(value, str) else json.dumps(value)
                    found += [f"{table.name}.{column.name}" for n in needles if n in text]
    return found


def database_fingerprint() -> str:
    """Return a hash of every row of every table: equal fingerprints, unchanged database."""
    digest = hashlib.sha256()
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            digest.update(repr([tuple(row) for row in rows]).encode())
    return digest.hexdigest()


def aggregates() -> dict[str, Any]:
    """Return the figures reports count, which erasure must leave as they are."""
    hours = db.session.scalars(sa.select(Booking).where(Booking.attendance == "attended")).all()
    return {
        "attended_hours": sum((b.ends_at - b.starts_at).total_seconds() / 3600 for b in hours),
        "outcomes": sorted(db.session.scalars(sa.select(Outcome.kind)).all()),
        "people": db.session.scalar(sa.select(sa.func.count()).select_from(User)),
        "bookings": db.session.scalar(sa.select(sa.func.count()).select_from(Booking)),
        "feedback": db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAnswer)),
        "training_minutes": db.session.scalar(sa.select(sa.func.sum(TrainingCompletion.minutes))),
        "attempts": sorted(db.session.execute(sa.select(TestAttempt.score, TestAttempt.passed))),
        "verified_levels": db.session.scalar(sa.select(sa.func.count()).select_from(VerifiedLevel)),
    }


def answers_of(user_id: int) -> list[str]:
    """What is left of a person's own answers: options chosen in tests, survey comments."""
    chosen = db.session.scalars(
        sa.select(AttemptAnswer.chosen)
        .join(TestAttempt, TestAttempt.id == AttemptAnswer.attempt_id)
        .where(TestAttempt.user_id == user_id)
    ).all()
    comments = db.session.scalars(
        sa.select(FeedbackAnswer.comment).where(
            FeedbackAnswer.user_id == user_id, FeedbackAnswer.comment != ""
        )
    ).all()
    return [str(c) for c in chosen] + list(comments)


def take_a_bank_training(world: World) -> None:
    """The participant finishes the mentor's bank training, passes its test, answers the survey."""
    person = world.participant
    training = make_training(
        db.session.get(Programme, world.cohort.programme_id),
        world.mentor,
        title=f"Outlook for {NAME}",
        questions=(1,),
        per_attempt=1,
        pass_mark=1,
    )
    complete(person, training)
    attempt = start_attempt(person, training.id, now=NOW, seed=1)
    right = [o.id for o in training.questions[0].options if o.correct]
    answer(person, attempt.id, training.questions[0].id, right, now=NOW)
    submit(person, attempt.id, now=NOW)
    survey = {"level": "just_right", "motivated": 5, "method_good": 4, "relevant": 5}
    answer_training_feedback(
        person, training.id, {**survey, "will_use": 5, "comment": f"{NAME}, {PHONE}"}, now=NOW
    )


def leave_traces(world: World) -> None:
    """Put the participant's name, email and phone where free texts and copies live."""
    person, mentor = world.participant, world.mentor
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == person.id))
    assert profile is not None
    profile.bio, profile.gender = f"I am {NAME}, write to {EMAIL} or call {PHONE}", "woman"
    world.booking.topic = f"CV review for {NAME}, call {PHONE}"
    db.session.add_all(
        [
            SessionNote(booking_id=world.booking.id, author_id=mentor.id, text=f"{NAME} did well"),
            SessionNote(booking_id=world.booking.id, author_id=person.id, text=f"Call {PHONE}"),
            CheckIn(
                user_id=person.id,
                subject_kind="pairing",
                subject_id=1,
                occasion="2026-03",
                rating=4,
                comment=f"Text me on {PHONE}",
            ),
            _outbox(person.id, {"name": NAME, "email": EMAIL}, error=f"550 {EMAIL} unknown"),
            _outbox(mentor.id, {"mentee": NAME, "mentee_email": EMAIL}),
            CoordinatorMessage(
                sender_id=person.id,
                programme_id=world.cohort.programme_id,
                cohort_id=world.cohort.id,
                body=f"Hello, this is {NAME}, please call {PHONE}",
            ),
            SchedulerJobRun(
                job="send-outbox",
                started_at=utcnow(),
                finished_at=utcnow(),
                ok=False,
                summary=f"SMTPRecipientsRefused: {EMAIL}",
            ),
        ]
    )
    feedback = db.session.scalar(
        sa.select(FeedbackAnswer).where(FeedbackAnswer.user_id == person.id)
    )
    assert feedback is not None
    feedback.comment = f"Great, {NAME} here, {PHONE}"
    pairing = db.session.scalar(sa.select(Pairing).where(Pairing.mentee_id == person.id))
    assert pairing is not None
    pairing.decline_reason = f"Please call me first: {PHONE}"
    thread = Conversation(kind="pairing", subject_id=pairing.id, programme_id=pairing.programme_id)
    db.session.add(thread)
    db.session.flush()
    db.session.add(
        ConversationMessage(
            conversation_id=thread.id,
            programme_id=pairing.programme_id,
            author_id=person.id,
            body=f"My number is {PHONE}",
        )
    )
    take_a_bank_training(world)
    record(
        world.staff[Role.ADMIN].id, "account.email_changed", subject_user_id=person.id, old=EMAIL
    )
    db.session.commit()


def _outbox(recipient_id: int, context: dict[str, Any], *, error: str | None = None) -> Any:
    return OutboxMessage(
        recipient_id=recipient_id,
        kind="account",
        occasion=f"welcome-{recipient_id}",
        template="welcome",
        context=context,
        last_error=error,
        next_attempt_at=datetime(2026, 3, 1, 9),
    )
