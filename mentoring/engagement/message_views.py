"""Pages: a participant writes to their coordinators; coordinators read and mark messages read."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.engagement import messages
from mentoring.engagement.forms import MessageForm
from mentoring.errors import DomainError
from mentoring.programmes.services import coordinated_programme, visible_programmes
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("messages", __name__, url_prefix="/engagement")


@bp.route("/messages/new", methods=["GET", "POST"])
@roles_required(Role.PARTICIPANT)
def write() -> ResponseReturnValue:
    programmes = messages.open_programmes(current_user)
    form = MessageForm()
    form.programme_id.choices = [(p.id, p.name) for p, _cohort in programmes]
    if form.is_submitted() and programmes:
        if form.validate():
            try:
                messages.send_message(
                    current_user, form.programme_id.data, form.body.data or "", now=utcnow()
                )
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Your message is sent. A coordinator will answer you."), "success")
                return redirect(url_for(".write"))
    return render_template(
        "engagement/message_form.html",
        form=form,
        programmes=programmes,
        sent=messages.sent_by(current_user),
        max_length=messages.MAX_LENGTH,
    ), (422 if form.errors or form.form_errors else 200)


@bp.get("/<int:programme_id>/messages")
@roles_required(Role.COORDINATOR)
def inbox(programme_id: int) -> ResponseReturnValue:
    programme = coordinated_programme(current_user, programme_id)
    return render_template(
        "engagement/messages.html",
        programme=programme,
        programmes=visible_programmes(current_user),
        rows=messages.inbox(current_user, programme.id),
        messages_unread=messages.unread_count(current_user, programme.id),
    )


@bp.post("/messages/<int:coordinator_message_id>/read")
@roles_required(Role.COORDINATOR)
def mark_read(coordinator_message_id: int) -> ResponseReturnValue:
    message = messages.mark_read(current_user, coordinator_message_id, now=utcnow())
    flash(_("The message is marked read."), "success")
    return redirect(url_for(".inbox", programme_id=message.programme_id))
