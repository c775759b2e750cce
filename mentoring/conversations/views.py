"""Pages: a person's threads, one thread to read and answer, report; coordinators' reports."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.conversations import services
from mentoring.conversations.forms import WriteForm
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.programmes.services import coordinated_programme
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("conversations", __name__, url_prefix="/conversations")
MEMBERS = (Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR, Role.COACH)
KIND = "<any(pairing, route, group):kind>/<int:subject_id>"


@bp.get("/")
@roles_required(*MEMBERS)
def index() -> ResponseReturnValue:
    return render_template("conversations/index.html", threads=services.threads_of(current_user))


@bp.route(f"/{KIND}", methods=["GET", "POST"])
@roles_required(*MEMBERS)
def thread(kind: str, subject_id: int) -> ResponseReturnValue:
    found = services.thread(current_user, kind, subject_id)
    form = WriteForm()
    if form.is_submitted() and form.validate():
        try:
            services.send(current_user, kind, subject_id, form.body.data or "", now=utcnow())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Your message is sent."), "success")
            return redirect(url_for(".thread", kind=kind, subject_id=subject_id, _anchor="write"))
    services.mark_read(current_user, found, now=utcnow())
    return render_template(
        "conversations/thread.html",
        thread=found,
        lines=services.lines(found),
        form=form,
        max_length=services.MAX_LENGTH,
    ), (422 if form.errors or form.form_errors else 200)


@bp.post("/messages/<int:conversation_message_id>/report")
@roles_required(*MEMBERS)
def report(conversation_message_id: int) -> ResponseReturnValue:
    services.report(current_user, conversation_message_id, now=utcnow())
    flash(_("Thank you. The coordinators of the programme will look at the message."), "success")
    return redirect(url_for(".index"))


@bp.get("/reported/<int:programme_id>")
@roles_required(Role.COORDINATOR)
def reported(programme_id: int) -> ResponseReturnValue:
    programme = coordinated_programme(current_user, programme_id)
    return render_template(
        "conversations/reported.html",
        programme=programme,
        lines=services.reported(current_user, programme.id),
    )


@bp.post("/messages/<int:conversation_message_id>/remove")
@roles_required(Role.COORDINATOR)
def remove(conversation_message_id: int) -> ResponseReturnValue:
    message = services.remove(current_user, conversation_message_id)
    flash(_("The message is removed."), "success")
    return redirect(url_for(".reported", programme_id=message.programme_id))
