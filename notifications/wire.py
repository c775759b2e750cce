"""An ``Email`` as the bytes an SMTP server receives (RFC 5322 and MIME), built directly.

Flask-Mail's ``Message`` spent more time on each email than the SMTP conversation did: it
re-folds every header through the email package's header registry (parsing addresses
again) and, unless given a domain, asks for the host's fully qualified name (a reverse DNS
lookup) for a Message-ID we replace anyway. Our emails are simple (a UTF-8 text body and
maybe a calendar file), so we write the few headers ourselves and encode only what needs
it: non-ASCII words in headers as RFC 2047 encoded words, a body line too long for SMTP as
quoted-printable, attachments as base64.
"""

from __future__ import annotations

import base64
import functools
import secrets
from email.charset import QP, Charset
from email.header import Header
from email.quoprimime import body_encode
from email.utils import formataddr, parseaddr

from notifications.model import Attachment, Email

CRLF = "\r\n"
# RFC 5321 4.5.3.1.6: at most 998 octets a line, CRLF excluded.
MAX_LINE = 998
_UTF8 = Charset("utf-8")
_UTF8.header_encoding = QP


@functools.lru_cache(maxsize=4096)
def header_value(value: str) -> str:
    """Return ``value`` as a header may carry it: ASCII as is, else RFC 2047 encoded words.

    A line break in a value would let it add headers of its own: refused. Remembered: the
    same few subjects (one per template and language) go out thousands of times, and
    encoding one costs more than the rest of the message.
    """
    if "\r" in value or "\n" in value:
        raise ValueError("a header value may not contain a line break")
    if value.isascii():
        return value
    return Header(value, _UTF8, header_name="Subject").encode(linesep=CRLF)


@functools.lru_cache(maxsize=4096)
def address(value: str) -> str:
    """Return ``Name <user@host>`` with a non-ASCII name encoded (remembered: the sender's
    is the same on every message)."""
    name, email_address = parseaddr(value)
    if "\r" in value or "\n" in value or "@" not in email_address:
        raise ValueError(f"not an email address: {value!r}")
    return formataddr((name, email_address), charset="utf-8") if name else email_address


def _text_part(body: str) -> tuple[list[str], str]:
    """The body's headers and its encoded text: 7bit or 8bit UTF-8, or quoted-printable
    when a line would be too long for SMTP."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    data = text.encode()
    if all(len(line) <= MAX_LINE for line in data.split(b"\n")):
        encoding = "7bit" if text.isascii() else "8bit"
        encoded = text.replace("\n", CRLF)
    else:
        encoding = "quoted-printable"
        encoded = body_encode(data.decode("latin-1"), eol=CRLF)
        # body_encode works on one byte a character: the UTF-8 bytes are encoded as is.
    headers = [
        'Content-Type: text/plain; charset="utf-8"',
        f"Content-Transfer-Encoding: {encoding}",
    ]
    return headers, encoded


def _attachment_part(attachment: Attachment) -> str:
    content_type = header_value(attachment.content_type)
    filename = attachment.filename.replace("\\", "\\\\").replace('"', '\\"')
    encoded = base64.encodebytes(attachment.data).decode("ascii").replace("\n", CRLF)
    return CRLF.join(
        [
            f"Content-Type: {content_type}",
            "Content-Transfer-Encoding: base64",
            f'Content-Disposition: attachment; filename="{header_value(filename)}"',
            "",
            encoded,
        ]
    )


def to_bytes(email: Email, sender: str, date: str) -> bytes:
    """Return ``email`` from ``sender`` as message bytes with CRLF line ends.

    ``date`` is the Date header's value (``email.utils.formatdate``). The Message-ID, if
    any, comes with ``email.headers`` (the outbox derives it from the row's key).
    """
    headers = [
        f"From: {address(sender)}",
        f"To: {address(email.to)}",
        f"Subject: {header_value(email.subject)}",
        f"Date: {header_value(date)}",
        "MIME-Version: 1.0",
    ]
    for name, value in email.headers.items():
        if not name.isascii() or not name.replace("-", "").isalnum():
            raise ValueError(f"not a header name: {name!r}")
        headers.append(f"{name}: {header_value(value)}")
    text_headers, text = _text_part(email.body)
    if not email.attachments:
        message = CRLF.join([*headers, *text_headers, "", text])
    else:
        parts = [CRLF.join([*text_headers, "", text])]
        parts += [_attachment_part(attachment) for attachment in email.attachments]
        boundary = f"=_{secrets.token_hex(16)}"
        while any(boundary in part for part in parts):  # pragma: no cover  (1 in 2**128)
            boundary = f"=_{secrets.token_hex(16)}"
        body = "".join(f"--{boundary}{CRLF}{part}{CRLF}" for part in parts)
        message = CRLF.join(
            [
                *headers,
                f'Content-Type: multipart/mixed; boundary="{boundary}"',
                "",
                f"{body}--{boundary}--",
            ]
        )
    if not message.endswith(CRLF):
        message += CRLF
    return message.encode()
