"""Feedback after attended sessions: answering it, and shares of each answer per question."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mentoring.activity.events import record_event
from mentoring.bookings.availability import programme_ids_of
from mentoring.bookings.group_models import GroupSeat, GroupSession
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.db import commit_or_refuse
from mentoring.engagement.models import LEVELS, SCALE_QUESTIONS, FeedbackAnswer
from mentoring.engagement.sql import fetch_frame, for_analytics
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.small_counts import cell, share
from mentoring.trainings.access import get_training
from mentoring.trainings.bank import completion_of
from mentoring.trainings.models import Training
from mentoring.users.models import User, UserRole

# Solna's way to report a question: the share who answered 4 or 5 ("90 % motivated").
AGREEING_LABEL = _l("4 or 5 (agree)")
QUESTIONS = {
    "level": _l("Was the level right?"),
    "motivated": _l("I was motivated to take part"),
    "method_good": _l("The way I learned was good"),
    "relevant": _l("It matters for my work"),
    "will_use": _l("I will use it"),
}
LEVEL_LABELS = {
    "too_easy": _l("Too easy"),
    "just_right": _l("Just right"),
    "too_hard": _l("Too hard"),
}


@dataclass(frozen=True)
class FeedbackFilters:
    cohort_id: int | None = None
    host_id: int | None = None
    role: str | None = None
    gender: str | None = None
    start: date | None = None
    end: date | None = None
    # Workplace programmes: a unit (or department: its units below count), an occupation,
    # a training of the bank.
    unit_ids: frozenset[int] | None = None
    occupation_id: int | None = None
    training_id: int | None = None


@dataclass(frozen=True)
class QuestionShares:
    key: str
    rows: list[tuple[str, str, str]]  # answer label (or key), count (or "<5"), share (or "<5")
    answers: int


def get_feedback_booking(participant: User, booking_id: int) -> Booking:
    """The participant's attended session, if it is theirs (404 otherwise)."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.participant_id != participant.id:
        raise NotFound(_("No such session."))
    if booking.status != ACTIVE or booking.attendance != "attended":
        raise ValidationError(_("Feedback can be given after a session you attended."))
    return booking


