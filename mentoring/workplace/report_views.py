"""The heatmap of gaps and the before/after comparison, for coordinators and managers."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.programmes.services import get_programme
from mentoring.users.roles import Role
from mentoring.workplace.heatmap import BY, before_after, heatmap
from mentoring.workplace.organisation import managed_unit_ids, organisation_units

bp = Blueprint("workplace_reports", __name__)


def _round_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 6 else None


def _render(programme: Programme, unit_ids: set[int] | None, endpoint: str) -> ResponseReturnValue:
    by = request.args.get("by", "unit")
    if by not in BY:
        abort(400)
    current = heatmap(programme, by=by, round_number=_round_arg("round"), unit_ids=unit_ids)
    change = before_after(
        programme, by=by, first=_round_arg("first"), last=_round_arg("round"), unit_ids=unit_ids
    )
    return render_template(
        "workplace/heatmap.html",
        programme=programme,
        heat=current,
        change=change,
        endpoint=endpoint,
        by_labels={"unit": _("Units"), "occupation": _("Occupational groups")},
    )


@bp.get("/programmes/<int:programme_id>/heatmap")
@roles_required(Role.ADMIN, Role.COORDINATOR)
def heatmap_page(programme_id: int) -> ResponseReturnValue:
    return _render(
        get_programme(current_user, programme_id), None, "workplace_reports.heatmap_page"
    )


def managed_in(programme_id: int) -> tuple[Programme, set[int]]:
    """The programme and the manager's units in it; not found when they head none there."""
    programme = db.session.get(Programme, programme_id)
    mine = managed_unit_ids(current_user.id)
    if programme is None or programme.organisation_id is None:
        raise NotFound(_("No such programme."))
    units = {u.id for u in organisation_units(programme.organisation_id)} & mine
    if not units:
        raise NotFound(_("No such programme."))
    return programme, units


@bp.get("/manager/programmes/<int:programme_id>/heatmap")
@roles_required(Role.MANAGER)
def manager_heatmap(programme_id: int) -> ResponseReturnValue:
    programme, units = managed_in(programme_id)
    return _render(programme, units, "workplace_reports.manager_heatmap")
