"""Invitations to join cohorts: the person accepts or declines; the staff may withdraw one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.programmes import invitations
from mentoring.users.roles import Role

bp = Blueprint("invitations", __name__)


@bp.get("/invitations")
@login_required
def index() -> ResponseReturnValue:
    pending = invitations.pending_for(current_user, utcnow())
    return render_template("programmes/invitations.html", invitations=pending)


@bp.post("/invitations/<int:invitation_id>/accept")
@login_required
def accept(invitation_id: int) -> ResponseReturnValue:
    enrollment = invitations.accept(current_user, invitation_id, utcnow())
    flash(_("You have joined %(cohort)s.", cohort=enrollment.cohort.name), "success")
    return redirect(url_for("invitations.index"))


@bp.post("/invitations/<int:invitation_id>/decline")
@login_required
def decline(invitation_id: int) -> ResponseReturnValue:
    invitations.decline(current_user, invitation_id, utcnow())
    flash(_("You have declined the invitation."), "info")
    return redirect(url_for("invitations.index"))


@bp.post("/invitations/<int:invitation_id>/withdraw")
@roles_required(Role.ADMIN, Role.COORDINATOR)
def withdraw(invitation_id: int) -> ResponseReturnValue:
    cohort_id = invitations.withdraw(current_user, invitation_id)
    flash(_("The invitation is withdrawn."), "info")
    return redirect(url_for("roster.cohort", cohort_id=cohort_id))
