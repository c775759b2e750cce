"""Password resets go through the outbox and answer the same, with the same work, for all."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.outbox.models import OutboxMessage
from tests.auth import AuthActions
from tests.factories import make_user
from tests.mailbox import SmtpSink, free_port
from tests.notices_factories import deliver
from tests.querycount import counting


def _outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def _shape(statements: list[str]) -> list[str]:
    """Statements without their literal values: what was done, not to whom."""
    return [re.sub(r"'[^']*'|\b\d+\b", "?", " ".join(s.split())) for s in statements]


def test_forgot_password_answers_when_nothing_listens_for_mail(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.extensions["mail"], "port", free_port())
    user = make_user()
    for email in (user.email, "nobody@example.org"):
        response = client.post("/password/forgot", data={"email": email})
        assert response.status_code == 302 and response.location.endswith("/login")
    assert [m.status for m in _outbox()] == ["pending", "pending"]
    assert deliver().retried == 2  # the sender tries again later; nothing is lost


def test_reset_does_the_same_work_and_answers_the_same_for_unknown_addresses(
    client: FlaskClient, app: Flask, smtp: SmtpSink
) -> None:
    user = make_user(email="known@example.org")
    answers, shapes = [], []
    for email in (user.email, "nobody@example.org"):
        with counting(db.engine) as statements:
            response = client.post("/password/forgot", data={"email": email})
        answers.append((response.status_code, response.location))
        shapes.append(_shape(statements))
    assert answers[0] == answers[1]
    assert shapes[0] == shapes[1]  # one read of users, one outbox row written: both times
    assert sum("INSERT INTO outbox_messages" in s for s in shapes[0]) == 1
    known, unknown = _outbox()
    assert (known.recipient_id, known.address, known.template) == (
        user.id,
        None,
        "password_reset",
    )
    assert (unknown.recipient_id, unknown.address) == (None, "nobody@example.org")
    assert "token" not in str(known.context)  # the link is signed when it is sent
    deliver()
    [link_mail] = smtp.to(user.email)
    assert "/password/reset/" in link_mail.get_content()
    [note] = smtp.to("nobody@example.org")
    assert "no account with this address" in note.get_content()


def test_the_admin_outbox_lists_messages_to_bare_addresses(
    client: FlaskClient, auth: AuthActions
) -> None:
    from mentoring.users.roles import Role

    client.post("/password/forgot", data={"email": "nobody@example.org"})
    auth.login(make_user(Role.ADMIN).email)
    page = client.get("/admin/outbox")
    assert page.status_code == 200 and b"nobody@example.org" in page.data


def test_only_the_outbox_sender_talks_to_the_mail_server() -> None:
    """No page sends an email itself: everything goes through the outbox (issue 12, 2-3)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    talking = sorted(
        str(path.relative_to(root))
        for package in ("mentoring", "notifications")
        for path in (root / package).rglob("*.py")
        if re.search(
            r"mail\.(send|connect)\(|from flask_mail import .*Message|smtplib\.SMTP|"
            r"open_smtp\(|\.sendmail\(",
            path.read_text(),
        )
    )
    # The connection (with its timeout) and the outbox's transport, nothing else.
    assert talking == ["mentoring/mailer.py", "mentoring/notices/adapters.py"]
