"""Participants give feedback after a session they attended."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.accounts.eager import with_people
from mentoring.accounts.roles import Role
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.db import utcnow
from mentoring.engagement.feedback import (
    LEVEL_LABELS,
    QUESTIONS,
    answer_feedback,
    get_feedback_booking,
)
from mentoring.engagement.models import SCALE_QUESTIONS, FeedbackAnswer
from mentoring.errors import DomainError
from mentoring.extensions import db

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


@bp.get("/")
@roles_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    answered = sa.select(FeedbackAnswer.booking_id).where(
        FeedbackAnswer.user_id == current_user.id, FeedbackAnswer.booking_id.is_not(None)
    )
    sessions = db.session.scalars(
        sa.select(Booking)
        .where(
            Booking.participant_id == current_user.id,
            Booking.status == ACTIVE,
            Booking.attendance == "attended",
            Booking.id.not_in(answered),
        )
        .order_by(Booking.starts_at.desc())
        .limit(50)
        .options(*with_people(Booking.host))
    ).all()
    return render_template("engagement/feedback_index.html", sessions=sessions)


def _int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/sessions/<int:booking_id>", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def session(booking_id: int) -> ResponseReturnValue:
    booking = get_feedback_booking(current_user, booking_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        answers: dict[str, object] = {key: _int(key) for key in SCALE_QUESTIONS}
        answers["level"] = request.form.get("level")
        answers["comment"] = request.form.get("comment", "")
        try:
            answer_feedback(current_user, booking.id, answers, now=utcnow())
        except DomainError as error:
            errors[error.field or "form"] = error.message
        else:
            flash(_("Thank you for your feedback!"), "success")
            return redirect(url_for("feedback.index"))
    return render_template(
        "engagement/feedback_form.html",
        booking=booking,
        questions=QUESTIONS,
        levels=LEVEL_LABELS,
        scales=SCALE_QUESTIONS,
        errors=errors,
        form=request.form,
    ), (422 if errors else 200)
