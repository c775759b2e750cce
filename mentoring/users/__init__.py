"""People who can sign in and the roles they hold: the rows every other area points at.

Kept below the outbox and accounts so that any area may name a person without climbing
into sign-in, invitations or email; ``accounts`` owns what is done to these rows.
"""
