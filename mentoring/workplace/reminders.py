"""Ask everyone with knowledge goals to assess again when a new round starts (through the outbox).

``find_reassessments(now)`` is a due-finder of the scheduler: on the day a round (2 or later)
starts, in the programme's time zone, and for two weeks after, each person with an open
enrolment and an occupation who has not answered in that round gets one reminder. The outbox
key (person, kind, round) makes it once per round; preferences and quiet hours are the
outbox's, and the email is written in the reader's language.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.workplace.models import AssessmentRound, SelfAssessment
from mentoring.workplace.rounds import today_in
from notifications.model import Kind, OutboxItem

REMIND_FOR = timedelta(days=14)


def _open_rounds(now: datetime) -> list[tuple[AssessmentRound, Programme]]:
    rows = db.session.execute(
        sa.select(AssessmentRound, Programme)
        .join(Programme, Programme.id == AssessmentRound.programme_id)
        .where(
            AssessmentRound.number > 1,
            AssessmentRound.starts_on <= (now + timedelta(days=1)).date(),
            AssessmentRound.starts_on >= (now - REMIND_FOR).date(),
        )
    ).all()
    return [(r, p) for r, p in rows if r.starts_on <= today_in(p, now)]


def _not_answered(round_: AssessmentRound) -> list[int]:
    answered = sa.select(SelfAssessment.user_id).where(SelfAssessment.round_id == round_.id)
    return list(
        db.session.scalars(
            sa.select(Enrollment.user_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(
                Cohort.programme_id == round_.programme_id,
                Enrollment.ended_on.is_(None),
                Enrollment.occupation_id.is_not(None),
                Enrollment.user_id.not_in(answered),
            )
            .distinct()
            .order_by(Enrollment.user_id)
        )
    )


def find_reassessments(now: datetime) -> list[OutboxItem]:
    """Return one reminder per person who has yet to answer a round that has started."""
    items = []
    for round_, programme in _open_rounds(now):
        for user_id in _not_answered(round_):
            items.append(
                OutboxItem(
                    recipient_id=user_id,
                    kind=Kind.REASSESSMENT,
                    occasion=f"round:{round_.id}",
                    template="reminder_reassessment",
                    context={"programme": programme.name},
                    not_before=now,
                    expires_at=datetime.combine(round_.starts_on + REMIND_FOR, datetime.min.time()),
                )
            )
    return items
