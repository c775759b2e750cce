"""Who may use which route: one entry per (rule, method) of the app's URL map.

``tests/app/test_access.py`` compares this table with ``app.url_map`` (a new route without an
entry fails) and checks every entry for every role against the objects of
``tests/access_factories.py``. Reading an entry:

- ``roles`` may use the route on their own objects: a GET answers ``ok``; their POSTs are
  the feature tests' business and are not sent here.
- Everyone else gets ``denied`` (403 by default; 404 where the page does not say whether the
  object exists), or the status in ``exceptions``; nobody signed in is sent to sign in (pages)
  or gets 401 (API). Those requests are sent with a valid CSRF token and must change no row.
- ``not_found``: roles the role guard lets in, who get 404 because the object is not theirs.
- Opening another programme's or person's object (the other side's ids, also in the body)
  answers ``foreign`` (404) to every role the guard lets in, except admins where
  ``admin_sees_all``; ids that exist nowhere answer the same.
- Our object in the URL with their ids in the query or body is refused and changes nothing,
  unless ``mixed`` is False (a link across programmes that is allowed on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ADMIN = frozenset({"admin"})
MANAGERS = frozenset({"admin", "coordinator"})
STAFF = frozenset({"admin", "coordinator", "coach"})
HOSTS = frozenset({"mentor", "ambassador", "coach"})
PEOPLE = HOSTS | {"participant"}
PROFILE = frozenset({"participant", "mentor", "ambassador"})
SIGNED_IN = frozenset(
    {"admin", "coordinator", "coach", "mentor", "ambassador", "participant", "manager"}
)
#: The role that heads units of an organisation (not to be mixed up with MANAGERS above).
UNIT_MANAGER = frozenset({"manager"})
EVERYONE = SIGNED_IN | {"anonymous"}
NOBODY: frozenset[str] = frozenset()

#: Status meaning "a redirect to the sign-in page".
SIGN_IN = 302


@dataclass(frozen=True)
class Entry:
    roles: frozenset[str]
    ok: int = 200
    denied: int = 403
    anonymous: int = SIGN_IN
    not_found: frozenset[str] = NOBODY
    exceptions: dict[str, int] = field(default_factory=dict)
    foreign: int = 404
    admin_sees_all: bool = False
    mixed: bool = True
    args: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] | None = None
    query: str = ""

    def expected(self, role: str) -> int:
        """The status ``role`` gets on this route with its own side's ids."""
        if role in self.exceptions:
            return self.exceptions[role]
        if role in self.roles:
            return self.ok
        if role == "anonymous":
            return self.anonymous
        return 404 if role in self.not_found else self.denied

    def passes_guard(self, role: str) -> bool:
        """Whether ``role`` gets past the role check, so ids decide what it sees."""
        return role in self.roles or role in self.not_found


def page(roles: frozenset[str], **options: Any) -> Entry:
    """An HTML route: anonymous visitors are sent to sign in."""
    return Entry(roles=roles, **options)


def api(roles: frozenset[str], **options: Any) -> Entry:
    """An /api/v1 route: anonymous callers get 401 with a JSON error."""
    return Entry(roles=roles, anonymous=401, **options)


def public(status: int = 200, **options: Any) -> Entry:
    """A route for everyone, signed in or not."""
    return Entry(roles=EVERYONE, ok=status, **options)


def guessed_token(status: int, **options: Any) -> Entry:
    """A link route opened with a made-up token: everyone gets ``status`` and nothing changes."""
    return Entry(roles=NOBODY, denied=status, anonymous=status, **options)


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


LATER = "2026-04-07T09:00:00Z"
RESET = {"purpose": "reset"}
BOOKING = {"mentor", "participant"}
#: Who publishes trainings, and who edits ours (the author is our side's ambassador).
TRAINERS = only("admin", "coordinator", "coach", "ambassador")
EDITORS = only("admin", "coordinator", "ambassador")
#: The programme's people read its bank; managers follow units, not the bank's contents.
BANK_READERS = only("admin", "coordinator", "coach", "mentor", "ambassador", "participant")
BOOKING_OTHERS = only("coach", "ambassador")
THREAD = {"kind": "pairing", "subject_id": "pairing_id"}

