"""Pages of a training's test: authors write questions; learners take attempts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.security.sessions import now
from mentoring.trainings import attempts as svc
from mentoring.trainings import questions as qsvc
from mentoring.trainings.access import AUTHOR_ROLES, get_editable
from mentoring.trainings.levels import verified_levels
from mentoring.trainings.models import TrainingQuestion
from mentoring.users.roles import Role
from mentoring.workplace.gaps import tool_key

bp = Blueprint("quiz", __name__)
LEARNERS = (Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR)


def _question_input() -> qsvc.QuestionInput:
    form = request.form
    options = [
        qsvc.OptionInput(form.get(f"option_{i}", ""), bool(form.get(f"correct_{i}")))
        for i in range(1, qsvc.MAX_OPTIONS + 1)
    ]
    difficulty = form.get("difficulty", "")
    return qsvc.QuestionInput(
        text=form.get("text", ""),
        kind=form.get("kind", "single"),
        difficulty=int(difficulty) if difficulty in ("1", "2", "3") else None,
        options=options,
    )


@bp.route("/trainings/<int:training_id>/questions", methods=["GET", "POST"])
@roles_required(*AUTHOR_ROLES)
def questions(training_id: int) -> ResponseReturnValue:
    training = get_editable(current_user, training_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            qsvc.add_question(current_user, training.id, _question_input())
        except DomainError as error:
            errors[error.field or "form"] = error.message
        else:
            flash(_("The question is added."), "success")
            return redirect(url_for("quiz.questions", training_id=training.id))
    return render_template(
        "trainings/questions.html",
        training=training,
        errors=errors,
        form=request.form if errors else {},
        max_options=qsvc.MAX_OPTIONS,
    ), (422 if errors else 200)


@bp.post("/trainings/<int:training_id>/questions/<int:question_id>/delete")
@roles_required(*AUTHOR_ROLES)
def delete_question(training_id: int, question_id: int) -> ResponseReturnValue:
    qsvc.delete_question(current_user, training_id, question_id)
    flash(_("The question is removed."), "success")
    return redirect(url_for("quiz.questions", training_id=training_id))


@bp.post("/trainings/<int:training_id>/attempts")
@roles_required(*LEARNERS)
def start(training_id: int) -> ResponseReturnValue:
    attempt = svc.start_attempt(current_user, training_id, now=now())
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@roles_required(*LEARNERS)
def attempt(attempt_id: int) -> ResponseReturnValue:
    found = svc.get_attempt(current_user, attempt_id)
    question = (
        db.session.get(TrainingQuestion, found.current_question_id)
        if found.current_question_id and found.submitted_at is None
        else None
    )
    verified = verified_levels(current_user.id, found.programme_id)
    return render_template(
        "trainings/attempt.html",
        attempt=found,
        training=found.training,
        question=question,
        options=svc.options_shown(found, question) if question else [],
        time_up=now() > found.deadline_at,
        verified=verified.get(tool_key(found.training.tool), 0),
    )


@bp.post("/attempts/<int:attempt_id>/answer")
@roles_required(*LEARNERS)
def answer(attempt_id: int) -> ResponseReturnValue:
    chosen = [int(v) for v in request.form.getlist("option") if v.isdigit() and len(v) < 10]
    question = request.form.get("question_id", "")
    try:
        result = svc.answer(
            current_user,
            attempt_id,
            int(question) if question.isdigit() and len(question) < 10 else 0,
            chosen,
            now=now(),
        )
    except DomainError as error:
        if error.status_code == 404:
            raise
        flash(error.message, "error")
    else:
        if result.correct:
            flash(_("Right! +%(points)d points", points=result.points), "success")
        else:
            flash(_("Not quite. The next one is a little easier."), "error")
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))


@bp.post("/attempts/<int:attempt_id>/submit")
@roles_required(*LEARNERS)
def submit(attempt_id: int) -> ResponseReturnValue:
    try:
        svc.submit(current_user, attempt_id, now=now())
    except DomainError as error:
        if error.status_code == 404:
            raise
        flash(error.message, "error")
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
