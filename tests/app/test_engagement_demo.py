"""The demo's engagement history feeds the dashboards, the inbox and the at-risk list."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSize, seed_demo
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
    programme_id = messages[0].programme_id
    inbox = coordinator.get(f"/engagement/{programme_id}/messages").text
    assert "Mark read" in inbox and "Read " in inbox
    assert "Nudged on" in coordinator.get(f"/engagement/{programme_id}/retention").text
    participant = app.test_client()
    AuthActions(participant).login(DEMO_ACCOUNTS[Role.PARTICIPANT], DEMO_PASSWORD)
    assert "/feedback/group-sessions/" in participant.get("/feedback/").text
    assert "Your messages" in participant.get("/engagement/messages/new").text
