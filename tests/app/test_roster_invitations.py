"""A coordinator's CSV import invites known and unknown addresses alike.

Until a person accepts, the cohort's page and export show only what the file said, the same
whether or not the address had an account; on accepting, both join with the unit and
occupation the file gave.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.outbox.models import OutboxMessage
from mentoring.programmes.invitations import purge_expired
from mentoring.programmes.models import Cohort, CohortInvitation, Enrollment, ProgrammeStaff
from mentoring.roster.services import import_participants
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.mailbox import SmtpSink
from tests.notices_factories import deliver
from tests.workplace_factories import workplace

HEADER = "email,name,roles,municipality,gender,unit,occupation\n"
PASSWORD = "a long enough passphrase 2026"


class World:
    """Programme A's two participants (with profiles); workplace programme B and its coordinator."""

    def __init__(self) -> None:
        elsewhere = make_cohort(make_programme(name="A"))
        self.known = [self._person(f"known{n}@example.org", elsewhere) for n in (1, 2)]
        self.coordinator = make_user(Role.COORDINATOR, email="b.coordinator@example.org")
        programme, self.cohort, units, self.nurse = workplace()
        db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=self.coordinator.id))
        self.north, self.south = units["Care/North"], units["Care/South"]
        db.session.commit()

    @staticmethod
    def _person(email: str, cohort: Cohort) -> User:
        person = make_user(Role.PARTICIPANT, email=email, name=f"Real {email[:6]}")
        make_profile(person, languages=("ar",)).municipality = "Solna"
        enrol(person, cohort)
        return person


@pytest.fixture()
def world(app: Flask) -> World:
    return World()


def _file(first: str, second: str) -> bytes:
    """Two rows whose typed text is fixed; only the addresses change."""
    return (
        HEADER
        + f"{first},Typed One,mentor,Typedtown,woman,Care/North,Assistant nurse\n"
        + f"{second},Typed Two,,,,Care/South,\n"
    ).encode()


def _import(client: FlaskClient, cohort: Cohort, raw: bytes, **extra: str) -> bytes:
    response = client.post(
        f"/cohorts/{cohort.id}/import", data={"file": (io.BytesIO(raw), "p.csv"), **extra}
    )
    assert response.status_code == 200, response.data
    return response.data


def _blank(page: bytes, words: tuple[bytes, ...] = ()) -> bytes:
    """The page without what differs between two cohorts: ids, names, dates, form tokens."""
    for word in words:
        page = page.replace(word, b"WORD")
    page = re.sub(rb"/invitations/\d+/", b"/invitations/ID/", page)
    page = re.sub(rb'name="csrf_token" value="[^"]*"', b"", page)
    page = re.sub(rb"\d{4}-\d\d-\d\d", b"DATE", page)  # the day each was invited
    return re.sub(rb"/cohorts/\d+", b"/cohorts/ID", page)


def _people_section(client: FlaskClient, cohort: Cohort, addresses: tuple[str, str]) -> bytes:
    """The cohort page from its invited list down, with ids and the typed addresses blanked."""
    page = client.get(f"/cohorts/{cohort.id}").data
    section = page[page.index(b"Someone who is not yet in this programme") :]
    for number, address in enumerate(addresses, start=1):
        section = section.replace(address.encode(), f"ADDRESS{number}".encode())
    return _blank(section)


def _user(email: str) -> User:
    found = db.session.scalar(sa.select(User).where(User.email == email))
    assert found is not None
    return found


def test_known_and_unknown_addresses_look_the_same_to_the_coordinator(
    client: FlaskClient, auth: AuthActions, world: World
) -> None:
    other = make_cohort(world.cohort.programme, name="Second intake")
    auth.login(world.coordinator.email)
    first = ("known1@example.org", "fresh1@example.org")
    swapped = ("fresh2@example.org", "known2@example.org")
    reports = [
        _import(client, world.cohort, _file(*first)),
        _import(client, other, _file(*swapped)),
    ]
    assert b"people added or invited: 2" in reports[0]
    names = (world.cohort.name.encode(), other.name.encode())
    assert _blank(reports[0], names) == _blank(reports[1], names)
    pages = [_people_section(client, world.cohort, first), _people_section(client, other, swapped)]
    assert pages[0] == pages[1]
    assert b"Invited, waiting for an answer (2)" in pages[0]
    assert b"ADDRESS1 (Typed One)" in pages[0] and b"ADDRESS2 (Typed Two)" in pages[0]
    assert b"Care/North" in pages[0] and b"Assistant nurse" in pages[0]
    assert b"Enrolled people (0)" in pages[0]
    for shown in pages:
        assert b"Real " not in shown and b"Solna" not in shown and b"Typedtown" not in shown
    exports = [client.get(f"/cohorts/{c.id}/export.csv").data for c in (world.cohort, other)]
    assert exports[0] == exports[1] and exports[0].count(b"\n") == 1  # the header only
    for email in (*first, *swapped):
        assert client.get(f"/profiles/{_user(email).id}").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Enrollment)) == 2  # in A


