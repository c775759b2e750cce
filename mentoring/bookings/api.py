"""JSON API for availability, free slots, bookings and group-session seats."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.api import fields
from mentoring.api.fields import iso_utc
from mentoring.api.guards import api_blueprint
from mentoring.bookings import availability as av
from mentoring.bookings import booking as svc
from mentoring.bookings import group_sessions as groups
from mentoring.bookings.finder import slots_for_participant
from mentoring.bookings.models import (
    KEY_LENGTH,
    LINK_LENGTH,
    PLACE_LENGTH,
    REASON_LENGTH,
    TOPIC_LENGTH,
    Booking,
    HostSettings,
)
from mentoring.bookings.timefmt import parse_utc
from mentoring.db import utcnow
from mentoring.errors import NotFound, ValidationError
from mentoring.users.roles import Role

bp = api_blueprint("bookings_api", __name__)
WINDOW_KEYS = ("weekday", "start_minute", "end_minute")
LIMIT_KEYS = (
    "session_minutes",
    "buffer_minutes",
    "notice_hours",
    "horizon_days",
    "max_per_day",
    "max_per_week",
)


def _request_key(body: dict[str, Any]) -> str | None:
    header = request.headers.get("Idempotency-Key")
    key = header if header is not None else fields.text(body, "request_key", KEY_LENGTH)
    if len(key) > KEY_LENGTH:
        raise ValidationError(
            _("The Idempotency-Key is at most %(limit)d characters.", limit=KEY_LENGTH)
        )
    return key or None


def _moment(body: dict[str, Any], key: str = "starts_at") -> Any:
    try:
        return parse_utc(str(body[key]))
    except (KeyError, ValueError) as error:
        raise ValidationError(_("Give %(key)s as an ISO 8601 time.", key=key), field=key) from error


def booking_json(b: Booking) -> dict[str, Any]:
    return {
        **fields.attributes(b, "id", "host_id", "participant_id", "starts_at", "ends_at"),
        **fields.attributes(b, "status", "attendance", "place", "video_link", "sequence"),
    }


def settings_json(s: HostSettings) -> dict[str, Any]:
    return {
        "host_id": s.user_id,
        "timezone": s.user.timezone,
        **fields.attributes(
            s, "session_minutes", "buffer_minutes", "notice_hours", "horizon_days", "place"
        ),
        **fields.attributes(s, "video_link", "max_per_day", "max_per_week"),
        "windows": [
            fields.attributes(w, "weekday", "start_minute", "end_minute") for w in s.windows
        ],
        "exceptions": [fields.attributes(e, "starts_on", "ends_on") for e in s.exceptions],
    }


@bp.get("/hosts")
@roles_required(Role.PARTICIPANT)
def hosts() -> ResponseReturnValue:
    return jsonify(hosts=[{"id": h.id, "name": h.name} for h in av.bookable_hosts(current_user)])


@bp.get("/hosts/<int:host_id>/availability")
@roles_required(Role.PARTICIPANT, *av.HOST_ROLES)
def host_availability(host_id: int) -> ResponseReturnValue:
    if host_id == current_user.id:
        settings = av.host_settings(host_id)
        if settings is None:
            raise NotFound(_("No such host."))
    else:
        _host, settings = av.get_bookable_host(current_user, host_id)
    return jsonify(settings_json(settings))


@bp.put("/availability")
@roles_required(*av.HOST_ROLES)
def put_availability() -> ResponseReturnValue:
    body = fields.json_body()
    whole = _("Windows and limits must be whole numbers.")
    raw_windows = body.get("windows", [])
    if not isinstance(raw_windows, list) or not all(isinstance(w, dict) for w in raw_windows):
        raise ValidationError(_("Give windows as a list of objects."), field="windows")
    try:
        windows = [
            tuple(fields.whole(w[key], key, whole) for key in WINDOW_KEYS) for w in raw_windows
        ]
    except KeyError as error:
        raise ValidationError(whole, field="windows") from error
    numbers = {
        key: fields.whole(body[key], key, whole) if body.get(key) is not None else None
        for key in LIMIT_KEYS
    }
    current = av.settings_for_editing(current_user)
    av.check_windows(windows)  # before anything is saved: all or nothing
    settings = av.save_host_settings(
        current_user,
        session_minutes=numbers["session_minutes"] or current.session_minutes,
        buffer_minutes=numbers["buffer_minutes"]
        if numbers["buffer_minutes"] is not None
        else current.buffer_minutes,
        notice_hours=numbers["notice_hours"]
        if numbers["notice_hours"] is not None
        else current.notice_hours,
        horizon_days=numbers["horizon_days"] or current.horizon_days,
        place=fields.text(body, "place", PLACE_LENGTH, current.place),
        video_link=fields.text(body, "video_link", LINK_LENGTH, current.video_link),
        max_per_day=numbers["max_per_day"],
        max_per_week=numbers["max_per_week"],
    )
    if "windows" in body:
        settings = av.replace_windows(current_user, windows)
    return jsonify(settings_json(settings))


@bp.get("/hosts/<int:host_id>/slots")
@roles_required(Role.PARTICIPANT)
def slots(host_id: int) -> ResponseReturnValue:
    try:
        first = date.fromisoformat(request.args.get("from", ""))
        last = (
            date.fromisoformat(request.args.get("to", ""))
            if request.args.get("to")
            else first + timedelta(days=6)
        )
    except ValueError as error:
        raise ValidationError(_("Give from and to as dates (YYYY-MM-DD).")) from error
    if last < first or (last - first).days > 92:
        raise ValidationError(_("Ask for at most 93 days at a time."))
    _host, settings, found = slots_for_participant(current_user, host_id, first, last, now=utcnow())
    return jsonify(
        host_id=host_id,
        timezone=settings.user.timezone,
        slots=[{"starts_at": iso_utc(s.starts_at), "ends_at": iso_utc(s.ends_at)} for s in found],
    )


@bp.get("/bookings")
@roles_required(Role.PARTICIPANT, *av.HOST_ROLES)
def list_bookings() -> ResponseReturnValue:
    upcoming, past = svc.bookings_of(current_user, now=utcnow())
    return jsonify(
        upcoming=[booking_json(b) for b in upcoming], past=[booking_json(b) for b in past]
    )


@bp.post("/bookings")
@roles_required(Role.PARTICIPANT)
def create_booking() -> ResponseReturnValue:
    body = fields.json_body()
    host_id = fields.whole(body.get("host_id"), "host_id", _("Give host_id as a number."))
    booking, created = svc.book_session(
        current_user,
        host_id,
        _moment(body),
        now=utcnow(),
        request_key=_request_key(body),
        topic=fields.text(body, "topic", TOPIC_LENGTH),
    )
    return jsonify(booking_json(booking)), 201 if created else 200


@bp.get("/bookings/<int:booking_id>")
@roles_required(Role.PARTICIPANT, *av.HOST_ROLES)
def get_booking(booking_id: int) -> ResponseReturnValue:
    return jsonify(booking_json(svc.get_booking(current_user, booking_id)))


@bp.post("/bookings/<int:booking_id>/cancel")
@roles_required(Role.PARTICIPANT, *av.HOST_ROLES)
def cancel_booking(booking_id: int) -> ResponseReturnValue:
    reason = fields.text(fields.json_body(), "reason", REASON_LENGTH)
    return jsonify(
        booking_json(svc.cancel_booking(current_user, booking_id, reason=reason, now=utcnow()))
    )


@bp.post("/bookings/<int:booking_id>/reschedule")
@roles_required(Role.PARTICIPANT)
def reschedule_booking(booking_id: int) -> ResponseReturnValue:
    moved = svc.reschedule_booking(
        current_user, booking_id, _moment(fields.json_body()), now=utcnow()
    )
    return jsonify(booking_json(moved))


@bp.post("/group-sessions/<int:session_id>/seats")
@roles_required(Role.PARTICIPANT)
def join_group_session(session_id: int) -> ResponseReturnValue:
    seat = groups.join_session(current_user, session_id, now=utcnow())
    return jsonify(session_id=session_id, status=seat.status), 201


@bp.post("/group-sessions/<int:session_id>/leave")
@roles_required(Role.PARTICIPANT, *av.HOST_ROLES)
def leave_group_session(session_id: int) -> ResponseReturnValue:
    seat = groups.leave_session(current_user, session_id, now=utcnow())
    return jsonify(session_id=session_id, status=seat.status)
