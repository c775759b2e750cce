"""Engagement, feedback and outcomes: how long people stay, what they think, what they reach."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from mentoring.engagement.outcomes import record_follow_up
from mentoring.notices.services import follow_up_answered
from mentoring.programmes.models import Enrollment


def _record_follow_up(enrolment: Enrollment, *, situation: str, at: datetime) -> None:
    record_follow_up(enrolment, situation, at)


def init_app(app: Flask) -> None:
    """Turn follow-up answers (a lower area's links) into outcomes (subscribing twice is one)."""
    follow_up_answered.connect(_record_follow_up)
