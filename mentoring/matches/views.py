"""Matching pages: coordinators run and publish; mentors and mentees answer."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.errors import DomainError, NotFound
from mentoring.matches import choice, pairings, routing, runs
from mentoring.matches.background import complete_in_background
from mentoring.matches.forms import (
    AnswerForm,
    AwayForm,
    EndPairingForm,
    ExtendForm,
    FeedbackForm,
    RulesForm,
)
from mentoring.matches.rules import rules_for, update_rules
from mentoring.programmes.services import get_cohort, get_programme
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("matches", __name__)
MANAGERS = (Role.ADMIN, Role.COORDINATOR)


@bp.get("/cohorts/<int:cohort_id>/matching")
@roles_required(*MANAGERS)
def cohort_matching(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    draft = runs.latest_draft(cohort)
    return render_template(
        "matches/cohort.html",
        cohort=cohort,
        draft=draft,
        running=runs.running_run(cohort),
        history=runs.runs_for(cohort.id, current_user),
        cohort_pairings=pairings.pairings_in(cohort),
        people=runs.people_of(draft) if draft else {},
        end_form=EndPairingForm(),
        extend_form=ExtendForm(),
    )


@bp.post("/cohorts/<int:cohort_id>/matching/run")
@roles_required(*MANAGERS)
def run(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    if runs.running_run(cohort) is not None:
        flash(_("A matching run is already working for this cohort."), "info")
        return redirect(url_for("matches.cohort_matching", cohort_id=cohort.id))
    started = runs.start_run(cohort, current_user, now=utcnow())
    if runs.waiting_count(cohort) >= current_app.config["MATCHING_BACKGROUND_FROM"]:
        complete_in_background(current_app._get_current_object(), started.id)
        flash(_("Matching has started. This page shows how it goes."), "info")
    else:
        result = runs.complete_run(started.id)
        flash(
            _(
                "Matching done: %(matched)d proposals, %(left)d without a mentor.",
                matched=result.matched,
                left=len(result.unmatched),
            ),
            "success",
        )
    return redirect(url_for("matches.cohort_matching", cohort_id=cohort.id))


@bp.post("/proposals/<int:proposal_id>/<any(lock, unlock, reject, unreject):action>")
@roles_required(*MANAGERS)
def proposal_action(proposal_id: int, action: str) -> ResponseReturnValue:
    if action in ("lock", "unlock"):
        proposal = runs.set_locked(current_user, proposal_id, action == "lock")
    else:
        proposal = runs.set_rejected(current_user, proposal_id, action == "reject")
    return redirect(
        url_for("matches.cohort_matching", cohort_id=proposal.run.cohort_id) + f"#p{proposal.id}"
    )


@bp.route("/proposals/<int:proposal_id>/swap", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def swap(proposal_id: int) -> ResponseReturnValue:
    proposal, mentors = runs.swap_candidates(current_user, proposal_id)
    mentor_id = request.values.get("mentor_id", type=int)
    preview, error = None, None
    if mentor_id:
        try:
            if request.method == "POST":
                runs.swap(current_user, proposal_id, mentor_id, now=utcnow())
                flash(_("The mentor is changed."), "success")
                return redirect(
                    url_for("matches.cohort_matching", cohort_id=proposal.run.cohort_id)
                )
            preview = runs.preview_pair(
                current_user, proposal.run, proposal.mentee_id, mentor_id, now=utcnow()
            )
        except DomainError as exc:
            error = exc.message
    status = 422 if error else 200
    return render_template(
        "matches/swap.html",
        proposal=proposal,
        mentors=mentors,
        mentor_id=mentor_id,
        preview=preview,
        error=error,
    ), status


@bp.post("/runs/<int:run_id>/publish")
@roles_required(*MANAGERS)
def publish(run_id: int) -> ResponseReturnValue:
    created = runs.publish(current_user, run_id, now=utcnow())
    flash(
        _(
            "Published %(count)d proposals. Both people in each pair are asked to accept.",
            count=len(created),
        ),
        "success",
    )
    return redirect(
        url_for("matches.cohort_matching", cohort_id=runs.get_run(current_user, run_id).cohort_id)
    )


@bp.route("/programmes/<int:programme_id>/matching-rules", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def rules(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = RulesForm(obj=rules_for(programme))
    if form.validate_on_submit():
        try:
            update_rules(
                programme,
                current_user,
                {name: field.data for name, field in form._fields.items() if name != "csrf_token"},
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The rules are saved and apply to the next run."), "success")
            return redirect(url_for("matches.rules", programme_id=programme.id))
    return render_template("matches/rules.html", programme=programme, form=form)


@bp.post("/pairings/<int:pairing_id>/<any(accept, decline):choice>")
@login_required
def answer(pairing_id: int, choice: str) -> ResponseReturnValue:
    form = AnswerForm()
    pairings.answer(
        current_user,
        pairing_id,
        accept=choice == "accept",
        reason=form.reason.data or "",
        now=utcnow(),
    )
    flash(_("Thank you, your answer is saved."), "success")
    return redirect(url_for("groups.mine"))


@bp.post("/pairings/<int:pairing_id>/feedback")
@login_required
def feedback(pairing_id: int) -> ResponseReturnValue:
    form = FeedbackForm()
    form.validate()
    pairings.first_feedback(
        current_user,
        pairing_id,
        rating=form.rating.data,
        verdict=form.verdict.data or None,
        today=utcnow().date(),
    )
    flash(_("Thank you for your feedback."), "success")
    return redirect(url_for("groups.mine"))


@bp.post("/my/away")
@roles_required(Role.MENTOR, Role.AMBASSADOR)
def away() -> ResponseReturnValue:
    form = AwayForm()
    if form.validate_on_submit():
        assert form.starts_on.data and form.ends_on.data
        pairings.set_away(current_user, starts_on=form.starts_on.data, ends_on=form.ends_on.data)
        flash(_("Saved. You get no new mentees during this time."), "success")
    else:
        flash(_("Give both dates."), "error")
    return redirect(url_for("groups.mine"))


@bp.post("/pairings/<int:pairing_id>/<any(end, pause, resume, extend):action>")
@roles_required(*MANAGERS)
def manage(pairing_id: int, action: str) -> ResponseReturnValue:
    if action == "end":
        form = EndPairingForm()
        if not form.validate_on_submit():
            flash(_("Give the end date and a reason."), "error")
            return redirect(request.referrer or url_for("home.index"))
        assert form.ended_on.data
        pairing = pairings.end_pairing(
            current_user, pairing_id, on=form.ended_on.data, reason=form.reason.data or ""
        )
    elif action == "extend":
        form_extend = ExtendForm()
        pairing = pairings.extend(
            current_user,
            pairing_id,
            form_extend.weeks.data if form_extend.validate_on_submit() else 0,
        )
    else:
        pairing = pairings.set_paused(current_user, pairing_id, action == "pause")
    flash(_("The pairing is updated."), "success")
    return redirect(url_for("matches.cohort_matching", cohort_id=pairing.cohort_id) + "#pairings")


@bp.get("/my/mentor-choice")
@roles_required(Role.PARTICIPANT)
def choose() -> ResponseReturnValue:
    return render_template(
        "matches/choose.html",
        suggestions=choice.suggest_mentors(current_user, now=utcnow()),
        pending=choice.pending_request(current_user),
        in_choice_programme=choice.choice_cohort(current_user) is not None,
    )


@bp.post("/my/mentor-choice")
@roles_required(Role.PARTICIPANT)
def request_mentor() -> ResponseReturnValue:
    try:
        request_row = choice.request_mentor(
            current_user, request.form.get("mentor_id", type=int) or 0, now=utcnow()
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Your request is sent to %(name)s.", name=request_row.mentor.name), "success")
    return redirect(url_for("matches.choose"))


@bp.post("/mentor-requests/<int:request_id>/<any(accept, decline):choice_made>")
@roles_required(Role.MENTOR)
def answer_request(request_id: int, choice_made: str) -> ResponseReturnValue:
    try:
        choice.answer_request(
            current_user, request_id, accept=choice_made == "accept", now=utcnow()
        )
    except NotFound:
        raise  # someone else's or a made-up request: 404, like every object route
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Thank you, your answer is saved."), "success")
    return redirect(url_for("groups.mine"))


@bp.get("/my/tools")
@roles_required(Role.PARTICIPANT)
def tools() -> ResponseReturnValue:
    return render_template(
        "matches/tools.html", plan=routing.learning_plan(current_user, now=utcnow())
    )


@bp.post("/my/tools")
@roles_required(Role.PARTICIPANT)
def route_to_ambassador() -> ResponseReturnValue:
    try:
        row = routing.route(
            current_user,
            request.form.get("tool", ""),
            request.form.get("ambassador_id", type=int) or 0,
            now=utcnow(),
        )
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(
            _(
                "%(name)s will help you with %(tool)s. Book a session with them.",
                name=row.ambassador.name,
                tool=row.tool,
            ),
            "success",
        )
    return redirect(url_for("matches.tools"))


@bp.post("/routes/<int:route_id>/done")
@roles_required(Role.AMBASSADOR)
def route_done(route_id: int) -> ResponseReturnValue:
    routing.close_route(current_user, route_id, now=utcnow())
    flash(_("Marked as done."), "success")
    return redirect(url_for("ambassadors.learners"))
