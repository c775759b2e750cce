"""The demo's engagement history feeds the dashboards of its programme."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from mentoring.demo.seed import DemoSize, seed_demo
from mentoring.engagement.feedback import FeedbackFilters, feedback_shares
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db


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
