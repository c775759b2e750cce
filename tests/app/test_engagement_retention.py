"""Retention: the drop-out rule and Kaplan-Meier against a hand computation."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from flask import Flask

from mentoring.activity.models import EngagementSettings
from mentoring.engagement import retention
from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.engagement_factories import add_event, end_enrolment
from tests.factories import enrol, make_cohort, make_programme, make_user

NOW = datetime(2026, 6, 1, 12)
JAN = date(2026, 1, 1)


def _person(cohort, *, last: datetime | None = None, ended=None, reason=None):  # type: ignore[no-untyped-def]
    user = make_user(Role.PARTICIPANT)
    enrolment = enrol(user, cohort, started_on=JAN)
    if last is not None:
        add_event(user, last, cohort=cohort)
    if ended is not None:
        end_enrolment(enrolment, ended, reason)
    return user


def _hand_case(app: Flask):  # type: ignore[no-untyped-def]
    cohort = make_cohort(make_programme(), starts_on=JAN)
    _person(cohort, last=datetime(2026, 1, 3))  # silent since: dropped at 2 days
    _person(cohort, last=datetime(2026, 1, 2), ended=date(2026, 1, 4), reason="completed")  # 3 c
    _person(cohort, last=datetime(2026, 1, 6), ended=date(2026, 1, 10), reason="dropped_out")  # 5
    _person(cohort, last=datetime(2026, 1, 6))  # 5, dropped (silent)
    _person(cohort, last=datetime(2026, 1, 2), ended=date(2026, 1, 9), reason="job")  # 8 censored
    _person(cohort, last=datetime(2026, 1, 11), ended=date(2026, 1, 20), reason="dropped_out")  # 10
    _person(cohort, last=datetime(2026, 5, 25))  # still active: censored at 144 days
    return cohort


def test_kaplan_meier_matches_a_hand_computation_with_censoring(app: Flask) -> None:
    cohort = _hand_case(app)
    frame = retention.engagement_frame(cohort.programme_id, NOW)
    assert sorted(zip(frame["days"], frame["dropped"], strict=True)) == [
        (2.0, True), (3.0, False), (5.0, True), (5.0, True), (8.0, False), (10.0, True),
        (144.0, False),
    ]  # fmt: skip
    (curve,) = retention.curves(frame, None)
    # S(t) = prod over drop-out times t_i <= t of (1 - d_i / n_i), at risk n_i, dropped d_i:
    # t=2: 1 - 1/7; t=5: (6/7)(1 - 2/5) = 18/35; t=10: (18/35)(1 - 1/2) = 9/35.
    expected = {0: 1, 2: 6 / 7, 3: 6 / 7, 5: 18 / 35, 8: 18 / 35, 10: 9 / 35, 144: 9 / 35}
    assert curve.times == tuple(float(t) for t in expected)
    np.testing.assert_allclose(curve.survival, list(expected.values()), rtol=0, atol=1e-9)
    assert curve.median_days == 10.0  # first time S(t) <= 1/2
    assert (curve.people, curve.dropped) == (7, 4)
    assert curve.at(4) == pytest.approx(6 / 7, abs=1e-9)
    assert all(
        lo <= s <= hi for lo, s, hi in zip(curve.lower, curve.survival, curve.upper, strict=True)
    )


def test_inactive_for_the_programmes_days_counts_as_dropped(app: Flask) -> None:
    cohort = make_cohort(make_programme(), starts_on=JAN)
    _person(cohort, last=datetime(2026, 5, 3, 13))  # 29 days silent
    _person(cohort, last=datetime(2026, 5, 1, 11))  # 31 days silent
    frame = retention.engagement_frame(cohort.programme_id, NOW)
    assert sorted(frame["dropped"]) == [False, True]
    db.session.add(EngagementSettings(programme_id=cohort.programme_id, inactive_days=60))
    db.session.commit()
    frame = retention.engagement_frame(cohort.programme_id, NOW)
    assert list(frame["dropped"]) == [False, False]


def test_retention_counts_participants_of_this_programme_only(app: Flask) -> None:
    cohort = make_cohort(make_programme(), starts_on=JAN)
    other = make_cohort(make_programme(), starts_on=JAN)
    mentor = make_user(Role.MENTOR)
    enrol(mentor, cohort, started_on=JAN)
    person = _person(cohort, last=datetime(2026, 1, 5))
    add_event(person, datetime(2026, 5, 30), cohort=other)  # active elsewhere, not here
    frame = retention.engagement_frame(cohort.programme_id, NOW)
    assert list(frame["user_id"]) == [person.id]
    assert list(frame["dropped"]) == [True]


def test_retention_table_suppresses_cohorts_under_five_people(app: Flask) -> None:
    cohort = _hand_case(app)
    small = make_cohort(cohort.programme, name="Small", starts_on=JAN)
    _person(small, last=datetime(2026, 1, 3))
    frame = retention.engagement_frame(cohort.programme_id, NOW)
    table = dict((label, (n, shares)) for label, n, shares in retention.retention_table(frame))
    assert table["Small"] == (1, [None] * 6)
    n, shares = table[cohort.name]
    assert n == 7
    assert shares[0] == pytest.approx(18 / 35, abs=1e-9)  # week 1 = day 7
    assert shares[1] == pytest.approx(9 / 35, abs=1e-9)  # week 2 = day 14


def test_people_at_risk_are_silent_for_fourteen_days(app: Flask) -> None:
    cohort = make_cohort(make_programme(), starts_on=JAN)
    quiet = _person(cohort, last=datetime(2026, 5, 10))
    _person(cohort, last=datetime(2026, 5, 30))
    _person(cohort, last=datetime(2026, 5, 1), ended=date(2026, 5, 2), reason="completed")
    never = _person(cohort)
    found = [person.user_id for person in retention.at_risk(cohort.programme_id, NOW)]
    assert found == [never.id, quiet.id]


def test_the_cohort_table_agrees_with_lifelines_on_random_data_with_ties() -> None:
    rng = np.random.default_rng(3)
    durations = rng.integers(0, 60, 400).astype(float)  # whole days: many ties
    observed = rng.random(400) < 0.6
    days = np.array([0.0, 7.0, 14.0, 28.0, 56.0, 182.0])
    curve = retention.fit_curve("", durations, observed)
    expected = [curve.at(d) for d in days]
    assert retention.survival_at(durations, observed, days) == pytest.approx(expected, abs=1e-9)
    assert list(retention.survival_at(durations, np.zeros(400, bool), days)) == [1.0] * 6
