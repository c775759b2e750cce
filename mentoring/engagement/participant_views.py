"""Participants give feedback after a session they attended: one-to-one, group or training."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from mentoring.accounts.access import roles_required
from mentoring.bookings.group_models import GroupSeat, GroupSession
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.db import utcnow
from mentoring.engagement.feedback import (
    LEVEL_LABELS,
    QUESTIONS,
    answer_feedback,
    answer_group_feedback,
    answer_training_feedback,
    get_feedback_booking,
    get_feedback_group_session,
    get_feedback_training,
)
from mentoring.engagement.models import SCALE_QUESTIONS, FeedbackAnswer
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.trainings.models import Training, TrainingCompletion
from mentoring.users.roles import Role

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


def _answered(column: sa.ColumnElement[int | None]) -> sa.Select:
    return sa.select(column).where(FeedbackAnswer.user_id == current_user.id, column.is_not(None))


@bp.get("/")
@roles_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    sessions = db.session.scalars(
        sa.select(Booking)
        .where(
            Booking.participant_id == current_user.id,
            Booking.status == ACTIVE,
            Booking.attendance == "attended",
            Booking.id.not_in(_answered(FeedbackAnswer.booking_id)),
        )
        .order_by(Booking.starts_at.desc())
        .limit(50)
        .options(joinedload(Booking.host))
    ).all()
    groups = db.session.scalars(
        sa.select(GroupSession)
        .join(GroupSeat, GroupSeat.session_id == GroupSession.id)
        .where(
            GroupSeat.user_id == current_user.id,
            GroupSeat.attendance == "attended",
            GroupSession.id.not_in(_answered(FeedbackAnswer.group_session_id)),
        )
        .order_by(GroupSession.starts_at.desc())
        .limit(50)
        .options(joinedload(GroupSession.host))
    ).all()
    trainings = db.session.scalars(
        sa.select(Training)
        .join(TrainingCompletion, TrainingCompletion.training_id == Training.id)
        .where(
            TrainingCompletion.user_id == current_user.id,
            Training.id.not_in(_answered(FeedbackAnswer.training_id)),
        )
        .order_by(TrainingCompletion.completed_at.desc())
        .limit(50)
    ).all()
    return render_template(
        "engagement/feedback_index.html", sessions=sessions, groups=groups, trainings=trainings
    )


def _int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


def _answers() -> dict[str, object]:
    answers: dict[str, object] = {key: _int(key) for key in SCALE_QUESTIONS}
    answers["level"] = request.form.get("level")
    answers["comment"] = request.form.get("comment", "")
    return answers


def _feedback_page(
    answer: Callable[[dict[str, object]], object],
    *,
    host_name: str | None,
    starts_at: datetime | None,
    topic: str,
    action: str,
    done: str,
) -> ResponseReturnValue:
    """Show the five questions; on a post, answer them through ``answer`` and go to ``done``."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            answer(_answers())
        except DomainError as error:
            errors[error.field or "form"] = error.message
        else:
            flash(_("Thank you for your feedback!"), "success")
            return redirect(done)
    return render_template(
        "engagement/feedback_form.html",
        host_name=host_name,
        starts_at=starts_at,
        topic=topic,
        action=action,
        questions=QUESTIONS,
        levels=LEVEL_LABELS,
        scales=SCALE_QUESTIONS,
        errors=errors,
        form=request.form,
    ), (422 if errors else 200)


@bp.route("/sessions/<int:booking_id>", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def session(booking_id: int) -> ResponseReturnValue:
    booking = get_feedback_booking(current_user, booking_id)
    return _feedback_page(
        lambda answers: answer_feedback(current_user, booking.id, answers, now=utcnow()),
        host_name=booking.host.name,
        starts_at=booking.starts_at,
        topic=booking.topic,
        action=url_for("feedback.session", booking_id=booking.id),
        done=url_for("feedback.index"),
    )


@bp.route("/group-sessions/<int:session_id>", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def group_session(session_id: int) -> ResponseReturnValue:
    meeting = get_feedback_group_session(current_user, session_id)
    return _feedback_page(
        lambda answers: answer_group_feedback(current_user, meeting.id, answers, now=utcnow()),
        host_name=meeting.host.name,
        starts_at=meeting.starts_at,
        topic=meeting.title,
        action=url_for("feedback.group_session", session_id=meeting.id),
        done=url_for("feedback.index"),
    )


@bp.route("/trainings/<int:training_id>", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def training(training_id: int) -> ResponseReturnValue:
    module = get_feedback_training(current_user, training_id)
    return _feedback_page(
        lambda answers: answer_training_feedback(current_user, module.id, answers, now=utcnow()),
        host_name=None,
        starts_at=None,
        topic=module.title,
        action=url_for("feedback.training", training_id=module.id),
        done=url_for("trainings.show", training_id=module.id),
    )
