"""Publishing trainings, listing the bank, and learners marking a training done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from mentoring.errors import Forbidden, ValidationError
from mentoring.extensions import db
from mentoring.trainings import attachments
from mentoring.trainings.access import (
    authoring_programmes,
    get_editable,
    get_training,
    is_learner,
    programme_ids_of,
)
from mentoring.trainings.models import Training, TrainingCompletion
from mentoring.users.models import User
from mentoring.workplace.gaps import tool_key

#: The longest text each field takes (the columns' sizes; steps is a text column).
LIMITS = {"title": 200, "tool": 100, "steps": 10_000, "video_link": 500}


@dataclass(frozen=True)
class TrainingInput:
    programme_id: int
    title: str
    tool: str
    level: int | None
    minutes: int | None
    steps: str = ""
    video_link: str = ""
    pass_mark: int | None = 5
    questions_per_attempt: int | None = 5
    time_limit_minutes: int | None = 20


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _check_texts(data: TrainingInput) -> None:
    for field, limit in LIMITS.items():
        if len(str(getattr(data, field))) > limit:
            raise ValidationError(_("Keep it under %(n)d characters.", n=limit), field=field)
    if not data.title.strip():
        raise ValidationError(_("Please enter a title."), field="title")
    if not data.tool.strip():
        raise ValidationError(_("Name the tool the training is about."), field="tool")
    link = data.video_link.strip()
    # Shown as a link: only web addresses, never javascript: or data:.
    if link and not link.startswith(("https://", "http://")):
        raise ValidationError(_("A video link starts with https://"), field="video_link")


def _check_numbers(data: TrainingInput) -> None:
    ranges = (
        ("level", data.level, 1, 5, _("Choose a level from 1 to 5.")),
        ("minutes", data.minutes, 1, 240, _("A training is 1 to 240 minutes.")),
        ("pass_mark", data.pass_mark, 1, 90, _("The pass mark is 1 to 90 points.")),
        (
            "questions_per_attempt",
            data.questions_per_attempt,
            1,
            30,
            _("Ask 1 to 30 questions."),
        ),
        ("time_limit_minutes", data.time_limit_minutes, 1, 240, _("Allow 1 to 240 minutes.")),
    )
    for field, value, low, high, message in ranges:
        if value is None or not low <= value <= high:
            raise ValidationError(message, field=field)


def _check(author: User, data: TrainingInput) -> None:
    _check_texts(data)
    _check_numbers(data)
    if data.programme_id not in {p.id for p in authoring_programmes(author)}:
        raise ValidationError(_("Choose one of your programmes."), field="programme_id")


def _apply(training: Training, data: TrainingInput, upload: Upload | None, now: datetime) -> None:
    training.title, training.tool = data.title.strip(), " ".join(data.tool.split())
    training.tool_key = tool_key(training.tool)
    training.steps, training.video_link = data.steps.strip(), data.video_link.strip()
    training.level, training.minutes = int(data.level or 1), int(data.minutes or 1)
    training.pass_mark = int(data.pass_mark or 1)
    training.questions_per_attempt = int(data.questions_per_attempt or 1)
    training.time_limit_minutes = int(data.time_limit_minutes or 1)
    training.updated_at = now
    if upload is not None and upload.data:
        stored = attachments.store(upload.filename, upload.data)
        old = training.attachment_key
        training.attachment_key, training.attachment_name = stored.key, stored.name
        training.attachment_type = stored.content_type
        if old:
            attachments.remove(old)


def create_training(
    author: User, data: TrainingInput, *, now: datetime, upload: Upload | None = None
) -> Training:
    """Publish a training in one of the author's programmes."""
    _check(author, data)
    if upload is not None and upload.data:
        attachments.check(upload.filename, upload.data)
    training = Training(programme_id=data.programme_id, author_id=author.id, created_at=now)
    _apply(training, data, upload, now)
    db.session.add(training)
    db.session.commit()
    return training


def update_training(
    editor: User, training_id: int, data: TrainingInput, *, now: datetime, upload: Upload | None
) -> Training:
    """Change a training (its programme stays); a new attachment replaces the old one."""
    training = get_editable(editor, training_id)
    data = TrainingInput(**{**data.__dict__, "programme_id": training.programme_id})
    _check_texts(data)
    _check_numbers(data)
    if upload is not None and upload.data:
        attachments.check(upload.filename, upload.data)
    _apply(training, data, upload, now)
    db.session.commit()
    return training


def remove_attachment(editor: User, training_id: int) -> Training:
    training = get_editable(editor, training_id)
    if training.attachment_key:
        attachments.remove(training.attachment_key)
    training.attachment_key = training.attachment_name = training.attachment_type = ""
    db.session.commit()
    return training


def bank(viewer: User, *, tool: str = "", programme_id: int | None = None) -> list[Training]:
    """The trainings of the viewer's programmes, by tool and level, optionally of one tool."""
    ids = programme_ids_of(viewer)
    if programme_id is not None:
        ids = [i for i in ids if i == programme_id]
    query = sa.select(Training).where(Training.programme_id.in_(ids))
    if tool.strip():
        query = query.where(Training.tool_key == tool_key(tool))
    query = query.options(selectinload(Training.questions))  # the list says "with a test"
    return list(db.session.scalars(query.order_by(Training.tool, Training.level, Training.title)))


def tools_in_bank(viewer: User) -> list[str]:
    """The tools trainings exist for in the viewer's programmes, for the filter."""
    rows = db.session.scalars(
        sa.select(Training.tool)
        .where(Training.programme_id.in_(programme_ids_of(viewer)))
        .distinct()
    )
    return sorted(set(rows), key=str.casefold)


def completion_of(user_id: int, training_id: int) -> TrainingCompletion | None:
    return db.session.scalar(
        sa.select(TrainingCompletion).where(
            TrainingCompletion.user_id == user_id, TrainingCompletion.training_id == training_id
        )
    )


def mark_done(learner: User, training_id: int, *, now: datetime) -> TrainingCompletion:
    """Record that the learner finished the training (once; a second mark changes nothing)."""
    training = get_training(learner, training_id)
    if not is_learner(learner, training.programme_id):
        raise Forbidden(_("Only the programme's learners take its trainings."))
    done = completion_of(learner.id, training.id)
    if done is not None:
        return done
    done = TrainingCompletion(
        user_id=learner.id,
        training_id=training.id,
        programme_id=training.programme_id,
        minutes=training.minutes,
        completed_at=now,
    )
    db.session.add(done)
    try:
        db.session.commit()
    except IntegrityError:  # the same learner's second click, at the same moment
        db.session.rollback()
        found = completion_of(learner.id, training.id)
        assert found is not None
        return found
    return done
