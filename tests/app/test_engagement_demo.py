"""The demo's engagement history feeds the dashboards, the inbox and the at-risk list."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSize, seed_demo
from mentoring.engagement.demo_contact import already_read
from mentoring.engagement.feedback import FeedbackFilters, feedback_shares
from mentoring.engagement.models import CoordinatorMessage, FeedbackAnswer, Nudge
from mentoring.extensions import db
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import agree


def test_demo_feedback_belongs_to_the_participants_programme(app: Flask) -> None:
    seed_demo(
        seed=42,
        size=DemoSize(participants=40, mentors=10, ambassadors=3, coaches=1, coordinators=1),
    )
    answers = db.session.scalars(sa.select(FeedbackAnswer)).all()
    assert answers
    assert all(a.programme_id is not None and a.cohort_id is not None for a in answers)
    programme_id = answers[0].programme_id
    questions, _by_month = feedback_shares(programme_id, FeedbackFilters())
    assert questions[0].answers == sum(a.programme_id == programme_id for a in answers)


def test_demo_has_messages_nudges_and_group_feedback_to_show(app: Flask) -> None:
    seed_demo(
        seed=42,
        size=DemoSize(participants=40, mentors=10, ambassadors=3, coaches=1, coordinators=1),
    )
    messages = db.session.scalars(sa.select(CoordinatorMessage)).all()
    assert any(m.read_at for m in messages) and any(m.read_at is None for m in messages)
    assert db.session.scalars(sa.select(Nudge)).all()
    group_answers = db.session.scalars(
        sa.select(FeedbackAnswer).where(FeedbackAnswer.group_session_id.is_not(None))
    ).all()
    assert {a.module for a in group_answers} >= {"Mastermind: vägen till jobb"}

    # The demo staff read Swedish or Finnish; these checks read the pages in English.
    for role in (Role.COORDINATOR, Role.PARTICIPANT):
        person = db.session.scalars(sa.select(User).where(User.email == DEMO_ACCOUNTS[role]))
        person.one().locale = "en"
    db.session.commit()
    # The demo leaves the privacy notice to the participant: agree as they would.
    agree(
        db.session.scalars(
            sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.PARTICIPANT])
        ).one()
    )
    coordinator = app.test_client()
    AuthActions(coordinator).login(DEMO_ACCOUNTS[Role.COORDINATOR], DEMO_PASSWORD)
    # The busiest inbox, whatever the date the demo is seeded on (it is seeded around now).
    programme_id = max(
        {m.programme_id for m in messages},
        key=lambda p: sum(m.programme_id == p for m in messages),
    )
    inbox = coordinator.get(f"/engagement/{programme_id}/messages").text
    assert "Mark read" in inbox and "Read " in inbox
    assert "Nudged on" in coordinator.get(f"/engagement/{programme_id}/retention").text
    participant = app.test_client()
    AuthActions(participant).login(DEMO_ACCOUNTS[Role.PARTICIPANT], DEMO_PASSWORD)
    assert "/feedback/group-sessions/" in participant.get("/feedback/").text
    assert "Your messages" in participant.get("/engagement/messages/new").text


def test_every_demo_inbox_has_read_and_unread_messages_whatever_the_date() -> None:
    now = datetime(2026, 12, 8, 6, 0)
    old, recent = now - timedelta(days=9), now - timedelta(days=1)
    drafts = [
        (1, 1, 1, "a", old - timedelta(days=2)),
        (2, 1, 1, "b", old),  # every message of programme 1 is over six days old
        (3, 2, 2, "c", recent - timedelta(hours=3)),
        (4, 2, 2, "d", recent),  # every message of programme 2 is recent
        (5, 3, 3, "e", old),  # programme 3 has one message: it waits unread
    ]
    assert already_read(drafts, now) == {0, 2}
