"""Time-driven messages: due-finders, an outbox, a sender and a scheduler.

This package never imports ``mentoring``. It declares what it needs from the app as small
Protocols over frozen dataclasses (see :mod:`notifications.ports`); the web app implements
them with SQL and hands them over.

Delivery guarantee
------------------
Due-finders never send: they return :class:`OutboxItem` values that the store inserts with a
unique key per (recipient, kind, occasion), so finding the same reminder twice inserts one row.
The sender claims rows atomically (one ``UPDATE ... WHERE status = 'pending'``; a row is
claimed by exactly one sender), delivers each through SMTP and commits ``sent`` right after
the server accepted it. A sender killed after claiming leaves the row in ``sending``; once the
lease (``LEASE``) expires another sender reclaims it, so nothing is lost. A sender killed after
the SMTP server accepted a message but before the ``sent`` commit is the one window where a
message can arrive twice: the row is reclaimed and sent again after the lease. No system can
close this window across a database and SMTP; we keep it to one UPDATE of one row.
"""

from __future__ import annotations

from notifications.model import (
    ClaimedMessage,
    Email,
    Kind,
    OutboxItem,
    Status,
)
from notifications.sender import SendReport, send_pending

__all__ = [
    "ClaimedMessage",
    "Email",
    "Kind",
    "OutboxItem",
    "SendReport",
    "Status",
    "send_pending",
]
