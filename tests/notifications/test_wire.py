"""Emails built by ``notifications.wire`` read back the same through the email package."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage

import pytest

from notifications import wire
from notifications.model import Attachment, Email

SENDER = "Mentorskap Åbo <no-reply@mentoring.example.org>"
DATE = "Mon, 07 Dec 2026 10:00:00 +0000"


def parse(data: bytes) -> EmailMessage:
    """Parse as a receiving server does, with the line ends it stores (LF)."""
    data = data.replace(b"\r\n", b"\n")
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_a_swedish_email_reads_back_as_written() -> None:
    body = "Hej Åsa!\n\nDet var ett tag sedan vi sågs.\n.En rad som börjar med punkt\n"
    sent = Email(
        to="asa@example.org",
        subject="Vi saknar dig – hur går det för dig, Åsa? " * 3,
        body=body,
        headers={
            "Message-ID": "<outbox.abc@mentoring.example.org>",
            "List-Unsubscribe": "<https://mentoring.example.org/u/abc>",
        },
    )
    data = wire.to_bytes(sent, SENDER, DATE)
    assert data.isascii() is False  # UTF-8 body, 8bit
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only
    received = parse(data)
    assert received["Subject"] == sent.subject
    assert received["From"].addresses[0].display_name == "Mentorskap Åbo"
    assert received["From"].addresses[0].addr_spec == "no-reply@mentoring.example.org"
    assert received["To"] == "asa@example.org"
    assert received["Date"] == DATE
    assert received["Message-ID"] == "<outbox.abc@mentoring.example.org>"
    assert received["List-Unsubscribe"] == "<https://mentoring.example.org/u/abc>"
    assert received.get_content_type() == "text/plain"
    assert received.get_content() == body


def test_a_line_too_long_for_smtp_goes_quoted_printable_and_reads_back() -> None:
    body = "Länk: " + "å" * 1200 + "\nslut\n"
    data = wire.to_bytes(Email(to="a@example.org", subject="Hej", body=body), SENDER, DATE)
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    received = parse(data)
    assert received["Content-Transfer-Encoding"] == "quoted-printable"
    assert received.get_content() == body


def test_a_calendar_file_is_attached_with_its_method() -> None:
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    sent = Email(
        to="a@example.org",
        subject="Bokat",
        body="Se bilagan.\n",
        attachments=(Attachment("session.ics", "text/calendar; method=REQUEST", ics),),
    )
    received = parse(wire.to_bytes(sent, SENDER, DATE))
    assert received.get_content_type() == "multipart/mixed"
    body = received.get_body(("plain",))
    assert body is not None and body.get_content() == "Se bilagan.\n"
    (attachment,) = received.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "session.ics"
    assert attachment.get_payload(decode=True) == ics


@pytest.mark.parametrize(
    "sent",
    [
        Email(to="a@example.org", subject="Hej\r\nBcc: x@example.org", body="."),
        Email(to="a@example.org\nBcc: x@example.org", subject="Hej", body="."),
        Email(to="a@example.org", subject="Hej", body=".", headers={"X-A": "1\nBcc: x@e.org"}),
        Email(to="a@example.org", subject="Hej", body=".", headers={"Bcc: x@e.org\nX": "1"}),
    ],
)
def test_a_line_break_cannot_add_a_header(sent: Email) -> None:
    with pytest.raises(ValueError):
        wire.to_bytes(sent, SENDER, DATE)


def test_building_asks_no_name_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flask-Mail's Message-ID asked for the host's name (reverse DNS) on every email."""

    def refuse(*args: object) -> str:
        raise AssertionError("a name lookup while building an email")

    monkeypatch.setattr(socket, "getfqdn", refuse)
    monkeypatch.setattr(socket, "gethostbyaddr", refuse)
    sent = Email(to="a@example.org", subject="Hej", body="Hej\n", headers={"Message-ID": "<a@b>"})
    assert parse(wire.to_bytes(sent, SENDER, DATE))["Message-ID"] == "<a@b>"


def test_a_subject_is_encoded_once_however_many_messages_carry_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encoded: list[str] = []
    real = wire.Header

    def counting(value: str, *args: object, **kwargs: object) -> object:
        encoded.append(value)
        return real(value, *args, **kwargs)

    monkeypatch.setattr(wire, "Header", counting)
    subject = "Vi har inte sett dig på ett tag – kom tillbaka (encoded once)"
    for to in ("a@example.org", "b@example.org", "c@example.org"):
        data = wire.to_bytes(Email(to=to, subject=subject, body="Hej!\n"), SENDER, DATE)
        assert parse(data)["Subject"] == subject
    assert encoded.count(subject) == 1
