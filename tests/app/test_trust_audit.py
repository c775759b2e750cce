"""Administrators read who viewed or changed whose data; on PostgreSQL the log is append-only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.audit.append_only import allow_redaction
from mentoring.audit.models import AuditLog
from mentoring.audit.services import record
from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.trust_factories import make_world


def actions_about(user_id: int) -> list[str]:
    query = sa.select(AuditLog.action).where(AuditLog.subject_user_id == user_id)
    return list(db.session.scalars(query.order_by(AuditLog.id)))


def test_staff_viewing_a_profile_is_logged_but_not_the_person_themself(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    world = make_world()
    auth.login(world.participant.email)
    assert client.get(f"/profiles/{world.participant.id}").status_code == 200
    assert actions_about(world.participant.id) == []
    auth.logout()
    auth.login(world.staff[Role.COORDINATOR].email)
    assert client.get(f"/profiles/{world.participant.id}").status_code == 200
    entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "profile.viewed"))
    assert entry is not None
    assert (entry.actor_id, entry.subject_user_id) == (
        world.staff[Role.COORDINATOR].id,
        world.participant.id,
    )


def test_role_changes_are_logged_with_before_and_after(
    client: FlaskClient, auth: AuthActions
) -> None:
    world = make_world()
    admin = world.staff[Role.ADMIN]
    auth.login(admin.email)
    person = world.participant
    client.post(f"/admin/users/{person.id}", data={"roles": ["participant", "mentor"]})
    entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "account.roles_changed"))
    assert entry is not None
    assert entry.actor_id == admin.id and entry.subject_user_id == person.id
    assert entry.details == {"before": ["participant"], "after": ["mentor", "participant"]}


def test_deactivating_an_account_is_logged(client: FlaskClient, auth: AuthActions) -> None:
    world = make_world()
    auth.login(world.staff[Role.ADMIN].email)
    client.post(f"/admin/users/{world.participant.id}/enabled", data={"enabled": "0"})
    assert actions_about(world.participant.id) == ["account.disabled"]


def test_admins_filter_the_log_by_person_and_action(client: FlaskClient, auth: AuthActions) -> None:
    world = make_world()
    someone, other = world.participant.id, world.mentor.id
    record(world.staff[Role.COORDINATOR].id, "profile.viewed", subject_user_id=someone)
    record(world.staff[Role.COORDINATOR].id, "profile.viewed", subject_user_id=other)
    record(world.staff[Role.ADMIN].id, "account.roles_changed", subject_user_id=someone)
    db.session.commit()
    auth.login(world.staff[Role.ADMIN].email)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "3 entries" in page
    assert world.participant.name in page, "people are shown by name"
    by_person = client.get(f"/admin/audit?person={someone}").get_data(as_text=True)
    assert "2 entries" in by_person
    both = client.get(f"/admin/audit?person={someone}&action=profile.viewed")
    assert "1 entries" in both.get_data(as_text=True)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN], ids=str)
def test_only_admins_read_the_log(client: FlaskClient, auth: AuthActions, role: Role) -> None:
    world = make_world()
    auth.login(world.staff[role].email)
    assert client.get("/admin/audit").status_code == 403


@pytest.mark.postgres
def test_audit_rows_cannot_be_changed_or_deleted_on_postgresql(app) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    entry = record(world.staff[Role.ADMIN].id, "profile.viewed", subject_user_id=1, note="x")
    db.session.commit()
    for statement in (
        sa.update(AuditLog).where(AuditLog.id == entry.id).values(action="nothing"),
        sa.delete(AuditLog).where(AuditLog.id == entry.id),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(statement)
        db.session.rollback()
    # An erasure may redact details, but never who did what when.
    allow_redaction(db.session)
    db.session.execute(sa.update(AuditLog).where(AuditLog.id == entry.id).values(details={}))
    db.session.commit()
    allow_redaction(db.session)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        db.session.execute(sa.update(AuditLog).where(AuditLog.id == entry.id).values(actor_id=None))
    db.session.rollback()
    assert db.session.get(AuditLog, entry.id).details == {}  # type: ignore[union-attr]
