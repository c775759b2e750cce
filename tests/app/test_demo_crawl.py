"""Every page a demo account can reach by following links opens without a server error."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.db import utcnow
from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSize, seed_demo
from mentoring.extensions import db
from mentoring.matches import runs
from mentoring.programmes.models import Cohort
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import agree

LINK = re.compile(r'<a [^>]*href="([^"#]+)"')
SMALL = DemoSize(participants=30, mentors=8, ambassadors=3, coaches=1, coordinators=1)
SKIP = ("/logout", "/static/", "/calendar/", ".csv", ".xlsx", ".ics", "/unsubscribe")


def _links(page: str, base: str) -> set[str]:
    found = set()
    for href in LINK.findall(page):
        url = urlparse(urljoin(base, href.replace("&amp;", "&")))
        if url.netloc in ("", "localhost", "mentoring.test") and not any(
            s in url.path for s in SKIP
        ):
            found.add(url.path + (f"?{url.query}" if url.query else ""))
    return found


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_demo_pages_open_for_every_role(app: Flask, role: Role) -> None:
    seed_demo(
        seed=5,
        size=DemoSize(
            participants=30, mentors=8, ambassadors=3, coaches=1, coordinators=1, employees=40
        ),
    )

    coordinator = db.session.scalar(
        sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.COORDINATOR])
    )
    for cohort in db.session.scalars(sa.select(Cohort)).all():
        runs.run_matching(cohort, coordinator, now=utcnow())  # proposals and reasons on the pages
    if role is Role.PARTICIPANT:  # the demo leaves the privacy notice to them; agree as they would
        agree(db.session.scalars(sa.select(User).where(User.email == DEMO_ACCOUNTS[role])).one())
    client = app.test_client()
    assert AuthActions(client).login(DEMO_ACCOUNTS[role], DEMO_PASSWORD).status_code == 302
    seen: set[str] = set()
    frontier = {"/"}
    for _depth in range(2):
        following: set[str] = set()
        for path in sorted(frontier - seen):
            seen.add(path)
            response = client.get(path)
            assert response.status_code < 500, (
                f"{role.value}: {path} answered {response.status_code}"
            )
            if response.mimetype == "text/html":
                following |= _links(response.get_data(as_text=True), path)
        frontier = following
    assert len(seen) > 3
