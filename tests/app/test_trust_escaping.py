"""Text people type is shown as text: a bio with HTML or a script cannot run in a browser."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.accounts.roles import Role
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from tests.conftest import login
from tests.trust_factories import make_world

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_bio_with_html_is_shown_as_text(client: FlaskClient) -> None:
    world = make_world()
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == world.participant.id))
    assert profile is not None
    profile.bio = ATTACK
    world.participant.name = ATTACK
    db.session.commit()
    login(client, world.staff[Role.COORDINATOR].email)
    page = client.get(f"/profiles/{world.participant.id}").get_data(as_text=True)
    assert "&lt;script&gt;" in page
    assert "<script>" not in page and "<img src=x" not in page
