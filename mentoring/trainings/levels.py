"""Verified levels: what a person has shown by passing a training's test, per programme and tool."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from mentoring.extensions import db
from mentoring.trainings.models import TestAttempt, Training, VerifiedLevel
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.verified import register_verified_levels


def verified_levels(user_id: int, programme_id: int) -> dict[str, int]:
    """The person's verified level of each tool in the programme, keyed by casefolded tool name."""
    rows = db.session.execute(
        sa.select(VerifiedLevel.tool_key, VerifiedLevel.level).where(
            VerifiedLevel.user_id == user_id, VerifiedLevel.programme_id == programme_id
        )
    )
    return {key: level for key, level in rows}


def verified_levels_of(user_ids: list[int], programme_id: int) -> dict[int, dict[str, int]]:
    """``verified_levels`` for many people at once (for lists of people)."""
    found: dict[int, dict[str, int]] = {user_id: {} for user_id in user_ids}
    rows = db.session.execute(
        sa.select(VerifiedLevel.user_id, VerifiedLevel.tool_key, VerifiedLevel.level).where(
            VerifiedLevel.user_id.in_(user_ids), VerifiedLevel.programme_id == programme_id
        )
    )
    for user_id, key, level in rows:
        found[user_id][key] = level
    return found


def record_verified_level(attempt: TestAttempt, *, now: datetime) -> None:
    """Raise the person's verified level of the training's tool to its level (never lower it)."""
    training = db.session.get(Training, attempt.training_id)
    assert training is not None
    key = tool_key(training.tool)
    query = sa.select(VerifiedLevel).where(
        VerifiedLevel.user_id == attempt.user_id,
        VerifiedLevel.programme_id == attempt.programme_id,
        VerifiedLevel.tool_key == key,
    )
    row = db.session.scalar(query)
    if row is None:
        row = VerifiedLevel(
            user_id=attempt.user_id,
            programme_id=attempt.programme_id,
            tool_key=key,
            tool=training.tool,
            level=training.level,
            attempt_id=attempt.id,
            verified_at=now,
        )
        try:
            with db.session.begin_nested():  # two passes at once: the other one inserted it
                db.session.add(row)
            return
        except IntegrityError:
            row = db.session.scalar(query)
            assert row is not None
    if training.level > row.level:
        row.level, row.attempt_id, row.verified_at = training.level, attempt.id, now


def init_app(app: Flask) -> None:
    """Hand verified levels to the gap analysis and routing, which sit below this area."""
    register_verified_levels(app, verified_levels)
