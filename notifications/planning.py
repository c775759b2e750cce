"""Turn found items into rows to store: preferences, quiet hours, expiry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from notifications.model import MANDATORY_KINDS, QUIET_HOURS_EXEMPT, OutboxItem, Recipient
from notifications.ports import OutboxStore, Recipients

QUIET_START = time(21, 0)
QUIET_END = time(8, 0)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Stockholm")


def after_quiet_hours(at: datetime, timezone: str) -> datetime:
    """Return ``at`` (naive UTC), or the end of the quiet hours it falls in, as naive UTC."""
    zone = _zone(timezone)
    local = at.replace(tzinfo=UTC).astimezone(zone)
    if QUIET_END <= local.time() < QUIET_START:
        return at
    day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    morning = datetime.combine(day, QUIET_END, tzinfo=zone)
    return morning.astimezone(UTC).replace(tzinfo=None)


def recipient_ids(items: Sequence[OutboxItem]) -> list[int]:
    """Return the accounts the items go to, sorted, each once."""
    return sorted({item.recipient_id for item in items if item.recipient_id is not None})


def plan(
    items: Sequence[OutboxItem], people: dict[int, Recipient], now: datetime
) -> list[OutboxItem]:
    """Drop declined kinds, defer past quiet hours, and mark what would be late as skipped."""
    planned: list[OutboxItem] = []
    for item in items:
        if item.recipient_id is None:
            # An address without an account: only account emails, sent at once, go there.
            if item.address and item.kind in MANDATORY_KINDS & QUIET_HOURS_EXEMPT:
                planned.append(replace(item, not_before=max(item.not_before, now)))
            continue
        person = people.get(item.recipient_id)
        if person is None:
            continue
        if item.kind not in MANDATORY_KINDS and item.kind.value in person.declined:
            continue
        not_before = max(item.not_before, now)
        if item.kind not in QUIET_HOURS_EXEMPT:
            not_before = after_quiet_hours(not_before, person.timezone)
        skip = item.skip_reason
        if skip is None and item.expires_at is not None and not_before >= item.expires_at:
            skip = "too late" if not_before == max(item.not_before, now) else "quiet hours"
        planned.append(replace(item, not_before=not_before, skip_reason=skip))
    return planned


def enqueue(
    items: Sequence[OutboxItem], store: OutboxStore, recipients: Recipients, now: datetime
) -> int:
    """Store the items that apply, each key once; return how many rows were new."""
    if not items:
        return 0
    people = recipients.lookup(recipient_ids(items))
    return store.add(plan(items, people, now), now)
