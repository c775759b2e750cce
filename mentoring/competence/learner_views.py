"""A learner's self-assessment against their knowledge goals, and their gaps."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.competence.recommendations import MyGaps, my_gaps
from mentoring.errors import DomainError, NotFound
from mentoring.programmes.models import Enrollment, Programme
from mentoring.security.sessions import now as app_now
from mentoring.workplace.assessments import record_self_assessment, self_levels
from mentoring.workplace.forms import assessment_form
from mentoring.workplace.goals import person_goals, programmes_with_goals
from mentoring.workplace.levels import LEVEL_WORDS
from mentoring.workplace.rounds import today_in

bp = Blueprint("competence", __name__)


def home_gaps(enrollments: Sequence[Enrollment]) -> MyGaps:
    """The signed-in learner's gaps with suggestions, for the home page's include.

    ``enrollments`` are the person's, which the home page has read already: goals need an
    open one with an occupation, so without one nothing more is asked of the database.
    """
    if not any(e.ended_on is None and e.occupation_id is not None for e in enrollments):
        return MyGaps(None)
    return my_gaps(current_user, now=app_now())


def _programme() -> Programme | None:
    """The programme chosen in ``?programme=`` among the person's, else their newest."""
    programmes = programmes_with_goals(current_user.id)
    wanted = request.args.get("programme", "")
    if wanted:
        found = next((p for p in programmes if str(p.id) == wanted), None)
        if found is None:
            raise NotFound(_("No such programme."))
        return found
    return programmes[0] if programmes else None


@bp.route("/my/assessment", methods=["GET", "POST"])
@login_required
def assessment() -> ResponseReturnValue:
    programme = _programme()
    if programme is None:
        return render_template("workplace/assessment.html", programme=None, form=None)
    tools = list(person_goals(programme.id, current_user.id))
    words = {level: str(text) for level, text in LEVEL_WORDS.items()}
    form = assessment_form(tools, self_levels(programme.id, current_user.id), words)
    status = 200
    if form.validate_on_submit():
        levels = {tool: int(form[f"tool_{i}"].data) for i, tool in enumerate(tools)}
        try:
            record_self_assessment(
                current_user.id, programme.id, levels, now=app_now(), today=today_in(programme)
            )
        except DomainError as error:
            form.form_errors.append(error.message)
        else:
            flash(_("Thank you. Your answers are saved."), "success")
            return redirect(url_for("competence.gaps"))
    if form.is_submitted():
        status = 422
    fields = [form[f"tool_{i}"] for i in range(len(tools))]
    return render_template(
        "workplace/assessment.html", programme=programme, form=form, fields=fields
    ), status


@bp.get("/my/gaps")
@login_required
def gaps() -> ResponseReturnValue:
    return render_template("workplace/gaps.html", found=my_gaps(current_user, now=app_now()))
