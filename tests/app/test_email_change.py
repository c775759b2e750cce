"""Changing one's email: confirmed from the new inbox, told to the old one, password if stale."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from mentoring.accounts.models import User
from mentoring.extensions import db
from tests.conftest import login
from tests.factories import TEST_PASSWORD, make_user
from tests.mailbox import SmtpSink

NEW = "new.address@example.org"


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _link(sink: SmtpSink, to: str) -> str:
    [message] = sink.to(to)
    found = re.search(r"https?://\S+", message.get_content())
    assert found is not None
    return found.group(0).replace("http://mentoring.test", "")


def _email_of(user_id: int) -> str:
    user = db.session.get(User, user_id)
    assert user is not None
    return user.email


def test_the_new_address_confirms_the_change(client: FlaskClient, smtp: SmtpSink) -> None:
    user = make_user()
    old = user.email
    login(client, user.email)
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
    [notice] = smtp.to(old)
    assert NEW in notice.get_content()
    # The change ended the session; the new address signs in, the old one no longer does.
    assert client.get("/account").status_code == 302
    assert login(client, old).status_code == 200
    assert login(client, NEW).status_code == 302


def test_a_change_link_works_once(client: FlaskClient, smtp: SmtpSink) -> None:
    user = make_user()
    login(client, user.email)
    client.post("/account/email", data={"email": NEW})
    link = _link(smtp, NEW)
    client.post(link)
    assert client.post(link).status_code == 400
    assert client.get("/account/email/not-a-token").status_code == 400


def test_an_address_in_use_or_unchanged_is_refused(client: FlaskClient, smtp: SmtpSink) -> None:
    user, other = make_user(), make_user()
    login(client, user.email)
    taken = client.post("/account/email", data={"email": other.email})
    assert b"already has an account" in taken.data
    same = client.post("/account/email", data={"email": user.email})
    assert b"already your email address" in same.data
    bad = client.post("/account/email", data={"email": "not an address"})
    assert bad.status_code == 422
    assert smtp.messages == []


def test_an_address_taken_meanwhile_is_refused_at_confirmation(
    client: FlaskClient, smtp: SmtpSink
) -> None:
    user = make_user()
    login(client, user.email)
    client.post("/account/email", data={"email": NEW})
    link = _link(smtp, NEW)
    make_user(email=NEW)
    assert client.post(link).status_code == 409
    assert _email_of(user.id) != NEW


def test_changing_email_long_after_sign_in_asks_for_the_password(
    app: Flask, client: FlaskClient, smtp: SmtpSink
) -> None:
    clock = Clock(datetime(2026, 3, 20, 9, 0))
    app.config["CLOCK"] = clock
    user = make_user()
    login(client, user.email)
    clock.at += timedelta(minutes=6)
    response = client.post("/account/email", data={"email": NEW})
    assert response.location.endswith("/account/confirm?next=/account")
    assert smtp.messages == []
    client.post("/account/confirm?next=/account", data={"password": TEST_PASSWORD})
    assert client.post("/account/email", data={"email": NEW}).status_code == 302
    assert len(smtp.to(NEW)) == 1
