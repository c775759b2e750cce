"""Pages to book, see, cancel and move sessions, and to follow them up."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.api.fields import iso_utc
from mentoring.bookings import booking as svc
from mentoring.bookings import calendar, records
from mentoring.bookings.availability import HOST_ROLES, bookable_hosts, zone_of
from mentoring.bookings.finder import slots_for_participant
from mentoring.bookings.forms import (
    ATTENDANCE_CHOICES,
    AttendanceForm,
    BookForm,
    CancelForm,
    NoteForm,
    RescheduleForm,
)
from mentoring.bookings.slots import utc_to_local
from mentoring.bookings.timefmt import format_local, parse_utc
from mentoring.db import utcnow
from mentoring.errors import DomainError, ValidationError
from mentoring.users.roles import Role

bp = Blueprint("bookings", __name__)
PEOPLE = (Role.PARTICIPANT, *HOST_ROLES)


@bp.app_template_filter("local_time")
def local_time(moment: datetime, fmt: str = "long") -> str:
    """Show a naive UTC moment in the signed-in person's time zone."""
    return format_local(moment, current_user.timezone, fmt=fmt)


@bp.get("/sessions")
@roles_required(*PEOPLE)
def index() -> ResponseReturnValue:
    now = utcnow()
    upcoming, past = svc.bookings_of(current_user, now=now)
    hosts = bookable_hosts(current_user) if current_user.has_role(Role.PARTICIPANT) else []
    return render_template(
        "bookings/index.html",
        upcoming=upcoming,
        past=past,
        hosts=hosts,
        hours=records.attended_hours(current_user.id),
    )


@bp.get("/sessions/hosts/<int:host_id>")
@roles_required(Role.PARTICIPANT)
def host_slots(host_id: int) -> ResponseReturnValue:
    now = utcnow()
    try:
        first = date.fromisoformat(request.args.get("from", ""))
    except ValueError:
        first = utc_to_local(now, zone_of(current_user)).date()
    last = first + timedelta(days=6)
    host, settings, slots = slots_for_participant(current_user, host_id, first, last, now=now)
    days: dict[str, list[tuple[str, str]]] = {}
    for slot in slots:
        day = format_local(slot.starts_at, current_user.timezone, fmt="day")
        days.setdefault(day, []).append(
            (iso_utc(slot.starts_at), local_time(slot.starts_at, "time"))
        )
    moving = request.args.get("reschedule", type=int)
    return render_template(
        "bookings/slots.html",
        host=host,
        settings=settings,
        days=days,
        first=first,
        previous=first - timedelta(days=7),
        following=first + timedelta(days=7),
        moving=svc.get_booking(current_user, moving) if moving else None,
        request_key=secrets.token_urlsafe(16),
    )


@bp.post("/sessions/book")
@roles_required(Role.PARTICIPANT)
def book() -> ResponseReturnValue:
    form = BookForm()
    try:
        if not form.validate_on_submit() or not (form.host_id.data or "").isdigit():
            raise ValidationError(_("Choose a time from the list."))
        booking, created = svc.book_session(
            current_user,
            int(form.host_id.data or 0),
            _parse(form.starts_at.data),
            now=utcnow(),
            request_key=form.request_key.data or None,
            topic=form.topic.data or "",
        )
    except DomainError as error:
        flash(error.message, "error")
        host_id = form.host_id.data if (form.host_id.data or "").isdigit() else None
        target = url_for("bookings.host_slots", host_id=host_id) if host_id else url_for(".index")
        return redirect(target)
    if created:
        flash(_("Your session is booked. We sent you a calendar file."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking.id))


def _parse(text: str | None) -> datetime:
    try:
        return parse_utc(text or "")
    except ValueError as error:
        raise ValidationError(_("Choose a time from the list."), field="starts_at") from error


@bp.get("/sessions/<int:booking_id>")
@roles_required(*PEOPLE)
def detail(booking_id: int) -> ResponseReturnValue:
    booking = svc.get_booking(current_user, booking_id)
    return render_template(
        "bookings/detail.html",
        booking=booking,
        now=utcnow(),
        cancel_form=CancelForm(),
        note_form=NoteForm(),
        attendance_form=AttendanceForm(obj=booking),
        is_host=booking.host_id == current_user.id,
        attendance_labels=ATTENDANCE_CHOICES,
    )


def _act(booking_id: int, action: Callable[[], Any], success: str) -> ResponseReturnValue:
    try:
        action()
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


@bp.post("/sessions/<int:booking_id>/cancel")
@roles_required(*PEOPLE)
def cancel(booking_id: int) -> ResponseReturnValue:
    svc.get_booking(current_user, booking_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Please give a reason."), "error")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    return _act(
        booking_id,
        lambda: svc.cancel_booking(
            current_user, booking_id, reason=form.reason.data or "", now=utcnow()
        ),
        _("The session is cancelled. We told the other person."),
    )


@bp.post("/sessions/<int:booking_id>/reschedule")
@roles_required(Role.PARTICIPANT)
def reschedule(booking_id: int) -> ResponseReturnValue:
    svc.get_booking(current_user, booking_id)
    form = RescheduleForm()
    if not form.validate_on_submit():
        flash(_("Choose a time from the list."), "error")
        return redirect(url_for("bookings.detail", booking_id=booking_id))
    return _act(
        booking_id,
        lambda: svc.reschedule_booking(
            current_user, booking_id, _parse(form.starts_at.data), now=utcnow()
        ),
        _("The session is moved. We sent an updated calendar file."),
    )


@bp.post("/sessions/<int:booking_id>/notes")
@roles_required(*PEOPLE)
def add_note(booking_id: int) -> ResponseReturnValue:
    svc.get_booking(current_user, booking_id)
    form = NoteForm()
    form.validate_on_submit()
    return _act(
        booking_id,
        lambda: records.add_note(
            current_user,
            booking_id,
            text=form.text.data or "",
            next_steps=form.next_steps.data or "",
            now=utcnow(),
        ),
        _("Your note is saved."),
    )


@bp.post("/sessions/<int:booking_id>/attendance")
@roles_required(*HOST_ROLES)
def attendance(booking_id: int) -> ResponseReturnValue:
    svc.get_booking(current_user, booking_id)
    form = AttendanceForm()
    form.validate_on_submit()
    return _act(
        booking_id,
        lambda: records.mark_attendance(
            current_user, booking_id, form.attendance.data or "", now=utcnow()
        ),
        _("Attendance is saved."),
    )


@bp.get("/sessions/<int:booking_id>/session.ics")
@roles_required(*PEOPLE)
def booking_ics(booking_id: int) -> ResponseReturnValue:
    booking = svc.get_booking(current_user, booking_id)
    body = calendar.booking_ics(booking, current_user.locale)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": "attachment; filename=session.ics"},
    )


@bp.get("/sessions/calendar")
@login_required
def calendar_page() -> ResponseReturnValue:
    return render_template("bookings/calendar.html", feed=calendar.feed_of(current_user))


@bp.post("/sessions/calendar/revoke")
@login_required
def revoke_feed() -> ResponseReturnValue:
    """Make a new address (the first, or one replacing the old) and show it this once."""
    replaced = calendar.feed_of(current_user) is not None
    token = calendar.new_feed(current_user, now=utcnow())
    return render_template(
        "bookings/calendar.html",
        feed=calendar.feed_of(current_user),
        feed_url=url_for("bookings.feed", token=token, _external=True),
        replaced=replaced,
    )


@bp.get("/calendar/<token>.ics")
def feed(token: str) -> ResponseReturnValue:
    return Response(calendar.feed_ics(token), mimetype="text/calendar")
