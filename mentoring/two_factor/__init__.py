"""Two-factor sign-in: time-based one-time codes (RFC 6238) and one-time recovery codes.

Open to everyone from their account page; required for the roles that see many people's
data (administrators and coordinators), who are sent to set it up before anything else.
"""
