"""A digital ambassador's own page: the colleagues they help and what came of it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.competence.ledger import ledger
from mentoring.users.roles import Role

bp = Blueprint("ambassadors", __name__)


@bp.get("/my/learners")
@roles_required(Role.AMBASSADOR)
def learners() -> ResponseReturnValue:
    return render_template("matches/learners.html", ledger=ledger(current_user))