MATRIX: dict[tuple[str, str], Entry] = {
    # Home, account, sign-in and sign-out
    ("/", "GET"): page(SIGNED_IN),
    ("/account", "GET"): page(SIGNED_IN),
    ("/account", "POST"): page(SIGNED_IN),
    ("/account/password", "POST"): page(SIGNED_IN),
    ("/account/email", "POST"): page(SIGNED_IN),
    ("/account/email/<token>", "GET"): guessed_token(400),
    ("/account/email/<token>", "POST"): guessed_token(400),
    ("/language", "POST"): public(302),
    ("/login", "GET"): Entry(roles=only("anonymous"), denied=302),
    ("/login", "POST"): Entry(roles=only("anonymous"), denied=302),
    ("/logout", "POST"): page(SIGNED_IN),
    # The code step of a sign-in: without a password step first it sends back to /login.
    ("/login/code", "GET"): Entry(roles=NOBODY, denied=302),
    ("/login/code", "POST"): Entry(roles=NOBODY, denied=302),
    ("/account/confirm", "GET"): page(SIGNED_IN),
    ("/account/confirm", "POST"): page(SIGNED_IN),
    ("/account/two-factor", "GET"): page(SIGNED_IN),
    ("/account/two-factor/setup", "GET"): page(SIGNED_IN),
    ("/account/two-factor/setup", "POST"): page(SIGNED_IN),
    ("/account/two-factor/recovery-codes", "POST"): page(SIGNED_IN),
    ("/account/two-factor/disable", "POST"): page(SIGNED_IN),
    ("/password/forgot", "GET"): public(),
    ("/password/forgot", "POST"): public(),
    ("/password/<any(invite, reset):purpose>/<token>", "GET"): guessed_token(400, args=RESET),
    ("/password/<any(invite, reset):purpose>/<token>", "POST"): guessed_token(400, args=RESET),
    # Administration
    ("/admin/audit", "GET"): page(ADMIN),
    ("/admin/erasures", "GET"): page(ADMIN),
    ("/admin/retention", "GET"): page(ADMIN),
    ("/admin/retention/purge", "POST"): page(ADMIN),
    # A made-up request id is answered on the list page: "no such request" (nothing changes).
    ("/admin/erasures/<int:request_id>/confirm", "POST"): page(
        ADMIN, admin_sees_all=True, foreign=302, args={"request_id": "erasure_id"}
    ),
    ("/admin/outbox", "GET"): page(ADMIN),
    ("/admin/outbox/<int:message_id>/resend", "POST"): page(ADMIN, admin_sees_all=True),
    ("/admin/users", "GET"): page(ADMIN),
    ("/admin/users/<int:user_id>", "GET"): page(ADMIN, admin_sees_all=True),
    ("/admin/users/<int:user_id>", "POST"): page(ADMIN, admin_sees_all=True),
    ("/admin/users/<int:user_id>/enabled", "POST"): page(ADMIN, admin_sees_all=True),
    ("/admin/users/<int:user_id>/two-factor/reset", "POST"): page(ADMIN, admin_sees_all=True),
    # Programmes, cohorts, enrolments, roster
    ("/programmes", "GET"): page(STAFF),
    ("/programmes/new", "GET"): page(ADMIN),
    ("/programmes/new", "POST"): page(ADMIN),
    ("/programmes/<int:programme_id>", "GET"): page(STAFF, admin_sees_all=True),
    ("/programmes/<int:programme_id>/edit", "GET"): page(ADMIN, admin_sees_all=True),
    ("/programmes/<int:programme_id>/edit", "POST"): page(ADMIN, admin_sees_all=True),
    ("/programmes/<int:programme_id>/staff", "POST"): page(ADMIN, admin_sees_all=True),
    ("/programmes/<int:programme_id>/cohorts", "POST"): page(ADMIN, admin_sees_all=True),
    ("/programmes/<int:programme_id>/matching-rules", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/programmes/<int:programme_id>/matching-rules", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/programmes/<int:programme_id>/retention", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/programmes/<int:programme_id>/retention", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/cohorts/<int:cohort_id>", "GET"): page(STAFF, admin_sees_all=True),
    # Any address can be typed (an address, not a guessable id): someone outside the
    # programme is only invited (tests/app/test_cohort_invitations.py).
    ("/cohorts/<int:cohort_id>/enrollments", "POST"): page(
        MANAGERS,
        admin_sees_all=True,
        mixed=False,
        data={"email": "{participant_email}", "started_on": "2026-02-02"},
    ),
    ("/enrollments/<int:enrollment_id>/end", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"ended_on": "2026-06-01", "reason": "completed"}
    ),
    # One's own invitations to join cohorts; someone else's answer 404.
    ("/invitations", "GET"): page(SIGNED_IN),
    ("/invitations/<int:invitation_id>/accept", "POST"): page(
        frozenset({"participant"}), not_found=SIGNED_IN - {"participant"}
    ),
    ("/invitations/<int:invitation_id>/decline", "POST"): page(
        frozenset({"participant"}), not_found=SIGNED_IN - {"participant"}
    ),
    ("/invitations/<int:invitation_id>/withdraw", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/people/invite", "GET"): page(MANAGERS),
    ("/people/invite", "POST"): page(MANAGERS),
    ("/cohorts/<int:cohort_id>/import", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/cohorts/<int:cohort_id>/import", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/cohorts/<int:cohort_id>/export.csv", "GET"): page(MANAGERS, admin_sees_all=True),
    # Workplace programmes: organisation, occupations, managers, knowledge goals, gaps
    ("/programmes/<int:programme_id>/organisation", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/programmes/<int:programme_id>/organisation", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"name": "Organisation"}
    ),
    ("/programmes/<int:programme_id>/units", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"name": "New unit", "parent": "{unit_id}"}
    ),
    ("/programmes/<int:programme_id>/units/<int:unit_id>", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"name": "Renamed"}
    ),
    ("/programmes/<int:programme_id>/units/<int:unit_id>/delete", "POST"): page(
        MANAGERS, admin_sees_all=True
    ),
    ("/programmes/<int:programme_id>/occupations", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"name": "Cook"}
    ),
    ("/programmes/<int:programme_id>/occupations/<int:occupation_id>/delete", "POST"): page(
        MANAGERS, admin_sees_all=True
    ),
    ("/programmes/<int:programme_id>/managers", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"email": "{manager_email}", "units": "{unit_id}"}
    ),
    ("/programmes/<int:programme_id>/goals", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/programmes/<int:programme_id>/goals", "POST"): page(
        MANAGERS,
        admin_sees_all=True,
        data={"occupation": "{occupation_id}", "unit": "{unit_id}", "tool": "Excel", "level": "3"},
    ),
    ("/programmes/<int:programme_id>/goals/<int:goal_id>/delete", "POST"): page(
        MANAGERS, admin_sees_all=True
    ),
    ("/programmes/<int:programme_id>/rounds", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"starts_on": "2027-01-10"}
    ),
    ("/programmes/<int:programme_id>/heatmap", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/enrollments/<int:enrollment_id>/placement", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/enrollments/<int:enrollment_id>/placement", "POST"): page(
        MANAGERS,
        admin_sees_all=True,
        data={"unit": "{unit_id}", "occupation": "{occupation_id}"},
    ),
    ("/manager", "GET"): page(UNIT_MANAGER),
    ("/manager/people/<int:user_id>", "GET"): page(UNIT_MANAGER),
    ("/manager/programmes/<int:programme_id>/heatmap", "GET"): page(UNIT_MANAGER),
    ("/my/assessment", "GET"): page(SIGNED_IN),
    ("/my/assessment", "POST"): page(SIGNED_IN),
    ("/my/gaps", "GET"): page(SIGNED_IN),
    # Profiles
    ("/profile", "GET"): page(PROFILE),
    ("/profile", "POST"): page(PROFILE),
    ("/profile/availability", "GET"): page(PROFILE),
    ("/profile/availability", "POST"): page(PROFILE),
    ("/profiles/<int:user_id>", "GET"): page(
        only("admin", "coordinator", "coach", "participant"),
        denied=404,
        not_found=only("mentor", "ambassador"),
        admin_sees_all=True,
    ),
    # Mentor matching
    ("/cohorts/<int:cohort_id>/matching", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/cohorts/<int:cohort_id>/matching/run", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/proposals/<int:proposal_id>/<any(lock, unlock, reject, unreject):action>", "POST"): page(
        MANAGERS, admin_sees_all=True, args={"action": "lock"}
    ),
    ("/proposals/<int:proposal_id>/swap", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/proposals/<int:proposal_id>/swap", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"mentor_id": "{mentor_id}"}
    ),
    ("/runs/<int:run_id>/publish", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/pairings/<int:pairing_id>/<any(accept, decline):choice>", "POST"): page(
        only(*BOOKING), denied=404, args={"choice": "decline"}
    ),
    ("/pairings/<int:pairing_id>/<any(end, pause, resume, extend):action>", "POST"): page(
        MANAGERS,
        admin_sees_all=True,
        args={"action": "end"},
        data={"ended_on": "2026-06-01", "reason": "completed"},
    ),
    ("/pairings/<int:pairing_id>/feedback", "POST"): page(
        only(*BOOKING), denied=404, data={"rating": "4", "verdict": "continue"}
    ),
    ("/my/matches", "GET"): page(SIGNED_IN),
    ("/my/away", "POST"): page(only("mentor", "ambassador")),
    ("/my/mentor-choice", "GET"): page(only("participant")),
    ("/my/mentor-choice", "POST"): page(
        only("participant"), foreign=302, data={"mentor_id": "{mentor_id}"}
    ),
    ("/mentor-requests/<int:request_id>/<any(accept, decline):choice_made>", "POST"): page(
        only("mentor"), args={"request_id": "mentor_request_id", "choice_made": "accept"}
    ),
    ("/my/tools", "GET"): page(only("participant")),
    ("/my/tools", "POST"): page(
        only("participant"), foreign=302, data={"tool": "Teams", "ambassador_id": "{ambassador_id}"}
    ),
    ("/my/learners", "GET"): page(only("ambassador")),
    ("/routes/<int:route_id>/done", "POST"): page(only("ambassador")),
    # Mastermind groups
    ("/cohorts/<int:cohort_id>/groups", "GET"): page(STAFF, admin_sees_all=True),
    ("/cohorts/<int:cohort_id>/groups/suggest", "POST"): page(STAFF, admin_sees_all=True),
    ("/cohorts/<int:cohort_id>/groups/publish", "POST"): page(STAFF, admin_sees_all=True),
    ("/groups/<int:group_id>/<any(lock, unlock):action>", "POST"): page(
        STAFF, admin_sees_all=True, args={"action": "lock"}
    ),
    ("/groups/<int:group_id>/meeting", "POST"): page(
        STAFF, admin_sees_all=True, data={"meeting_hour": "18", "cadence_weeks": "1"}
    ),
    ("/groups/<int:group_id>/move", "GET"): page(
        STAFF, admin_sees_all=True, query="user_id={user_id}&target={draft_group_id}"
    ),
    ("/groups/<int:group_id>/move", "POST"): page(
        STAFF, admin_sees_all=True, data={"user_id": "{user_id}", "target": "{draft_group_id}"}
    ),
    # Sessions: booking, hosts' availability, calendars
    ("/sessions", "GET"): page(PEOPLE),
    ("/sessions/book", "POST"): page(
        only("participant"),
        foreign=302,
        data={"host_id": "{host_id}", "starts_at": LATER, "request_key": "access-matrix"},
    ),
    ("/sessions/hosts/<int:host_id>", "GET"): page(
        only("participant"), query="reschedule={booking_id}"
    ),
    ("/sessions/<int:booking_id>", "GET"): page(only(*BOOKING), not_found=BOOKING_OTHERS),
    ("/sessions/<int:booking_id>/session.ics", "GET"): page(
        only(*BOOKING), not_found=BOOKING_OTHERS
    ),
    ("/sessions/<int:booking_id>/cancel", "POST"): page(
        only(*BOOKING), not_found=BOOKING_OTHERS, data={"reason": "Ill"}
    ),
    ("/sessions/<int:booking_id>/notes", "POST"): page(
        only(*BOOKING), not_found=BOOKING_OTHERS, data={"text": "Note"}
    ),
    ("/sessions/<int:booking_id>/attendance", "POST"): page(
        only("mentor"), not_found=BOOKING_OTHERS, data={"attendance": "attended"}
    ),
    ("/sessions/<int:booking_id>/reschedule", "POST"): page(
        only("participant"), data={"starts_at": LATER}
    ),
    ("/sessions/availability", "GET"): page(HOSTS),
    ("/sessions/availability/settings", "POST"): page(HOSTS),
    ("/sessions/availability/windows", "POST"): page(HOSTS),
    ("/sessions/availability/exceptions", "POST"): page(HOSTS),
    ("/sessions/availability/windows/<int:window_id>/delete", "POST"): page(
        only("mentor"), not_found=only("coach", "ambassador")
    ),
    ("/sessions/availability/exceptions/<int:exception_id>/delete", "POST"): page(
        only("mentor"), not_found=only("coach", "ambassador")
    ),
    ("/sessions/calendar", "GET"): page(SIGNED_IN),
    ("/sessions/calendar/revoke", "POST"): page(SIGNED_IN),
    ("/calendar/<token>.ics", "GET"): guessed_token(404),
    ("/group-sessions", "GET"): page(PEOPLE),
    ("/group-sessions/trainings", "POST"): page(only("ambassador", "coach")),
    ("/group-sessions/masterminds", "POST"): page(only("coach")),
    ("/group-sessions/<int:session_id>", "GET"): page(PEOPLE),
    ("/group-sessions/<int:session_id>/join", "POST"): page(only("participant")),
    ("/group-sessions/<int:session_id>/leave", "POST"): page(PEOPLE),
    ("/group-sessions/<int:session_id>/attendance", "POST"): page(only("ambassador", "coach")),
    # Engagement, feedback and outcomes
    ("/engagement/", "GET"): page(MANAGERS, ok=302),
    ("/engagement/<int:programme_id>/retention", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/<int:programme_id>/feedback", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/<int:programme_id>/outcomes", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/<int:programme_id>/ambassadors", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/<int:programme_id>/report", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/<int:programme_id>/settings", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/<int:programme_id>/settings", "POST"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/enrolments/<int:enrolment_id>", "GET"): page(MANAGERS, admin_sees_all=True),
    ("/engagement/enrolments/<int:enrolment_id>/outcomes", "POST"): page(
        MANAGERS, admin_sees_all=True, data={"kind": "job", "achieved_on": "2026-06-01"}
    ),
    ("/engagement/enrolments/<int:enrolment_id>/indicators/<stage>", "POST"): page(
        MANAGERS, admin_sees_all=True, args={"stage": "entry"}
    ),
    ("/engagement/messages/new", "GET"): page(only("participant")),
    # Another programme in the body is not one of the participant's: an inline error.
    ("/engagement/messages/new", "POST"): page(
        only("participant"), foreign=422, data={"programme_id": "{programme_id}", "body": "Hi"}
    ),
    # Messages are for the programme's own coordinators, not for admins or coaches.
    ("/engagement/<int:programme_id>/messages", "GET"): page(only("coordinator")),
    ("/engagement/messages/<int:coordinator_message_id>/read", "POST"): page(only("coordinator")),
    ("/engagement/<int:programme_id>/nudges/<int:user_id>", "POST"): page(only("coordinator")),
    # Conversations: only the people of a pairing, route or group (the pairing here: the
    # participant and their mentor); a coordinator sees only reported messages.
    ("/conversations/", "GET"): page(PEOPLE),
    ("/conversations/<any(pairing, route, group):kind>/<int:subject_id>", "GET"): page(
        BOOKING, not_found=BOOKING_OTHERS, args=THREAD
    ),
    ("/conversations/<any(pairing, route, group):kind>/<int:subject_id>", "POST"): page(
        BOOKING, not_found=BOOKING_OTHERS, args=THREAD, data={"body": "Hello"}
    ),
    # The mentor wrote the message: the participant may report it, the mentor may not (422).
    ("/conversations/messages/<int:conversation_message_id>/report", "POST"): page(
        only("participant"), not_found=BOOKING_OTHERS, exceptions={"mentor": 422}
    ),
    ("/conversations/reported/<int:programme_id>", "GET"): page(only("coordinator")),
    ("/conversations/messages/<int:conversation_message_id>/remove", "POST"): page(
        only("coordinator")
    ),
    ("/api/v1/conversations", "GET"): api(PEOPLE),
    (
        "/api/v1/conversations/<any(pairing, route, group):kind>/<int:subject_id>/messages",
        "GET",
    ): api(BOOKING, not_found=BOOKING_OTHERS, args=THREAD),
    (
        "/api/v1/conversations/<any(pairing, route, group):kind>/<int:subject_id>/messages",
        "POST",
    ): api(BOOKING, not_found=BOOKING_OTHERS, args=THREAD, data={"body": "Hello"}),
    ("/feedback/", "GET"): page(only("participant")),
    ("/feedback/sessions/<int:booking_id>", "GET"): page(only("participant")),
    # The world's training is still to come: feedback waits for attendance (422).
    ("/feedback/group-sessions/<int:session_id>", "GET"): page(only("participant"), ok=422),
    ("/feedback/group-sessions/<int:session_id>", "POST"): page(
        only("participant"),
        data={"level": "just_right", "motivated": "4", "method_good": "4", "relevant": "4"},
    ),
    ("/feedback/sessions/<int:booking_id>", "POST"): page(
        only("participant"),
        data={"level": "just_right", "motivated": "4", "method_good": "4", "relevant": "4"},
    ),
    ("/feedback/trainings/<int:training_id>", "GET"): page(only("participant")),
    ("/feedback/trainings/<int:training_id>", "POST"): page(
        only("participant"),
        data={"level": "just_right", "motivated": "4", "method_good": "4", "relevant": "4"},
    ),
    # The training bank: the programme's people read it; its authors and coordinators edit.
    ("/trainings", "GET"): page(BANK_READERS),
    ("/trainings/new", "GET"): page(TRAINERS),
    ("/trainings/new", "POST"): page(
        TRAINERS,
        foreign=422,
        admin_sees_all=True,
        data={"programme_id": "{programme_id}", "title": "T", "tool": "X"},
    ),
    ("/trainings/<int:training_id>", "GET"): page(BANK_READERS, admin_sees_all=True),
    ("/trainings/<int:training_id>/edit", "GET"): page(
        EDITORS, not_found=only("coach"), admin_sees_all=True
    ),
    ("/trainings/<int:training_id>/edit", "POST"): page(
        EDITORS, not_found=only("coach"), admin_sees_all=True, data={"title": ""}
    ),
    # The matrix's training has no attachment: "not found" for everyone who may read it.
    ("/trainings/<int:training_id>/attachment", "GET"): page(
        BANK_READERS, ok=404, admin_sees_all=True
    ),
    ("/trainings/<int:training_id>/done", "POST"): page(PROFILE),
    ("/trainings/<int:training_id>/questions", "GET"): page(
        EDITORS, not_found=only("coach"), admin_sees_all=True
    ),
    ("/trainings/<int:training_id>/questions", "POST"): page(
        EDITORS, not_found=only("coach"), admin_sees_all=True, data={"text": ""}
    ),
    ("/trainings/<int:training_id>/questions/<int:question_id>/delete", "POST"): page(
        EDITORS, not_found=only("coach"), admin_sees_all=True
    ),
    ("/trainings/<int:training_id>/attempts", "POST"): page(PROFILE),
    ("/attempts/<int:attempt_id>", "GET"): page(
        only("participant"), not_found=only("mentor", "ambassador")
    ),
    ("/attempts/<int:attempt_id>/answer", "POST"): page(
        only("participant"), not_found=only("mentor", "ambassador")
    ),
    ("/attempts/<int:attempt_id>/submit", "POST"): page(
        only("participant"), not_found=only("mentor", "ambassador")
    ),
    # Notices and email links
    ("/notifications/preferences", "GET"): page(SIGNED_IN),
    ("/notifications/preferences", "POST"): page(SIGNED_IN),
    ("/notifications/unsubscribe/<token>", "GET"): guessed_token(422),
    ("/notifications/unsubscribe/<token>", "POST"): guessed_token(422),
    ("/notifications/check-in/<token>", "GET"): guessed_token(422),
    ("/notifications/check-in/<token>", "POST"): guessed_token(422),
    ("/notifications/outcome/<token>", "GET"): guessed_token(422),
    ("/notifications/outcome/<token>", "POST"): guessed_token(422),
    # Personal data
    ("/my-data", "GET"): page(SIGNED_IN),
    ("/my-data/export", "POST"): page(SIGNED_IN),
    ("/my-data/erasure", "POST"): page(SIGNED_IN),
    ("/my-data/attributes", "POST"): page(SIGNED_IN),
    ("/consent", "GET"): page(SIGNED_IN),
    ("/consent", "POST"): page(SIGNED_IN),
    ("/static/<path:filename>", "GET"): public(args={"filename": "style.css"}),
    ("/favicon.ico", "GET"): public(),
    # JSON API
    ("/api/v1/health", "GET"): public(),
    ("/api/v1/ready", "GET"): public(),
    # The test client asks from 127.0.0.1, which may scrape when no METRICS_TOKEN is set.
    ("/metrics", "GET"): public(),
    ("/api/v1/openapi.json", "GET"): public(),
    ("/api/v1/me", "GET"): api(SIGNED_IN),
    ("/api/v1/hosts", "GET"): api(only("participant")),
    ("/api/v1/hosts/<int:host_id>/availability", "GET"): api(
        only("participant", "mentor"), not_found=only("coach", "ambassador")
    ),
    ("/api/v1/hosts/<int:host_id>/slots", "GET"): api(only("participant"), query="from=2026-03-23"),
    ("/api/v1/availability", "PUT"): api(HOSTS, data={}),
    ("/api/v1/bookings", "GET"): api(PEOPLE),
    ("/api/v1/bookings", "POST"): api(
        only("participant"), data={"host_id": "{host_id}", "starts_at": LATER}
    ),
    ("/api/v1/bookings/<int:booking_id>", "GET"): api(only(*BOOKING), not_found=BOOKING_OTHERS),
    ("/api/v1/bookings/<int:booking_id>/cancel", "POST"): api(
        only(*BOOKING), not_found=BOOKING_OTHERS, data={"reason": "Ill"}
    ),
    ("/api/v1/bookings/<int:booking_id>/reschedule", "POST"): api(
        only("participant"), data={"starts_at": LATER}
    ),
    ("/api/v1/group-sessions/<int:session_id>/seats", "POST"): api(only("participant"), data={}),
    ("/api/v1/group-sessions/<int:session_id>/leave", "POST"): api(PEOPLE, data={}),
    ("/api/v1/cohorts/<int:cohort_id>/matching/runs", "POST"): api(
        MANAGERS, admin_sees_all=True, data={}
    ),
    ("/api/v1/matching/runs/<int:run_id>", "GET"): api(MANAGERS, admin_sees_all=True),
    ("/api/v1/matching/runs/<int:run_id>/publish", "POST"): api(
        MANAGERS, admin_sees_all=True, data={}
    ),
    ("/api/v1/proposals/<int:proposal_id>/lock", "POST"): api(
        MANAGERS, admin_sees_all=True, data={"locked": True}
    ),
    ("/api/v1/proposals/<int:proposal_id>/reject", "POST"): api(
        MANAGERS, admin_sees_all=True, data={"rejected": True}
    ),
    ("/api/v1/proposals/<int:proposal_id>/swap", "POST"): api(
        MANAGERS, admin_sees_all=True, data={"mentor_id": "{mentor_id}"}
    ),
    ("/api/v1/pairings", "GET"): api(SIGNED_IN),
    ("/api/v1/pairings/<int:pairing_id>/answer", "POST"): api(
        only(*BOOKING),
        not_found=only("admin", "coordinator", "coach", "ambassador", "manager"),
        data={"accept": False},
    ),
    ("/api/v1/cohorts/<int:cohort_id>/groups", "GET"): api(STAFF, admin_sees_all=True),
    ("/api/v1/cohorts/<int:cohort_id>/groups/suggestions", "POST"): api(
        STAFF, admin_sees_all=True, data={"min_size": 2, "max_size": 4}
    ),
    ("/api/v1/cohorts/<int:cohort_id>/groups/publish", "POST"): api(
        STAFF, admin_sees_all=True, data={"cadence_weeks": 1}
    ),
    ("/api/v1/groups/<int:group_id>/move", "POST"): api(
        STAFF,
        admin_sees_all=True,
        data={"user_id": "{user_id}", "target_group_id": "{draft_group_id}"},
    ),
    ("/api/v1/trainings", "GET"): api(BANK_READERS),
    ("/api/v1/trainings/<int:training_id>", "GET"): api(BANK_READERS, admin_sees_all=True),
    ("/api/v1/trainings/<int:training_id>/attempts", "POST"): api(PROFILE, data={}),
    ("/api/v1/attempts/<int:attempt_id>", "GET"): api(
        only("participant"), not_found=only("mentor", "ambassador")
    ),
    ("/api/v1/attempts/<int:attempt_id>/answers", "POST"): api(
        only("participant"),
        not_found=only("mentor", "ambassador"),
        data={"question_id": "{question_id}", "option_ids": []},
    ),
    ("/api/v1/attempts/<int:attempt_id>/submit", "POST"): api(
        only("participant"), not_found=only("mentor", "ambassador"), data={}
    ),
    ("/api/v1/self-assessment", "GET"): api(SIGNED_IN),
    ("/api/v1/self-assessment", "PUT"): api(SIGNED_IN, data={"levels": {"Teams": 3}}),
    ("/api/v1/gaps", "GET"): api(SIGNED_IN),
    ("/api/v1/people/<int:user_id>/gaps", "GET"): api(
        only("admin", "coordinator", "manager"), admin_sees_all=True
    ),
    ("/api/v1/programmes/<int:programme_id>/heatmap", "GET"): api(
        only("admin", "coordinator", "manager"), admin_sees_all=True
    ),
    ("/api/v1/mentor-suggestions", "GET"): api(only("participant")),
    # Any mentor not suggested to the participant, existing or not: "choose one of yours".
    ("/api/v1/mentor-requests", "POST"): api(
        only("participant"), foreign=422, data={"mentor_id": "{mentor_id}"}
    ),
    ("/api/v1/mentor-requests/<int:request_id>/answer", "POST"): api(
        only("mentor"), args={"request_id": "mentor_request_id"}, data={"accept": True}
    ),
}
