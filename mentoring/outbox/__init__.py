"""Queueing an email in the transaction of the change it belongs to.

The outbox's rows, people's opt-outs, who a row goes to and the enqueue functions sit here,
low, so that accounts, bookings, conversations and matches queue their emails without
importing ``notices`` (the reminder jobs, the sender's wiring and the pages, which read
those areas).
"""
