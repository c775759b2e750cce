"""Pages of the training bank: list by tool, publish, edit, read, mark done, the attachment."""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.errors import DomainError, NotFound
from mentoring.extensions import db
from mentoring.profiles.models import Profile, ProfileSkill
from mentoring.security.sessions import now
from mentoring.trainings import attachments, bank
from mentoring.trainings.access import AUTHOR_ROLES, authoring_programmes, can_edit, get_training
from mentoring.trainings.attempts import attempts_of
from mentoring.trainings.levels import verified_levels
from mentoring.trainings.models import Training
from mentoring.users.roles import Role
from mentoring.workplace.assessments import self_levels
from mentoring.workplace.gaps import tool_key

bp = Blueprint("trainings", __name__, url_prefix="/trainings")
READERS = (Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR, Role.COACH, Role.COORDINATOR, Role.ADMIN)
LEARNERS = (Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR)
NUMBERS = ("level", "minutes", "pass_mark", "questions_per_attempt", "time_limit_minutes")


@bp.get("")
@roles_required(*READERS)
def index() -> ResponseReturnValue:
    tool = request.args.get("tool", "")[:100]
    return render_template(
        "trainings/index.html",
        trainings=bank.bank(current_user, tool=tool),
        tools=bank.tools_in_bank(current_user),
        tool=tool,
        can_publish=bool(
            current_user.has_role(*AUTHOR_ROLES) and authoring_programmes(current_user)
        ),
    )


def _number(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


def _input(programme_id: int | None = None) -> bank.TrainingInput:
    form = request.form
    numbers: dict[str, Any] = {name: _number(name) for name in NUMBERS}
    return bank.TrainingInput(
        programme_id=programme_id or _number("programme_id") or 0,
        title=form.get("title", ""),
        tool=form.get("tool", ""),
        steps=form.get("steps", "").replace("\r\n", "\n"),
        video_link=form.get("video_link", ""),
        **numbers,
    )


def _upload() -> bank.Upload | None:
    file = request.files.get("attachment")
    if file is None or not file.filename:
        return None
    return bank.Upload(file.filename, file.read())


def _form(training: Training | None, errors: dict[str, str]) -> ResponseReturnValue:
    values: dict[str, Any] = dict(request.form) if request.method == "POST" else {}
    if training is not None and request.method != "POST":
        values = {
            c: getattr(training, c) for c in ("title", "tool", "steps", "video_link", *NUMBERS)
        }
    return render_template(
        "trainings/form.html",
        training=training,
        programmes=authoring_programmes(current_user),
        values=values,
        errors=errors,
    ), (422 if errors else 200)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*AUTHOR_ROLES)
def new() -> ResponseReturnValue:
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            training = bank.create_training(current_user, _input(), now=now(), upload=_upload())
        except DomainError as error:
            errors[error.field or "form"] = error.message
        else:
            flash(_("The training is published. Add test questions if you like."), "success")
            return redirect(url_for("quiz.questions", training_id=training.id))
    return _form(None, errors)


@bp.route("/<int:training_id>/edit", methods=["GET", "POST"])
@roles_required(*AUTHOR_ROLES)
def edit(training_id: int) -> ResponseReturnValue:
    training = bank.get_editable(current_user, training_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if request.form.get("remove_attachment"):
                bank.remove_attachment(current_user, training.id)
            bank.update_training(
                current_user,
                training.id,
                _input(training.programme_id),
                now=now(),
                upload=_upload(),
            )
        except DomainError as error:
            db.session.rollback()
            errors[error.field or "form"] = error.message
        else:
            flash(_("The training is saved."), "success")
            return redirect(url_for("trainings.show", training_id=training.id))
    return _form(training, errors)


def _self_assessed(programme_id: int, tool: str) -> int:
    """The person's own level of ``tool``: their self-assessment, else their profile's "I can"."""
    key = tool_key(tool)
    assessed = {
        tool_key(name): level for name, level in self_levels(programme_id, current_user.id).items()
    }
    if key in assessed:
        return assessed[key]
    offers = db.session.execute(
        sa.select(ProfileSkill.name, ProfileSkill.level)
        .join(Profile, Profile.id == ProfileSkill.profile_id)
        .where(Profile.user_id == current_user.id, ProfileSkill.direction == "offer")
    )
    return max((level for name, level in offers if tool_key(name) == key), default=0)


@bp.get("/<int:training_id>")
@roles_required(*READERS)
def show(training_id: int) -> ResponseReturnValue:
    training = get_training(current_user, training_id)
    return render_template(
        "trainings/show.html",
        training=training,
        editable=can_edit(current_user, training),
        learner=current_user.has_role(*LEARNERS),
        done=bank.completion_of(current_user.id, training.id),
        attempts=attempts_of(current_user.id, training.id),
        verified=verified_levels(current_user.id, training.programme_id).get(
            tool_key(training.tool), 0
        ),
        self_assessed=_self_assessed(training.programme_id, training.tool),
        paragraphs=[p for p in training.steps.split("\n") if p.strip()],
    )


@bp.post("/<int:training_id>/done")
@roles_required(*LEARNERS)
def done(training_id: int) -> ResponseReturnValue:
    bank.mark_done(current_user, training_id, now=now())
    flash(_("Well done! The training counts in your hours."), "success")
    if current_user.has_role(Role.PARTICIPANT):
        return redirect(url_for("feedback.training", training_id=training_id))
    return redirect(url_for("trainings.show", training_id=training_id))


@bp.get("/<int:training_id>/attachment")
@roles_required(*READERS)
def attachment(training_id: int) -> ResponseReturnValue:
    training = get_training(current_user, training_id)
    path = attachments.path_of(training.attachment_key)
    if path is None:
        raise NotFound(_("This training has no attachment."))
    response = send_file(
        io.BytesIO(path.read_bytes()),  # small files; no handle left open after the answer
        mimetype=training.attachment_type,
        as_attachment=True,
        download_name=training.attachment_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
