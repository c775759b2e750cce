"""Pages for group sessions: trainings with seats and waiting lists, mastermind meetings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from mentoring.accounts.access import roles_required
from mentoring.bookings import group_sessions as svc
from mentoring.bookings.availability import HOST_ROLES, programme_peer_ids, zone_of
from mentoring.bookings.forms import ATTENDANCE_CHOICES, MastermindForm, TrainingForm
from mentoring.bookings.slots import local_to_utc
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.users.models import User
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("group_sessions", __name__)
PEOPLE = (Role.PARTICIPANT, *HOST_ROLES)


def _to_utc(local: datetime) -> datetime:
    moment = local_to_utc(
        local.date(), local.hour * 60 + local.minute, zone_of(current_user), strict=False
    )
    assert moment is not None
    return moment


def _meeting(form: TrainingForm | MastermindForm, minutes: int) -> dict[str, Any]:
    """What a training and a mastermind form ask alike, as the service takes it."""
    assert form.starts_at.data is not None
    return {
        "title": form.title.data or "",
        "starts_at": _to_utc(form.starts_at.data),
        "minutes": form.minutes.data or minutes,
        "place": form.place.data or "",
        "video_link": form.video_link.data or "",
    }


def _members() -> list[SelectChoice]:
    people = db.session.scalars(
        sa.select(User).where(User.id.in_(programme_peer_ids(current_user.id))).order_by(User.name)
    )
    return [SelectChoice(u.id, u.name) for u in people if u.has_role(Role.PARTICIPANT)]


def _page(
    training: TrainingForm | None = None,
    mastermind: MastermindForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    mastermind = mastermind or MastermindForm()
    mastermind.attendees.choices = _members() if current_user.has_role(Role.COACH) else []
    return render_template(
        "bookings/groups.html",
        sessions=svc.visible_sessions(current_user, now=utcnow()),
        training_form=training or TrainingForm(),
        mastermind_form=mastermind,
    ), status


@bp.get("/group-sessions")
@roles_required(*PEOPLE)
def index() -> ResponseReturnValue:
    return _page()


@bp.post("/group-sessions/trainings")
@roles_required(Role.AMBASSADOR, Role.COACH)
def create_training() -> ResponseReturnValue:
    form = TrainingForm()
    if form.validate_on_submit():
        try:
            session = svc.create_training(
                current_user, seats=form.seats.data or 1, now=utcnow(), **_meeting(form, 60)
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The training is published."), "success")
            return redirect(url_for("group_sessions.detail", session_id=session.id))
    return _page(training=form, status=422)


@bp.post("/group-sessions/masterminds")
@roles_required(Role.COACH)
def create_mastermind() -> ResponseReturnValue:
    form = MastermindForm()
    form.attendees.choices = _members()
    if form.validate_on_submit():
        try:
            created = svc.create_mastermind(
                current_user,
                attendee_ids=form.attendees.data or [],
                weeks=form.weeks.data or 1,
                now=utcnow(),
                **_meeting(form, 90),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("%(count)d meetings are scheduled.", count=len(created)), "success")
            return redirect(url_for("group_sessions.detail", session_id=created[0].id))
    return _page(mastermind=form, status=422)


@bp.get("/group-sessions/<int:session_id>")
@roles_required(*PEOPLE)
def detail(session_id: int) -> ResponseReturnValue:
    session = svc.get_group_session(current_user, session_id)
    mine = next((s for s in session.seat_rows if s.user_id == current_user.id), None)
    return render_template(
        "bookings/group.html",
        session=session,
        mine=mine,
        now=utcnow(),
        attendance_choices=ATTENDANCE_CHOICES,
    )


def _act(session_id: int, action: str) -> ResponseReturnValue:
    # Someone else's or a made-up session is not found (404), not a message on a redirect.
    svc.get_group_session(current_user, session_id)
    try:
        if action == "join":
            seat = svc.join_session(current_user, session_id, now=utcnow())
            message = (
                _("You have a seat.")
                if seat.status == "booked"
                else _(
                    "The seats are taken; you are on the waiting list "
                    "and move up if someone cancels."
                )
            )
        else:
            svc.leave_session(current_user, session_id, now=utcnow())
            message = _("You gave up your place.")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(message, "success")
    return redirect(url_for("group_sessions.detail", session_id=session_id))


@bp.post("/group-sessions/<int:session_id>/join")
@roles_required(Role.PARTICIPANT)
def join(session_id: int) -> ResponseReturnValue:
    return _act(session_id, "join")


@bp.post("/group-sessions/<int:session_id>/leave")
@roles_required(*PEOPLE)
def leave(session_id: int) -> ResponseReturnValue:
    return _act(session_id, "leave")


@bp.post("/group-sessions/<int:session_id>/attendance")
@roles_required(Role.AMBASSADOR, Role.COACH)
def attendance(session_id: int) -> ResponseReturnValue:
    values = {
        int(key.removeprefix("seat-")): value
        for key, value in request.form.items()
        if key.startswith("seat-") and key.removeprefix("seat-").isdigit()
    }
    svc.get_group_session(current_user, session_id)
    try:
        svc.mark_group_attendance(current_user, session_id, values, now=utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Attendance is saved."), "success")
    return redirect(url_for("group_sessions.detail", session_id=session_id))
