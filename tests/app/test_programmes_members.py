"""The people of a cohort: open enrolments with the role asked for, nobody else."""

from __future__ import annotations

from datetime import date

from flask import Flask

from mentoring.extensions import db
from mentoring.programmes.members import member_count, member_ids
from mentoring.users.roles import Role
from tests.engagement_factories import end_enrolment
from tests.factories import enrol, make_cohort, make_user


def test_members_are_the_open_enrolments_with_the_role(app: Flask) -> None:
    cohort, other = make_cohort(), make_cohort()
    mentee, mentor = make_user(Role.PARTICIPANT), make_user(Role.MENTOR)
    both, ended = make_user(Role.PARTICIPANT, Role.MENTOR), make_user(Role.PARTICIPANT)
    for person in (mentee, mentor, both):
        enrol(person, cohort)
    end_enrolment(enrol(ended, cohort), date(2026, 9, 2), "moved away")
    enrol(make_user(Role.PARTICIPANT), other)

    assert set(db.session.scalars(member_ids(cohort.id, Role.PARTICIPANT))) == {mentee.id, both.id}
    assert set(db.session.scalars(member_ids(cohort.id, Role.MENTOR))) == {mentor.id, both.id}
    assert member_count(cohort.id, Role.PARTICIPANT) == 2
    assert member_count(cohort.id, Role.COACH) == 0
