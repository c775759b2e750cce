"""The sender works out once what every message shares, and never mixes two recipients.

Issue 15: rendering each email from scratch and marking each row through a freshly taken
connection cost more processor time than the SMTP conversation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import itsdangerous
import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.extensions import db
from mentoring.notices import links
from mentoring.notices.rendering import EmailRenderer
from mentoring.outbox.models import OutboxMessage
from mentoring.outbox.store import SqlOutbox
from mentoring.users.models import User
from notifications.model import ClaimedMessage, Email, Kind
from tests.factories import make_user
from tests.notices_factories import NOON, FakeSessions, item_for, queue, statuses

PEOPLE = (("sv", "Saga Lind"), ("fi", "Aino Virtanen"), ("sv", "Erik Berg"), ("en", "Mia Cole"))


@pytest.fixture
def people(app: Flask) -> list[User]:
    return [make_user(locale=locale, name=name) for locale, name in PEOPLE]


def _messages(people: list[User]) -> Iterator[ClaimedMessage]:
    for n, (template, kind) in enumerate(
        [("reminder_inactivity", Kind.INACTIVITY), ("notice_group", Kind.GROUP)]
    ):
        for person in people:
            context = {"days": 8 + n, "group_name": f"Group of {person.name}"}
            yield ClaimedMessage(person.id, person.id, kind, f"o{n}", template, context, 1, None)


def _fresh(message: ClaimedMessage) -> Email | None:
    return EmailRenderer(db.session, FakeSessions()).render(message)


def test_one_renderer_renders_each_message_as_a_fresh_renderer_would(
    people: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Signed links carry the second they were signed in: pin it, so the two renders compared
    # are signed in the same second whatever the wall clock does between them.
    # (the second this test starts in: the links are still read back, against their max age).
    signed_at = itsdangerous.TimestampSigner("any key").get_timestamp()
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: signed_at)
    renderer = EmailRenderer(db.session, FakeSessions())
    for message in _messages(people):
        email = renderer.render(message)
        assert email is not None and email == _fresh(message)
        person = db.session.get(User, message.recipient_id)
        assert person is not None and email.to == person.email
        assert person.name in email.body
        assert not [p.name for p in people if p is not person and p.name in email.body]
        unsubscribe = email.headers["List-Unsubscribe"].strip("<>")
        token = urlsplit(unsubscribe).path.rpartition("/")[2]
        assert links.read_token(links.UNSUBSCRIBE, token)["u"] == person.id
    subjects = {
        (m.template, p.locale): renderer.render(m).subject  # type: ignore[union-attr]
        for m in _messages(people)
        for p in people
        if p.id == m.recipient_id
    }
    assert len(set(subjects.values())) == len(subjects), "each language has its own subject"


def test_a_renderer_loads_each_template_and_language_context_once(
    app: Flask, people: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[str] = Counter()
    update_template_context = app.update_template_context
    get_template = app.jinja_env.get_template

    def context_for(context: dict[str, Any]) -> None:
        calls["update_template_context"] += 1
        update_template_context(context)

    def loaded(name: str, *args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return get_template(name, *args, **kwargs)

    monkeypatch.setattr(app, "update_template_context", context_for)
    monkeypatch.setattr(app.jinja_env, "get_template", loaded)
    renderer = EmailRenderer(db.session, FakeSessions())
    assert all(renderer.render(message) for message in _messages(people))
    assert calls == {
        "update_template_context": 3,  # sv, fi, en
        "email/reminder_inactivity.txt": 1,
        "email/notice_group.txt": 1,
    }


@pytest.mark.postgres
def test_marks_hold_one_autocommit_connection_until_the_store_closes(app: Flask) -> None:
    people = [make_user() for _ in range(3)]
    queue([item_for(person) for person in people])
    checkouts: list[object] = []
    sa.event.listen(db.engine, "checkout", lambda *args: checkouts.append(args[0]))
    store = SqlOutbox(db.session)
    claimed = store.claim("test", NOON, 10, timedelta(minutes=5))
    before = len(checkouts)
    for message in claimed:
        store.mark_sent(message.id, NOON)
        # Durable at once: another connection sees it before the store is closed.
        with db.engine.connect() as other:
            status = other.scalar(
                sa.select(OutboxMessage.status).where(OutboxMessage.id == message.id)
            )
        assert status == "sent"
    marks = len(checkouts) - before - len(claimed)  # each check above took one
    assert marks == 1, "one connection for all the marks"
    store.close()
    with db.engine.connect() as connection:  # back in the pool, not left in autocommit
        assert connection.connection.driver_connection.autocommit is False  # type: ignore[union-attr]
    db.session.commit()
    assert set(statuses().values()) == {"sent"}
