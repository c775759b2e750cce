"""Account emails to an address without an account: kept, sent at once, others dropped."""

from __future__ import annotations

from datetime import datetime

from notifications.model import Kind, OutboxItem
from notifications.planning import plan, recipient_ids

NIGHT = datetime(2026, 12, 8, 1, 0)  # 02:00 in Stockholm: quiet hours


def _to_address(kind: Kind, address: str | None = "someone@example.org") -> OutboxItem:
    return OutboxItem(
        recipient_id=None,
        address=address,
        kind=kind,
        occasion="reset:1",
        template="password_reset_unknown",
        context={"locale": "sv"},
        not_before=NIGHT,
    )


def test_an_account_email_to_an_address_goes_out_at_once_even_at_night() -> None:
    [planned] = plan([_to_address(Kind.ACCOUNT)], {}, NIGHT)
    assert (planned.not_before, planned.address, planned.skip_reason) == (
        NIGHT,
        "someone@example.org",
        None,
    )


def test_only_account_emails_go_to_bare_addresses() -> None:
    assert plan([_to_address(Kind.NUDGE), _to_address(Kind.DIGEST)], {}, NIGHT) == []
    assert plan([_to_address(Kind.ACCOUNT, address=None)], {}, NIGHT) == []


def test_bare_addresses_are_not_looked_up_as_people() -> None:
    items = [_to_address(Kind.ACCOUNT), _to_address(Kind.ACCOUNT)]
    assert recipient_ids(items) == []
