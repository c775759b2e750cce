"""Load the signed-in user from the session cookie, refusing cookies from an older session."""

from __future__ import annotations

from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from mentoring.extensions import db
from mentoring.users.models import User

#: Every signed-in request needs the roles: one query for both, not two. Built once: building
#: the option on each request was a sixth of the person's load (cProfile, issue 15).
WITH_ROLES = (joinedload(User.role_rows),)


def load_user(user_id: str) -> User | None:
    raw_id, _, raw_version = user_id.partition(":")
    if not raw_id.isdigit() or not raw_version.isdigit():
        return None
    user = db.session.get(User, int(raw_id), options=WITH_ROLES)
    if user is None or user.session_version != int(raw_version):
        return None
    return user


def init_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
