"""Coach pages for mastermind groups, and each person's page of their matches and groups.

The person's page (``/my/matches``) shows pairings, mentor requests and groups together, so
it lives here, above ``mentoring.matches``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.groups import services
from mentoring.groups.models import GroupStatus
from mentoring.matches import choice, pairings
from mentoring.matches.forms import AwayForm, FeedbackForm
from mentoring.programmes.services import get_cohort
from mentoring.users.roles import Role

bp = Blueprint("groups", __name__)
STAFF = (Role.COACH, Role.COORDINATOR, Role.ADMIN)


@bp.get("/cohorts/<int:cohort_id>/groups")
@roles_required(*STAFF)
def cohort_groups(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    groups = services.groups_of(cohort)
    run = services.latest_group_run(cohort)
    people = services.people_named(cohort, groups, run)
    scores = [g.score for g in groups if g.members]
    return render_template(
        "groups/cohort.html",
        cohort=cohort,
        groups=groups,
        run=run,
        people=people,
        mean_score=sum(scores) / len(scores) if scores else None,
        lowest=min(scores) if scores else None,
        has_drafts=any(g.status == GroupStatus.DRAFT for g in groups),
    )


@bp.post("/cohorts/<int:cohort_id>/groups/suggest")
@roles_required(*STAFF)
def suggest(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    balance = ("gender",) if request.form.get("balance_gender") else ()
    try:
        run = services.suggest_groups(
            cohort,
            current_user,
            min_size=request.form.get("min_size", 4, type=int) or 0,
            max_size=request.form.get("max_size", 6, type=int) or 0,
            balance=balance,
            now=utcnow(),
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Suggested groups for %(count)d people.", count=run.matched), "success")
    return redirect(url_for("groups.cohort_groups", cohort_id=cohort.id))


@bp.route("/groups/<int:group_id>/move", methods=["GET", "POST"])
@roles_required(*STAFF)
def move(group_id: int) -> ResponseReturnValue:
    group = services.get_group(current_user, group_id)
    user_id = request.values.get("user_id", type=int) or 0
    target_id = request.values.get("target", type=int) or None
    try:
        if request.method == "POST":
            services.move_member(current_user, group_id, user_id, target_id, now=utcnow())
            flash(_("The member is moved."), "success")
            return redirect(url_for("groups.cohort_groups", cohort_id=group.cohort_id))
        preview = services.preview_move(current_user, group_id, user_id, target_id, now=utcnow())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("groups.cohort_groups", cohort_id=group.cohort_id))
    cohort = get_cohort(current_user, group.cohort_id)
    names = services.people_named(cohort, services.groups_of(cohort), None)
    return render_template(
        "groups/move.html",
        group=group,
        preview=preview,
        people=names,
        target=services.get_group(current_user, target_id) if target_id else None,
    )


@bp.post("/groups/<int:group_id>/<any(lock, unlock):action>")
@roles_required(*STAFF)
def lock(group_id: int, action: str) -> ResponseReturnValue:
    group = services.set_locked(current_user, group_id, action == "lock")
    return redirect(url_for("groups.cohort_groups", cohort_id=group.cohort_id) + f"#g{group.id}")


@bp.post("/cohorts/<int:cohort_id>/groups/publish")
@roles_required(*STAFF)
def publish(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    try:
        published = services.publish_groups(
            current_user,
            cohort,
            cadence_weeks=request.form.get("cadence_weeks", 1, type=int) or 0,
            now=utcnow(),
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(
            _("Published %(count)d groups. Members can now see their group.", count=len(published)),
            "success",
        )
    return redirect(url_for("groups.cohort_groups", cohort_id=cohort.id))


@bp.post("/groups/<int:group_id>/meeting")
@roles_required(*STAFF)
def meeting(group_id: int) -> ResponseReturnValue:
    try:
        group = services.set_meeting_hour(
            current_user,
            group_id,
            request.form.get("meeting_hour", -1, type=int),
            request.form.get("cadence_weeks", 0, type=int),
        )
    except DomainError as error:
        flash(error.message, "error")
        group = services.get_group(current_user, group_id)
    else:
        flash(_("The meeting time is saved."), "success")
    return redirect(url_for("groups.cohort_groups", cohort_id=group.cohort_id) + f"#g{group.id}")


@bp.get("/my/matches")
@login_required
def mine() -> ResponseReturnValue:
    return render_template(
        "groups/mine.html",
        pairings=pairings.pairings_of(current_user),
        groups=services.groups_of_member(current_user),
        # Only mentors are asked; everyone else is spared the query.
        requests=choice.requests_for(current_user) if current_user.has_role(Role.MENTOR) else [],
        # The page writes its own inputs and takes labels from these: no form it does not
        # show is made (a form costs its CSRF token and the binding of its fields).
        feedback_form=FeedbackForm(),
        away_form=AwayForm() if current_user.has_role(Role.MENTOR, Role.AMBASSADOR) else None,
    )
