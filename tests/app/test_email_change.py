"""Changing one's email: confirmed from the new inbox, told to the old one, password if stale."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.outbox.models import OutboxMessage
from mentoring.users.models import User
from tests.auth import AuthActions
from tests.clock import Clock
from tests.factories import TEST_PASSWORD, make_user
from tests.mailbox import SmtpSink
from tests.notices_factories import deliver

NEW = "new.address@example.org"


def _link(sink: SmtpSink, to: str) -> str:
    deliver()
    [message] = sink.to(to)
    found = re.search(r"https?://\S+", message.get_content())
    assert found is not None
    return found.group(0).replace("http://mentoring.test", "")


def _without_tokens(body: bytes) -> bytes:
    return re.sub(rb'name="csrf_token" value="[^"]*"', b"", body)


def _email_of(user_id: int) -> str:
    user = db.session.get(User, user_id)
    assert user is not None
    return user.email


def test_the_new_address_confirms_the_change(
    client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:
    user = make_user()
    old = user.email
    auth.login(user.email)
    response = client.post("/account/email", data={"email": " New.Address@Example.org "})
    assert response.status_code == 302
    assert _email_of(user.id) == old  # nothing changes before the link is opened
    link = _link(smtp, NEW)
    page = client.get(link)
    assert page.status_code == 200
    assert NEW.encode() in page.data
    assert _email_of(user.id) == old  # opening the page changes nothing either
    assert client.post(link).status_code == 302
    assert _email_of(user.id) == NEW
    deliver()
    [notice] = smtp.to(old)
    assert NEW in notice.get_content()
    # The change ended the session; the new address signs in, the old one no longer does.
    assert client.get("/account").status_code == 302
    assert auth.login(old).status_code == 200
    assert auth.login(NEW).status_code == 302


def test_a_change_link_works_once(client: FlaskClient, auth: AuthActions, smtp: SmtpSink) -> None:
    user = make_user()
    auth.login(user.email)
    client.post("/account/email", data={"email": NEW})
    link = _link(smtp, NEW)
    client.post(link)
    assert client.post(link).status_code == 400
    assert client.get("/account/email/not-a-token").status_code == 400


def test_an_address_in_use_answers_as_a_free_one_and_its_owner_is_told(
    client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:
    user = make_user(name="Click www.example.com to win", email="asker@example.org")
    other = make_user(email="taken@example.org")
    auth.login(user.email)
    taken = client.post("/account/email", data={"email": other.email}, follow_redirects=True)
    free = client.post("/account/email", data={"email": "free@example.org"}, follow_redirects=True)
    assert taken.status_code == free.status_code == 200
    assert _without_tokens(taken.data).replace(b"taken@", b"free@") == _without_tokens(free.data)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2
    deliver()
    [notice] = smtp.to(other.email)
    assert "tried to use your email address" in notice["Subject"]
    assert "http" not in notice.get_content().split("mentoring.test")[0]  # no link to a change
    assert user.name not in notice.get_content()
    [confirmation] = smtp.to("free@example.org")
    # The requester chose their name; the stranger's inbox does not open with it.
    assert user.name not in confirmation.get_content()
    assert _email_of(other.id) == other.email


def test_email_changes_are_rate_limited_per_person_and_per_address(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    app.config["EMAIL_CHANGE_RATE_LIMIT"] = "3 per hour"
    user = make_user()
    auth.login(user.email)
    for number in range(3):
        email = f"new{number}@example.org"
        assert client.post("/account/email", data={"email": email}).status_code == 302
    limited = client.post("/account/email", data={"email": "new9@example.org"})
    assert limited.status_code == 429
    assert b"change your email address too often" in limited.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 3
    # Other people asking for one address in turn are limited on that address.
    for _ in range(4):
        other = app.test_client()
        AuthActions(other).login(make_user().email)
        status = other.post("/account/email", data={"email": "target@example.org"}).status_code
    assert status == 429
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 6


def test_an_unchanged_or_bad_address_is_refused(
    client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:
    user = make_user()
    auth.login(user.email)
    same = client.post("/account/email", data={"email": user.email})
    assert b"already your email address" in same.data
    bad = client.post("/account/email", data={"email": "not an address"})
    assert bad.status_code == 422
    assert smtp.messages == []


def test_an_address_taken_meanwhile_is_refused_at_confirmation(
    client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:
    user = make_user()
    auth.login(user.email)
    client.post("/account/email", data={"email": NEW})
    link = _link(smtp, NEW)
    make_user(email=NEW)
    assert client.post(link).status_code == 409
    assert _email_of(user.id) != NEW


def test_changing_email_long_after_sign_in_asks_for_the_password(
    client: FlaskClient, auth: AuthActions, smtp: SmtpSink, clock: Clock
) -> None:
    user = make_user()
    auth.login(user.email)
    clock.at += timedelta(minutes=6)
    response = client.post("/account/email", data={"email": NEW})
    assert response.location.endswith("/account/confirm?next=/account")
    assert smtp.messages == []
    client.post("/account/confirm?next=/account", data={"password": TEST_PASSWORD})
    assert client.post("/account/email", data={"email": NEW}).status_code == 302
    deliver()
    assert len(smtp.to(NEW)) == 1
