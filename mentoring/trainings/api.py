"""JSON API for the training bank and test attempts.

An attempt's JSON never says which options are right; an answer's reply says only whether
it was right and the points it gave. Scores or "correct" flags a client sends are not read.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.api import fields
from mentoring.api.guards import api_blueprint
from mentoring.errors import ValidationError
from mentoring.extensions import db
from mentoring.security.sessions import now
from mentoring.trainings import attempts as svc
from mentoring.trainings import bank
from mentoring.trainings.access import get_training
from mentoring.trainings.models import TestAttempt, Training, TrainingQuestion
from mentoring.trainings.views import LEARNERS, READERS

bp = api_blueprint("trainings_api", __name__)


def training_json(t: Training, *, full: bool = False) -> dict[str, Any]:
    found = fields.attributes(t, "id", "programme_id", "title", "tool", "level", "minutes")
    found["has_test"] = bool(t.questions)
    if full:
        found.update(
            steps=t.steps,
            video_link=t.video_link or None,
            attachment=t.attachment_name or None,
            **fields.attributes(t, "pass_mark", "questions_per_attempt", "time_limit_minutes"),
        )
    return found


def attempt_json(a: TestAttempt) -> dict[str, Any]:
    question = None
    if a.current_question_id is not None and a.submitted_at is None:
        asked = db.session.get(TrainingQuestion, a.current_question_id)
        assert asked is not None
        question = {
            **fields.attributes(asked, "id", "text", "kind", "points"),
            "options": [{"id": o.id, "text": o.text} for o in svc.options_shown(a, asked)],
        }
    return {
        **fields.attributes(a, "id", "training_id", "started_at", "deadline_at", "submitted_at"),
        "answered": a.asked,
        **fields.attributes(a, "total_questions", "score", "max_score", "pass_mark", "passed"),
        "question": question,
    }


@bp.get("/trainings")
@roles_required(*READERS)
def trainings() -> ResponseReturnValue:
    tool = request.args.get("tool", "")[:100]
    return jsonify(trainings=[training_json(t) for t in bank.bank(current_user, tool=tool)])


@bp.get("/trainings/<int:training_id>")
@roles_required(*READERS)
def training(training_id: int) -> ResponseReturnValue:
    return jsonify(training_json(get_training(current_user, training_id), full=True))


@bp.post("/trainings/<int:training_id>/attempts")
@roles_required(*LEARNERS)
def start(training_id: int) -> ResponseReturnValue:
    fields.json_body()
    attempt = svc.start_attempt(current_user, training_id, now=now())
    return jsonify(attempt_json(attempt)), 201


@bp.get("/attempts/<int:attempt_id>")
@roles_required(*LEARNERS)
def attempt(attempt_id: int) -> ResponseReturnValue:
    return jsonify(attempt_json(svc.get_attempt(current_user, attempt_id)))


def _ids(body: dict[str, Any]) -> tuple[int, list[int]]:
    question, options = body.get("question_id"), body.get("option_ids")
    if not isinstance(question, int) or isinstance(question, bool):
        raise ValidationError(_("Give question_id as a number."), field="question_id")
    if not isinstance(options, list) or not all(
        isinstance(o, int) and not isinstance(o, bool) for o in options
    ):
        raise ValidationError(_("Give option_ids as a list of numbers."), field="option_ids")
    return question, options[:50]


@bp.post("/attempts/<int:attempt_id>/answers")
@roles_required(*LEARNERS)
def answer(attempt_id: int) -> ResponseReturnValue:
    svc.get_attempt(current_user, attempt_id)  # someone else's attempt: 404 before the body
    question_id, option_ids = _ids(fields.json_body())
    result = svc.answer(current_user, attempt_id, question_id, option_ids, now=now())
    return jsonify(
        correct=result.correct, points=result.points, attempt=attempt_json(result.attempt)
    )


@bp.post("/attempts/<int:attempt_id>/submit")
@roles_required(*LEARNERS)
def submit(attempt_id: int) -> ResponseReturnValue:
    fields.json_body()
    return jsonify(attempt_json(svc.submit(current_user, attempt_id, now=now())))
