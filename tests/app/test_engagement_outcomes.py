"""The outcome dashboard: counts per cohort, and median days to outcome, match and meeting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mentoring.engagement.reports import outcome_rows
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.programmes.models import Enrollment
from tests.bookings_factories import make_booking, make_host, make_participant
from tests.engagement_factories import add_outcome
from tests.factories import make_cohort, make_programme

START = date(2026, 1, 5)


def test_outcome_rows_count_per_cohort_and_give_median_days(app: Flask) -> None:
    programme = make_programme()
    cohort = make_cohort(programme, name="Spring", starts_on=START)
    small = make_cohort(programme, name="Small", starts_on=START)
    host = make_host(cohort=cohort)
    people = [make_participant(cohort, host=host) for _ in range(6)]
    make_participant(small)
    for days, person in zip((10, 20, 30, 40, 50, 60), people, strict=True):
        pairing = db.session.scalars(sa.select(Pairing).where(Pairing.mentee_id == person.id)).one()
        pairing.proposed_at = datetime(2026, 1, 5, 9) + timedelta(days=days)
        make_booking(
            host, person, datetime(2026, 1, 5, 10) + timedelta(days=days + 7), attendance="attended"
        )
    db.session.commit()
    enrolments = {
        e.user_id: e for e in db.session.scalars(sa.select(Enrollment)).all()
    }  # fmt: skip
    for days, person in zip((30, 60, 90, 120, 150), people[:5], strict=True):
        add_outcome(person, enrolments[person.id], "job_full", START + timedelta(days=days))
    add_outcome(people[0], enrolments[people[0].id], "studies", START + timedelta(days=200))

    rows = {row.cohort: row for row in outcome_rows(programme.id)}
    spring = rows["Spring"]
    assert spring.participants == "6"
    assert spring.counts[0] == "5"  # job, full time
    assert spring.counts[4] == "<5"  # studies: one person
    assert (spring.reached, spring.reached_share) == ("5", "83%")
    assert spring.days_to_outcome == "90"  # first outcome of each: 30, 60, 90, 120, 150
    assert spring.days_to_match == "35"  # 10..60 days: median of six
    assert spring.days_to_meeting == "42"
    assert rows["Small"].participants == "<5"
    assert rows["Small"].days_to_outcome == ""
