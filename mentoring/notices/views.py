"""Pages: reminder preferences, one-click unsubscribe, check-in and outcome links, outbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.extensions import csrf
from mentoring.notices import services
from mentoring.users.roles import Role
from notifications.model import MANDATORY_KINDS, OPTIONAL_KINDS, Kind, Status

bp = Blueprint("notices", __name__)


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> ResponseReturnValue:
    if request.method == "POST":
        services.set_preferences(current_user.id, set(request.form.getlist("kind")), utcnow())
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("notices.preferences"))
    declined = services.declined_kinds(current_user.id)
    return render_template(
        "notices/preferences.html",
        optional=OPTIONAL_KINDS,
        mandatory=sorted(MANDATORY_KINDS),
        declined=declined,
    )


# Mail clients post here without our CSRF token (RFC 8058); the signed token is the proof.
@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str) -> ResponseReturnValue:
    if request.method == "GET":
        # A GET only asks: mail scanners open links and must not unsubscribe anyone.
        services.links.read_token(services.links.UNSUBSCRIBE, token)
        return render_template("notices/unsubscribe.html", token=token, done=False, kind=None)
    _user, kind = services.unsubscribe(token, utcnow())
    return render_template("notices/unsubscribe.html", token=token, done=True, kind=kind)


@bp.route("/notifications/check-in/<token>", methods=["GET", "POST"])
def check_in(token: str) -> ResponseReturnValue:
    error = None
    if request.method == "POST":
        try:
            services.answer_check_in(
                token,
                request.form.get("rating", type=int),
                request.form.get("comment", ""),
                utcnow(),
            )
            return render_template("notices/thanks.html")
        except DomainError as problem:
            if problem.field is None:
                raise
            error = problem.message
    services.read_check_in(token)
    return render_template("notices/check_in.html", token=token, error=error), (
        422 if error else 200
    )


@bp.route("/notifications/outcome/<token>", methods=["GET", "POST"])
def outcome(token: str) -> ResponseReturnValue:
    error = None
    if request.method == "POST":
        try:
            services.answer_outcome(token, request.form.get("situation", ""), utcnow())
            return render_template("notices/thanks.html")
        except DomainError as problem:
            if problem.field is None:
                raise
            error = problem.message
    services.read_outcome(token)
    return render_template(
        "notices/outcome.html", token=token, error=error, situations=services.SITUATIONS
    ), (422 if error else 200)


@bp.get("/admin/outbox")
@roles_required(Role.ADMIN)
def outbox() -> ResponseReturnValue:
    status = request.args.get("status", "")
    status = status if status in set(Status) else ""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    messages, total = services.list_outbox(status, page)
    return render_template(
        "notices/outbox.html",
        messages=messages,
        total=total,
        page=page,
        page_size=services.PAGE_SIZE,
        status=status,
        statuses=list(Status),
        runs=services.job_runs(),
    )


@bp.post("/admin/outbox/<int:message_id>/resend")
@roles_required(Role.ADMIN)
def resend(message_id: int) -> ResponseReturnValue:
    services.resend(message_id, utcnow())
    flash(_("The message will be sent again."), "success")
    return redirect(url_for("notices.outbox", status=Status.FAILED.value))


def kind_label(kind: str) -> str:
    """Name a kind of message in plain words."""
    labels = {
        Kind.SESSION_24H: _("Reminder a day before a session"),
        Kind.SESSION_1H: _("Reminder an hour before a session"),
        Kind.CHECK_IN: _("Check-ins: how is it going?"),
        Kind.INACTIVITY: _("Reminders when I have been away for a while"),
        Kind.AT_RISK: _("Notices about people who have been away for long (staff)"),
        Kind.OUTCOME_FOLLOW_UP: _("A question six months after my programme ends"),
        Kind.MATCH: _("News about my mentor matches"),
        Kind.GROUP: _("News about my groups"),
        Kind.DIGEST: _("Weekly digest (staff)"),
        Kind.ACCOUNT: _("Account emails (invitations, password resets)"),
        Kind.COORDINATOR_MESSAGE: _("Messages from participants to me (coordinators)"),
        Kind.NUDGE: _("A word from my coordinator when I have been quiet"),
        Kind.BOOKING: _("Confirmations of sessions booked, moved or cancelled"),
        Kind.CONVERSATION_MESSAGE: _("A new message from my mentor, ambassador or group"),
        Kind.REASSESSMENT: _("A reminder to assess my digital skills again"),
    }
    return labels.get(Kind(kind), kind) if kind in set(Kind) else kind


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"kind_label": kind_label}
