"""Authors write a training's test: questions with options, each question with a difficulty."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.trainings.access import get_editable
from mentoring.trainings.models import QUESTION_KINDS, TrainingOption, TrainingQuestion
from mentoring.users.models import User

MAX_OPTIONS = 6
QUESTION_LIMIT, OPTION_LIMIT = 1000, 500


@dataclass(frozen=True)
class OptionInput:
    text: str
    correct: bool


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str
    difficulty: int | None
    options: list[OptionInput]


def _checked_options(data: QuestionInput) -> list[OptionInput]:
    options = [o for o in data.options if o.text.strip()]
    for index, option in enumerate(data.options, start=1):
        if len(option.text) > OPTION_LIMIT:
            raise ValidationError(
                _("Keep it under %(n)d characters.", n=OPTION_LIMIT), field=f"option_{index}"
            )
    if len(options) < 2 or len(data.options) > MAX_OPTIONS:
        raise ValidationError(_("Give 2 to 6 answers to choose from."), field="options")
    right = sum(o.correct for o in options)
    if right == 0:
        raise ValidationError(_("Mark at least one answer as right."), field="options")
    if data.kind == "single" and right != 1:
        raise ValidationError(
            _("A single-choice question has exactly one right answer."), field="options"
        )
    return options


def _check(data: QuestionInput) -> list[OptionInput]:
    if not data.text.strip():
        raise ValidationError(_("Write the question."), field="text")
    if len(data.text) > QUESTION_LIMIT:
        raise ValidationError(_("Keep it under %(n)d characters.", n=QUESTION_LIMIT), field="text")
    if data.kind not in QUESTION_KINDS:
        raise ValidationError(_("Choose one of the options."), field="kind")
    if data.difficulty not in (1, 2, 3):
        raise ValidationError(_("Choose a difficulty from 1 to 3."), field="difficulty")
    return _checked_options(data)


def add_question(editor: User, training_id: int, data: QuestionInput) -> TrainingQuestion:
    """Add a question to the training's test."""
    training = get_editable(editor, training_id)
    options = _check(data)
    question = TrainingQuestion(
        text=data.text.strip(),
        kind=data.kind,
        difficulty=int(data.difficulty or 1),
        position=len(training.questions),
        options=[
            TrainingOption(text=o.text.strip(), correct=o.correct, position=i)
            for i, o in enumerate(options)
        ],
    )
    training.questions.append(question)
    db.session.commit()
    return question


def delete_question(editor: User, training_id: int, question_id: int) -> None:
    """Take a question out of the test (attempts keep their points)."""
    training = get_editable(editor, training_id)
    question = db.session.get(TrainingQuestion, question_id)
    if question is None or question.training_id != training.id:
        raise NotFound(_("No such question."))
    db.session.delete(question)
    db.session.commit()
