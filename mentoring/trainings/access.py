"""Who sees the bank of a programme, who publishes in it and who edits a training."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.trainings.models import Training
from mentoring.users.models import User
from mentoring.users.roles import Role

#: Roles that publish trainings (in a programme they work in or, for ambassadors, belong to).
AUTHOR_ROLES = (Role.AMBASSADOR, Role.COACH, Role.COORDINATOR, Role.ADMIN)


def _enrolled_in(user_id: int) -> sa.Select[tuple[int]]:
    return (
        sa.select(Cohort.programme_id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user_id, Enrollment.ended_on.is_(None))
    )


def _staff_of(user_id: int) -> sa.Select[tuple[int]]:
    return sa.select(ProgrammeStaff.programme_id).where(ProgrammeStaff.user_id == user_id)


def programme_ids_of(user: User) -> list[int]:
    """The programmes whose bank ``user`` may read: every one for admins, else staff or learner."""
    query = sa.select(Programme.id).order_by(Programme.name)
    if not user.has_role(Role.ADMIN):
        query = query.where(
            sa.or_(Programme.id.in_(_enrolled_in(user.id)), Programme.id.in_(_staff_of(user.id)))
        )
    return list(db.session.scalars(query))


def authoring_programmes(user: User) -> list[Programme]:
    """The programmes ``user`` may publish trainings in."""
    query = sa.select(Programme).order_by(Programme.name)
    if user.has_role(Role.ADMIN):
        return list(db.session.scalars(query))
    allowed = []
    if user.has_role(Role.COACH, Role.COORDINATOR):
        allowed.append(Programme.id.in_(_staff_of(user.id)))
    if user.has_role(Role.AMBASSADOR):
        allowed.append(Programme.id.in_(_enrolled_in(user.id)))
    if not allowed:
        return []
    return list(db.session.scalars(query.where(sa.or_(*allowed))))


def can_read(user: User, programme_id: int) -> bool:
    return programme_id in programme_ids_of(user)


def is_learner(user: User, programme_id: int) -> bool:
    """Whether ``user`` is enrolled (open) in the programme, and so may take its trainings."""
    return programme_id in set(db.session.scalars(_enrolled_in(user.id)))


def can_edit(user: User, training: Training) -> bool:
    """The author (while still allowed to publish there), the programme's coordinators, admins."""
    if user.has_role(Role.ADMIN):
        return True
    if user.has_role(Role.COORDINATOR) and training.programme_id in set(
        db.session.scalars(_staff_of(user.id))
    ):
        return True
    return training.author_id == user.id and training.programme_id in {
        p.id for p in authoring_programmes(user)
    }


def get_training(user: User, training_id: int) -> Training:
    """The training if ``user`` is one of its programme's people (otherwise it does not exist)."""
    training = db.session.get(Training, training_id)
    if training is None or not can_read(user, training.programme_id):
        raise NotFound(_("No such training."))
    return training


def get_editable(user: User, training_id: int) -> Training:
    training = get_training(user, training_id)
    if not can_edit(user, training):
        raise NotFound(_("No such training."))
    return training