@pytest.mark.parametrize("email", ["known1@example.org", "fresh@example.org"])
def test_an_invited_address_accepts_and_joins_where_the_file_placed_them(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp: SmtpSink, world: World, email: str
) -> None:
    auth.login(world.coordinator.email)
    _import(client, world.cohort, _file(email, "someone.else@example.org"))
    deliver()
    [message] = smtp.to(email)
    body = message.get_content()
    assert "/invitations" in body
    person = app.test_client()
    if email.startswith("fresh"):
        # A new account: the invitation lets its owner choose a password first.
        link = re.search(r"http://[^/\s]+(/password/invite/\S+)", body)
        assert link is not None, body
        answer = person.post(link.group(1), data={"password": PASSWORD, "confirm": PASSWORD})
        assert answer.status_code == 302
        AuthActions(person).login(email, PASSWORD)
        assert person.post("/consent", data={"share_attributes": "y"}).status_code == 302
    else:
        assert "/password/invite/" not in body
        AuthActions(person).login(email)
    invitation = db.session.scalar(
        sa.select(CohortInvitation).where(CohortInvitation.user_id == _user(email).id)
    )
    assert invitation is not None
    assert person.post(f"/invitations/{invitation.id}/accept").status_code == 302
    joined = db.session.scalar(
        sa.select(Enrollment).where(
            Enrollment.cohort_id == world.cohort.id, Enrollment.user_id == _user(email).id
        )
    )
    assert joined is not None
    assert (joined.unit_id, joined.occupation_id) == (world.north.id, world.nurse.id)
    export = client.get(f"/cohorts/{world.cohort.id}/export.csv").get_data(as_text=True)
    assert f"{email}," in export and "Care/North,Assistant nurse" in export
    assert "someone.else@example.org" not in export
    assert client.get(f"/profiles/{_user(email).id}").status_code == 200


def test_declined_and_unanswered_invitations_never_show_the_person(
    app: Flask, client: FlaskClient, auth: AuthActions, world: World
) -> None:
    auth.login(world.coordinator.email)
    _import(client, world.cohort, _file("known1@example.org", "fresh@example.org"))
    person = app.test_client()
    AuthActions(person).login("known1@example.org")
    [mine] = db.session.scalars(
        sa.select(CohortInvitation).where(CohortInvitation.user_id == world.known[0].id)
    )
    assert person.post(f"/invitations/{mine.id}/decline").status_code == 302
    page = client.get(f"/cohorts/{world.cohort.id}").data
    assert b"known1@example.org" not in page and b"Invited, waiting for an answer (1)" in page
    [unanswered] = db.session.scalars(sa.select(CohortInvitation))
    purge_expired(unanswered.created_at + timedelta(days=31))
    page = client.get(f"/cohorts/{world.cohort.id}").data
    assert b"fresh@example.org" not in page and b"Invited, waiting" not in page
    assert b"Enrolled people (0)" in page
    export = client.get(f"/cohorts/{world.cohort.id}/export.csv").data
    assert export.count(b"\n") == 1
    for email in ("known1@example.org", "fresh@example.org"):
        assert client.get(f"/profiles/{_user(email).id}").status_code == 404


def test_a_coordinators_import_with_an_error_or_on_a_dry_run_writes_nothing(
    client: FlaskClient, auth: AuthActions, world: World
) -> None:
    auth.login(world.coordinator.email)
    before = [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (User, CohortInvitation, OutboxMessage)
    ]
    bad = _file("fresh@example.org", "known1@example.org").replace(b"Care/South", b"Care/West")
    response = client.post(
        f"/cohorts/{world.cohort.id}/import", data={"file": (io.BytesIO(bad), "p.csv")}
    )
    assert response.status_code == 422 and b"<td>3</td><td>unit</td>" in response.data
    dry = _import(client, world.cohort, _file("fresh@example.org", "x@example.org"), dry_run="y")
    assert b"people added or invited: 2" in dry
    after = [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (User, CohortInvitation, OutboxMessage)
    ]
    assert after == before


def test_the_operators_command_line_import_still_enrols_at_once(world: World) -> None:
    report = import_participants(world.cohort, _file("known1@example.org", "fresh@example.org"))
    assert (report.enrolled_existing, report.created) == (
        ["known1@example.org"],
        ["fresh@example.org"],
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 0
    placed = db.session.scalars(
        sa.select(Enrollment).where(Enrollment.cohort_id == world.cohort.id)
    ).all()
    assert {(e.unit_id, e.occupation_id) for e in placed} == {
        (world.north.id, world.nurse.id),
        (world.south.id, None),
    }


def test_placement_columns_are_kept_on_the_invitation(world: World) -> None:
    report = import_participants(
        world.cohort, _file("known1@example.org", "fresh@example.org"), inviter=world.coordinator
    )
    assert report.invited == ["known1@example.org", "fresh@example.org"]
    kept = {
        i.email: (i.unit_id, i.occupation_id)
        for i in db.session.scalars(sa.select(CohortInvitation))
    }
    assert kept == {
        "known1@example.org": (world.north.id, world.nurse.id),
        "fresh@example.org": (world.south.id, None),
    }