def _session_enrolment(user_id: int, host_id: int) -> tuple[int | None, int | None]:
    """The programme and cohort a session with ``host_id`` belongs to, for this participant.

    Bookings carry no programme: it is the one that links the two people (a pairing or an
    ambassador route), else one the host works in; among several, the open and latest
    enrolment. Someone in two programmes must not have A's session filed under B.
    """
    linked = sa.union(
        sa.select(Pairing.programme_id).where(
            Pairing.mentee_id == user_id, Pairing.mentor_id == host_id
        ),
        sa.select(AmbassadorRoute.programme_id).where(
            AmbassadorRoute.learner_id == user_id, AmbassadorRoute.ambassador_id == host_id
        ),
    ).subquery()
    hosts = programme_ids_of(host_id).subquery()
    rank = sa.case(
        (Cohort.programme_id.in_(sa.select(linked)), 0),
        (Cohort.programme_id.in_(sa.select(hosts)), 1),
        else_=2,
    )
    row = db.session.execute(
        sa.select(Cohort.programme_id, Cohort.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user_id)
        .order_by(rank, Enrollment.ended_on.is_not(None), Enrollment.started_on.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def get_feedback_group_session(participant: User, session_id: int) -> GroupSession:
    """A group session (mastermind meeting or training) the participant attended (404 else)."""
    row = db.session.execute(
        sa.select(GroupSession, GroupSeat.attendance)
        .join(GroupSeat, GroupSeat.session_id == GroupSession.id)
        .where(GroupSession.id == session_id, GroupSeat.user_id == participant.id)
    ).first()
    if row is None:
        raise NotFound(_("No such session."))
    session, attendance = row
    if attendance != "attended":
        raise ValidationError(_("Feedback can be given after a session you attended."))
    return session


def _checked(answers: dict[str, object]) -> dict[str, object]:
    """The answers to store, or the first mistake as an error on its field."""
    if answers.get("level") not in LEVELS:
        raise ValidationError(_("Choose one of the options."), field="level")
    for key in SCALE_QUESTIONS:
        value = answers.get(key)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(_("Choose a number from 1 to 5."), field=key)
    return {
        "level": str(answers["level"]),
        "comment": str(answers.get("comment") or "").strip()[:2000],
        **{key: answers[key] for key in SCALE_QUESTIONS},
    }


def _answer(
    participant: User,
    host_id: int,
    module: str,
    answers: dict[str, object],
    now: datetime,
    **subject: int,
) -> FeedbackAnswer:
    """Check and store one answer about a session of ``host_id``, under that session's programme.

    ``subject`` names what was attended (``booking_id=...`` or ``group_session_id=...``); the
    database keeps one answer per person and subject.
    """
    checked = _checked(answers)
    programme_id, cohort_id = _session_enrolment(participant.id, host_id)
    answer = FeedbackAnswer(
        user_id=participant.id,
        programme_id=programme_id,
        cohort_id=cohort_id,
        module=module,
        host_id=host_id,
        answered_at=now,
        **subject,
        **checked,
    )
    return _store(participant, answer, now)


def _store(participant: User, answer: FeedbackAnswer, now: datetime) -> FeedbackAnswer:
    """Record the answer and its activity event; a second answer on one subject is refused."""
    record_event(participant.id, "survey_answered", now)  # before add: its query autoflushes
    db.session.add(answer)
    commit_or_refuse(
        db.session, Conflict(_("You have given feedback on this session already. Thank you!"))
    )
    return answer


def answer_feedback(
    participant: User, booking_id: int, answers: dict[str, object], *, now: datetime
) -> FeedbackAnswer:
    """Store the participant's feedback on an attended one-to-one session, once."""
    booking = get_feedback_booking(participant, booking_id)
    return _answer(participant, booking.host_id, booking.topic, answers, now, booking_id=booking.id)


def answer_group_feedback(
    participant: User, session_id: int, answers: dict[str, object], *, now: datetime
) -> FeedbackAnswer:
    """Store feedback on an attended mastermind meeting or training module, once."""
    session = get_feedback_group_session(participant, session_id)
    return _answer(
        participant, session.host_id, session.title, answers, now, group_session_id=session.id
    )


def get_feedback_training(participant: User, training_id: int) -> Training:
    """A bank training the participant marked done (404 for trainings they cannot see)."""
    training = get_training(participant, training_id)
    if completion_of(participant.id, training.id) is None:
        raise ValidationError(_("Feedback can be given after a training you finished."))
    return training


def answer_training_feedback(
    participant: User, training_id: int, answers: dict[str, object], *, now: datetime
) -> FeedbackAnswer:
    """Store the participant's survey on a bank training they finished, once."""
    training = get_feedback_training(participant, training_id)
    checked = _checked(answers)
    cohort_id = db.session.scalar(
        sa.select(Cohort.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == participant.id, Cohort.programme_id == training.programme_id)
        .order_by(Enrollment.ended_on.is_not(None), Enrollment.started_on.desc())
        .limit(1)
    )
    answer = FeedbackAnswer(
        user_id=participant.id,
        programme_id=training.programme_id,
        cohort_id=cohort_id,
        training_id=training.id,
        module=training.title,
        host_id=training.author_id,
        answered_at=now,
        **checked,
    )
    return _store(participant, answer, now)


def _filtered(programme_id: int, filters: FeedbackFilters) -> sa.Select:
    query = (
        sa.select(
            FeedbackAnswer.answered_at,
            FeedbackAnswer.level,
            *(getattr(FeedbackAnswer, key) for key in SCALE_QUESTIONS),
        )
    ).where(FeedbackAnswer.programme_id == programme_id)
    if filters.cohort_id:
        query = query.where(FeedbackAnswer.cohort_id == filters.cohort_id)
    if filters.host_id:
        query = query.where(FeedbackAnswer.host_id == filters.host_id)
    if filters.gender:  # the join only when asked: it costs a hash of every profile
        query = query.join(Profile, Profile.user_id == FeedbackAnswer.user_id).where(
            Profile.gender == filters.gender
        )
    if filters.role:
        query = query.where(
            FeedbackAnswer.user_id.in_(
                sa.select(UserRole.user_id).where(UserRole.role == filters.role)
            )
        )
    if filters.unit_ids is not None or filters.occupation_id:
        placed = (
            sa.select(Enrollment.user_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(Cohort.programme_id == programme_id)
        )
        if filters.unit_ids is not None:
            placed = placed.where(Enrollment.unit_id.in_(filters.unit_ids))
        if filters.occupation_id:
            placed = placed.where(Enrollment.occupation_id == filters.occupation_id)
        query = query.where(FeedbackAnswer.user_id.in_(placed))
    if filters.training_id:
        query = query.where(FeedbackAnswer.training_id == filters.training_id)
    if filters.start:
        query = query.where(FeedbackAnswer.answered_at >= filters.start)
    if filters.end:
        query = query.where(FeedbackAnswer.answered_at < filters.end + timedelta(days=1))
    return query


AGREEING = "agree"  # the option key of the "4 or 5" row


def feedback_shares(
    programme_id: int, filters: FeedbackFilters
) -> tuple[list[QuestionShares], list[tuple[str, str, list[str]]]]:
    """Shares of each answer per question, and answers and mean scores per month."""
    questions, by_month = feedback_counts(programme_id, filters)
    return labelled(questions), by_month


def labelled(questions: list[QuestionShares]) -> list[QuestionShares]:
    """:func:`feedback_counts`' rows with each option's label in the current language."""
    return [replace(q, rows=[(_option_label(o), n, s) for o, n, s in q.rows]) for q in questions]


def _option_label(option: str) -> str:
    if option in LEVEL_LABELS:
        return str(LEVEL_LABELS[option])
    return str(AGREEING_LABEL) if option == AGREEING else option


def feedback_counts(
    programme_id: int, filters: FeedbackFilters
) -> tuple[list[QuestionShares], list[tuple[str, str, list[str]]]]:
    """As :func:`feedback_shares`, each row named by its option's key, not its label: the
    same in every language ("too_easy", "1" to "5", "agree")."""
    columns = ["answered_at", "level", *SCALE_QUESTIONS]
    for_analytics()
    frame = fetch_frame(_filtered(programme_id, filters), columns, times=("answered_at",))
    total = len(frame)
    questions = []
    for key in QUESTIONS:
        counts = frame[key].value_counts().to_dict()
        options = LEVELS if key == "level" else (1, 2, 3, 4, 5)
        rows = []
        for option in options:
            n = int(counts.get(option, 0))
            rows.append((str(option), cell(n), share(n, total)))
        if key != "level":
            agreeing = int(counts.get(4, 0)) + int(counts.get(5, 0))
            rows.append((AGREEING, cell(agreeing), share(agreeing, total)))
        questions.append(QuestionShares(key, rows, total))
    by_month: list[tuple[str, str, list[str]]] = []
    if total:
        # Months as numbers (2026 * 12 + 2): formatting every answer's date was the slow part.
        month = frame["answered_at"].dt.year * 12 + frame["answered_at"].dt.month - 1
        grouped = frame.groupby(month)
        means = grouped[list(SCALE_QUESTIONS)].mean()
        sizes = grouped.size()
        for number, size in sizes.items():
            label = f"{int(number) // 12:04d}-{int(number) % 12 + 1:02d}"
            scores = [f"{v:.1f}" if size >= 5 else "<5" for v in means.loc[number]]
            by_month.append((label, cell(int(size)), scores))
    return questions, by_month


def hosts_of(programme_id: int) -> list[tuple[int, str]]:
    """The hosts people in the programme gave feedback on, for the filter."""
    rows = db.session.execute(
        sa.select(User.id, User.name)
        .where(
            User.id.in_(
                sa.select(FeedbackAnswer.host_id).where(FeedbackAnswer.programme_id == programme_id)
            )
        )
        .order_by(User.name)
    )
    return [(row.id, row.name) for row in rows]
