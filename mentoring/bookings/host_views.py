"""The host's page: how and when people can book sessions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.bookings import availability as av
from mentoring.bookings.booking import upcoming_for_host
from mentoring.bookings.forms import WEEKDAYS, ExceptionForm, HostSettingsForm, WindowForm
from mentoring.bookings.slots import utc_to_local
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.web import show_error

bp = Blueprint("booking_hosts", __name__)


def _page(
    settings_form: HostSettingsForm | None = None,
    window_form: WindowForm | None = None,
    exception_form: ExceptionForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    settings = av.settings_for_editing(current_user)
    return render_template(
        "bookings/availability.html",
        settings=settings,
        saved=av.host_settings(current_user.id) is not None,
        settings_form=settings_form or HostSettingsForm(obj=settings),
        window_form=window_form or WindowForm(),
        exception_form=exception_form or ExceptionForm(),
        weekdays=WEEKDAYS,
        upcoming=upcoming_for_host(current_user.id, now=utcnow()),
    ), status


@bp.get("/sessions/availability")
@roles_required(*av.HOST_ROLES)
def edit() -> ResponseReturnValue:
    return _page()


@bp.post("/sessions/availability/settings")
@roles_required(*av.HOST_ROLES)
def save_settings() -> ResponseReturnValue:
    form = HostSettingsForm()
    if form.validate_on_submit():
        try:
            av.save_host_settings(
                current_user,
                session_minutes=form.session_minutes.data or 60,
                buffer_minutes=form.buffer_minutes.data or 0,
                notice_hours=form.notice_hours.data or 0,
                horizon_days=form.horizon_days.data or 30,
                place=form.place.data or "",
                video_link=form.video_link.data or "",
                max_per_day=form.max_per_day.data,
                max_per_week=form.max_per_week.data,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Your booking settings are saved."), "success")
            return redirect(url_for("booking_hosts.edit"))
    return _page(settings_form=form, status=422)


@bp.post("/sessions/availability/windows")
@roles_required(*av.HOST_ROLES)
def add_window() -> ResponseReturnValue:
    form = WindowForm()
    if form.validate_on_submit():
        assert form.start.data is not None and form.end.data is not None
        end_minute = form.end.data.hour * 60 + form.end.data.minute or 1440
        try:
            av.add_window(
                current_user,
                int(form.weekday.data or 0),
                form.start.data.hour * 60 + form.start.data.minute,
                end_minute,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The weekly time is added."), "success")
            return redirect(url_for("booking_hosts.edit"))
    return _page(window_form=form, status=422)


@bp.post("/sessions/availability/windows/<int:window_id>/delete")
@roles_required(*av.HOST_ROLES)
def remove_window(window_id: int) -> ResponseReturnValue:
    av.remove_window(current_user, window_id)
    flash(_("The weekly time is removed."), "success")
    return redirect(url_for("booking_hosts.edit"))


@bp.post("/sessions/availability/exceptions")
@roles_required(*av.HOST_ROLES)
def add_exception() -> ResponseReturnValue:
    form = ExceptionForm()
    if form.validate_on_submit():
        assert form.starts_on.data is not None and form.ends_on.data is not None
        today = utc_to_local(utcnow(), av.zone_of(current_user)).date()
        try:
            av.add_exception(
                current_user,
                form.starts_on.data,
                form.ends_on.data,
                form.reason.data or "",
                today=today,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The days away are saved; nobody can book them."), "success")
            return redirect(url_for("booking_hosts.edit"))
    return _page(exception_form=form, status=422)


@bp.post("/sessions/availability/exceptions/<int:exception_id>/delete")
@roles_required(*av.HOST_ROLES)
def remove_exception(exception_id: int) -> ResponseReturnValue:
    av.remove_exception(current_user, exception_id)
    flash(_("The days away are removed."), "success")
    return redirect(url_for("booking_hosts.edit"))
