"""A person's own profile and availability, and profile pages for staff."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.audit.services import record_view
from mentoring.consents import shares_attributes
from mentoring.profiles import services
from mentoring.profiles.input import ProfileInput, parse_availability, parse_profile
from mentoring.users.roles import PROFILE_ROLES

bp = Blueprint("profiles", __name__)


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(*PROFILE_ROLES)
def edit() -> ResponseReturnValue:
    catalogue = services.catalogue_for(current_user)
    profile = services.profile_of(current_user)
    if request.method == "POST":
        data, errors = parse_profile(request.form, catalogue)
        if not errors:
            services.save_profile(current_user, data)
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("profiles.edit"))
        flash(_("Please correct the marked fields."), "error")
        return render_template(
            "profiles/edit.html",
            data=data,
            errors=errors,
            catalogue=catalogue,
            shares_attributes=shares_attributes(current_user.id),
        ), 422
    data = services.input_from_profile(profile) if profile else ProfileInput()
    return render_template(
        "profiles/edit.html",
        data=data,
        errors={},
        catalogue=catalogue,
        shares_attributes=shares_attributes(current_user.id),
    )


@bp.route("/profile/availability", methods=["GET", "POST"])
@roles_required(*PROFILE_ROLES)
def availability() -> ResponseReturnValue:
    profile = services.profile_of(current_user)
    hours = set(profile.availability) if profile else set()
    if request.method == "POST":
        chosen, error = parse_availability(request.form.getlist("hours"))
        if error is None:
            services.save_availability(current_user, chosen)
            flash(
                _("Your weekly availability is saved: %(count)d hours.", count=len(chosen)),
                "success",
            )
            return redirect(url_for("profiles.availability"))
        flash(error, "error")
        return render_template("profiles/availability.html", hours=hours, error=error), 422
    return render_template("profiles/availability.html", hours=hours, error=None)


@bp.get("/profiles/<int:user_id>")
@login_required
def show(user_id: int) -> ResponseReturnValue:
    person, profile = services.profile_for_viewer(current_user, user_id)
    if person.id != current_user.id:
        record_view(current_user.id, person.id, "profile")
    return render_template("profiles/show.html", person=person, profile=profile)
