"""Each programme's rhythm: how often pairs check in and when silent people are nudged."""

from __future__ import annotations

import sqlalchemy as sa

from mentoring.activity.models import EngagementSettings
from mentoring.extensions import db


def reminder_days(programme_ids: set[int]) -> dict[int, tuple[int, int]]:
    """(check-in days, first nudge days) per programme; programmes without settings are absent."""
    rows = db.session.execute(
        sa.select(
            EngagementSettings.programme_id,
            EngagementSettings.check_in_days,
            EngagementSettings.nudge_days,
        ).where(EngagementSettings.programme_id.in_(programme_ids))
    )
    return {programme_id: (check_in, nudge) for programme_id, check_in, nudge in rows}
