"""The privacy notice people agree to, and their opt-in for optional attributes."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.db import utcnow
from mentoring.privacy import consent
from mentoring.privacy.forms import ConsentForm
from mentoring.privacy.views import bp
from mentoring.web import safe_next


@bp.route("/consent", methods=["GET", "POST"], endpoint="consent")
@login_required
def consent_page() -> ResponseReturnValue:
    user_id = current_user.id
    form = ConsentForm()
    if form.validate_on_submit():
        consent.give_consent(user_id, share_attributes=form.share_attributes.data, now=utcnow())
        flash(_("Thank you. You can change your choices at any time under My data."), "success")
        return redirect(safe_next(request.args.get("next")))
    if not form.is_submitted():
        form.share_attributes.data = consent.shares_attributes(user_id)
    return render_template(
        "privacy/consent.html",
        form=form,
        agreement=consent.agreement(user_id),
        version=consent.current_version(),
        terms=consent.retention_terms(user_id),
    )


@bp.post("/my-data/attributes")
@login_required
def attributes() -> ResponseReturnValue:
    share = request.form.get("share") == "1"
    consent.set_attribute_sharing(current_user.id, share, now=utcnow())
    if share:
        flash(_("You can now add your gender and age band on your profile."), "success")
    else:
        flash(_("We no longer store your gender and age band, and removed what we had."), "success")
    return redirect(url_for("privacy.index"))
