"""Each role's home page says what to do now; an action leaves the list once it is done."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.conversations import services as conversations
from mentoring.db import utcnow
from mentoring.engagement.models import CoordinatorMessage
from mentoring.extensions import db
from mentoring.home.counts import home_counts
from mentoring.home.views import end_of_day
from mentoring.matches.models import Pairing
from mentoring.outbox.models import OutboxMessage
from mentoring.profiles.services import ProfileSummary
from mentoring.programmes.models import CohortInvitation
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import link, make_booking, make_host, make_pair
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.querycount import counting

FEEDBACK = {
    "level": "just_right",
    "motivated": "4",
    "method_good": "4",
    "relevant": "4",
    "will_use": "4",
}


def _todo(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.index('id="todo-heading"')
    return page[start : page.index("</section>", start)]


def test_a_proposal_waits_on_the_home_page_until_it_is_answered(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    mentor, mentee, _cohort = make_pair()
    pairing = db.session.scalars(sa.select(Pairing)).one()
    pairing.status = "proposed"
    db.session.commit()
    auth.login(mentee.email)
    assert f"Answer the match proposal: {mentor.name} as your mentor" in _todo(client)
    assert client.post(f"/pairings/{pairing.id}/accept").status_code == 302
    assert "Answer the match proposal" not in _todo(client)


def test_a_check_in_waits_until_it_is_answered(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    mentor, mentee, _cohort = make_pair()
    pairing = db.session.scalars(sa.select(Pairing)).one()
    now = utcnow()
    db.session.add(
        OutboxMessage(
            recipient_id=mentee.id,
            kind="check_in",
            occasion=f"pairing:{pairing.id}:1",
            template="reminder_check_in",
            context={"subject_kind": "pairing", "subject_id": pairing.id, "period": 1},
            status="sent",
            next_attempt_at=now,
            created_at=now - timedelta(days=2),
        )
    )
    db.session.commit()
    auth.login(mentee.email)
    todo = _todo(client)
    assert "Tell us how it is going with your mentor" in todo
    link_url = re.search(r'href="([^"]*/notifications/check-in/[^"]+)"', todo)
    assert link_url is not None
    answer = client.post(link_url.group(1), data={"rating": "4", "comment": ""})
    assert answer.status_code == 200
    assert "Tell us how it is going" not in _todo(client)


def test_a_past_session_waits_for_attendance_then_for_feedback(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    mentor, mentee, _cohort = make_pair()
    booking = make_booking(mentor, mentee, utcnow() - timedelta(days=3))
    auth.login(mentor.email)
    assert "Mark 1 past session attended or missed" in _todo(client)
    response = client.post(f"/sessions/{booking.id}/attendance", data={"attendance": "attended"})
    assert response.status_code == 302
    assert "past session" not in _todo(client)
    auth.logout()
    auth.login(mentee.email)
    page = client.get("/").get_data(as_text=True)
    assert "Give feedback on 1 session" in _todo(client)
    assert "Sessions attended" in page
    assert client.post(f"/feedback/sessions/{booking.id}", data=FEEDBACK).status_code == 302
    assert "Give feedback" not in _todo(client)


def test_the_participant_sees_their_mentor_with_book_and_write(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    mentor, mentee, _cohort = make_pair()
    pairing = db.session.scalars(sa.select(Pairing)).one()
    booking = make_booking(mentor, mentee, utcnow() + timedelta(days=2))
    auth.login(mentee.email)
    page = client.get("/").get_data(as_text=True)
    assert f"Your mentor {mentor.name}" in page
    assert f"/sessions/hosts/{mentor.id}" in page  # book
    assert f"/conversations/pairing/{pairing.id}" in page  # write
    assert f"/sessions/{booking.id}" in page  # the next session
    assert "new message" not in _todo(client)
    conversations.send(mentor, "pairing", pairing.id, "Hello!", now=utcnow())
    assert "Read 1 new message" in _todo(client)
    client.get(f"/conversations/pairing/{pairing.id}")
    assert "new message" not in _todo(client)


def test_the_coordinator_sees_each_programmes_work_with_links(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    cohort = make_cohort(programme, starts_on=date(2026, 1, 5))
    quiet = make_user(Role.PARTICIPANT)
    enrol(quiet, cohort, started_on=date(2026, 1, 5))
    mentor = make_host(cohort=cohort)
    link(quiet, mentor)
    for _ in range(2):
        enrol(make_user(Role.PARTICIPANT), cohort)
    db.session.add(CoordinatorMessage(sender_id=quiet.id, programme_id=programme.id, body="Hi"))
    db.session.commit()
    auth.login(coordinator.email)
    page = client.get("/").get_data(as_text=True)
    assert "2 people without a mentor" in page
    assert "1 unread message" in page
    assert f'href="/engagement/{programme.id}/messages"' in page
    assert f'href="/conversations/reported/{programme.id}"' in page
    assert "0 reported messages" in page


def test_a_person_with_several_roles_sees_each_section(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    both = make_host(Role.MENTOR, Role.PARTICIPANT, Role.COORDINATOR)
    make_programme(staff=(both,))
    auth.login(both.email)
    page = client.get("/").get_data(as_text=True)
    for heading in (
        "Your mentor, ambassadors and groups",
        "The people you meet",
        "work in your programmes",
    ):
        assert heading in page


def test_the_home_pages_counts_are_read_in_one_statement(app: Flask) -> None:
    mentor, mentee, cohort = make_pair()
    pairing = db.session.scalars(sa.select(Pairing)).one()
    now = utcnow()
    for days in (3, 4):
        make_booking(mentor, mentee, now - timedelta(days=days), attendance="attended")
    make_booking(mentor, mentee, now - timedelta(days=5))  # not marked: no feedback due
    make_profile(mentee, offers={"Python": 2, "Excel": 3}, languages=("sv", "fi"),
                 availability=[9, 10, 11])  # fmt: skip
    for target, created_at in ((cohort, now), (make_cohort(), now - timedelta(days=400))):
        db.session.add(CohortInvitation(cohort_id=target.id, user_id=mentee.id, email="a@b.org",
                                        started_on=now.date(), created_at=created_at))  # fmt: skip
    db.session.commit()
    conversations.send(mentor, "pairing", pairing.id, "Hello!", now=now)
    conversations.send(mentor, "pairing", pairing.id, "Still there?", now=now)
    mentee_id, nobody_id = mentee.id, make_user(Role.COORDINATOR).id
    with counting(db.engine) as seen:
        counts = home_counts(mentee_id, now)
    assert len(seen) == 1, seen.summary()
    assert (counts.attended, counts.feedback_due, counts.tools_done) == (2, 2, 0)
    assert (counts.invitations, counts.unread) == (1, 2)
    assert counts.profile == ProfileSummary(skills=2, hours=3, languages=2)
    assert home_counts(nobody_id, now).profile is None  # no profile, no summary


@pytest.mark.parametrize(
    ("now", "zone", "end"),
    [
        (datetime(2026, 3, 10, 22, 30), "Europe/Stockholm", datetime(2026, 3, 10, 23, 0)),
        (datetime(2026, 3, 10, 23, 30), "Europe/Stockholm", datetime(2026, 3, 11, 23, 0)),
        (datetime(2026, 7, 1, 12, 0), "Europe/Helsinki", datetime(2026, 7, 1, 21, 0)),
    ],
)
def test_today_ends_at_local_midnight(now: datetime, zone: str, end: datetime) -> None:
    assert end_of_day(now, zone) == end
