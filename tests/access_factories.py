"""Two programmes with one of everything, for the access-control matrix.

``make_side`` builds a programme with its staff, a cohort, a mentor, an ambassador and a
participant linked to both, and every kind of object a route can name by id. The matrix
signs in as the people of one side and opens the other side's objects by their ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from mentoring.bookings.group_models import GroupSeat
from mentoring.bookings.models import AvailabilityException, AvailabilityWindow
from mentoring.conversations.models import Conversation, ConversationMessage
from mentoring.engagement.models import CoordinatorMessage
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import MatchRun, MentorRequest, Proposal
from mentoring.outbox.models import OutboxMessage
from mentoring.privacy.models import ErasureRequest
from mentoring.programmes.models import Cohort, CohortInvitation, Enrollment, Programme
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.bookings_factories import NOW, link, make_booking, make_host, make_training
from tests.engagement_factories import add_feedback
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.trainings_factories import complete, make_attempt
from tests.trainings_factories import make_training as make_bank_training
from tests.workplace_factories import (
    assess,
    make_goal,
    make_manager,
    make_occupation,
    make_organisation,
    make_round,
)

#: Roles in the order the matrix reports them; ``anonymous`` is nobody signed in.
MISSING_ID = 987_654
ROLES = (
    "admin",
    "coordinator",
    "coach",
    "mentor",
    "ambassador",
    "participant",
    "manager",
    "anonymous",
)


@dataclass
class Side:
    """One programme's people (by role name) and objects (by the URL argument they fill)."""

    people: dict[str, User]
    ids: dict[str, int] = field(default_factory=dict)

    def values(self) -> dict[str, int | str]:
        """Ids by name, and the emails of the side's people as ``<role>_email``."""
        emails = {f"{role}_email": person.email for role, person in self.people.items()}
        return {**self.ids, **emails}

    def missing(self) -> dict[str, int | str]:
        """The same names with ids that exist nowhere."""
        return {**self.values(), **dict.fromkeys(self.ids, MISSING_ID)}


def make_side(label: str) -> Side:
    """A programme with one of every object; people are named ``<role>-<label>@example.org``."""
    coordinator = make_user(Role.COORDINATOR, email=f"coordinator-{label}@example.org")
    coach = make_host(Role.COACH)
    programme = make_programme(name=f"Programme {label}", staff=(coordinator, coach))
    cohort = make_cohort(programme, starts_on=date(2026, 1, 5))
    enrol(coach, cohort)
    mentor = make_host(Role.MENTOR, cohort=cohort, capacity=2)
    ambassador = make_host(Role.AMBASSADOR, cohort=cohort)
    participant = make_user(Role.PARTICIPANT, email=f"participant-{label}@example.org")
    make_profile(participant, wants={"Python": 2})
    enrolment = enrol(participant, cohort, started_on=cohort.starts_on)
    pairing = link(participant, mentor)
    route = link(participant, ambassador)
    group = link(participant, coach)
    for person, role in ((coach, "coach"), (mentor, "mentor"), (ambassador, "ambassador")):
        person.email = f"{role}-{label}@example.org"
    booking = make_booking(mentor, participant, NOW - timedelta(days=3), attendance="attended")
    training = make_training(ambassador, NOW + timedelta(days=5))
    db.session.add(GroupSeat(session_id=training.id, user_id=participant.id, joined_at=NOW))
    training.booked_count = 1
    add_feedback(participant, cohort, host=mentor)
    letter = CoordinatorMessage(sender_id=participant.id, programme_id=programme.id, body="Hi")
    db.session.add(letter)
    # The pages compare invitations with the clock of the request: made "now", they are open.
    invitation = CohortInvitation(
        cohort_id=cohort.id,
        user_id=participant.id,
        email="typed@example.org",
        started_on=NOW.date(),
    )
    db.session.add(invitation)
    db.session.flush()
    note = _conversation_message(programme.id, pairing.id, mentor)
    side = Side(
        people={
            "coordinator": coordinator,
            "coach": coach,
            "mentor": mentor,
            "ambassador": ambassador,
            "participant": participant,
        },
        ids={
            "programme_id": programme.id,
            "cohort_id": cohort.id,
            "enrollment_id": enrolment.id,
            "enrolment_id": enrolment.id,
            "user_id": participant.id,
            "host_id": mentor.id,
            "mentor_id": mentor.id,
            "ambassador_id": ambassador.id,
            "booking_id": booking.id,
            "pairing_id": pairing.id,
            "route_id": route.id,
            "group_id": group.id,
            "session_id": training.id,
            "coordinator_message_id": letter.id,
            "conversation_message_id": note.id,
            "invitation_id": invitation.id,
        },
    )
    side.ids.update(_matching_objects(cohort, coordinator, mentor))
    side.ids.update(_host_objects(mentor))
    side.ids.update(_admin_objects(participant))
    manager, workplace_ids = _workplace_objects(programme, enrolment, label)
    side.people["manager"] = manager
    side.ids.update(workplace_ids)
    side.ids.update(_bank_objects(programme, ambassador, participant))
    db.session.commit()
    return side


def _conversation_message(programme_id: int, pairing_id: int, mentor: User) -> ConversationMessage:
    """The mentor's message in the pairing's thread, reported by the participant."""
    thread = Conversation(kind="pairing", subject_id=pairing_id, programme_id=programme_id)
    db.session.add(thread)
    db.session.flush()
    note = ConversationMessage(
        conversation_id=thread.id,
        programme_id=programme_id,
        author_id=mentor.id,
        body="See you Monday",
        sent_at=NOW,
        reported_at=NOW,
    )
    db.session.add(note)
    db.session.flush()
    return note


def _bank_objects(programme: Programme, author: User, learner: User) -> dict[str, int]:
    """A bank training with a test, done by the participant, and their attempt at it."""
    training = make_bank_training(programme, author, tool="Teams", questions=(1, 2, 3))
    complete(learner, training)
    attempt = make_attempt(learner, training)
    return {
        "training_id": training.id,
        "question_id": training.questions[0].id,
        "attempt_id": attempt.id,
    }


def _matching_objects(cohort: Cohort, coordinator: User, mentor: User) -> dict[str, int]:
    """A draft run with a proposal, a draft group and a pending mentor request."""
    second = make_user(Role.PARTICIPANT)
    make_profile(second)
    enrol(second, cohort)
    run = MatchRun(cohort_id=cohort.id, run_by_id=coordinator.id, started_at=NOW)
    run.proposals = [Proposal(mentee_id=second.id, mentor_id=mentor.id, score=0.5, reasons=[])]
    draft = PeerGroup(cohort_id=cohort.id, name="Draft group", status="draft")
    draft.members = [PeerGroupMember(user_id=second.id)]
    request = MentorRequest(
        cohort_id=cohort.id,
        mentee_id=second.id,
        mentor_id=mentor.id,
        expires_at=NOW + timedelta(days=3),
    )
    db.session.add_all([run, draft, request])
    db.session.commit()
    return {
        "run_id": run.id,
        "proposal_id": run.proposals[0].id,
        "draft_group_id": draft.id,
        "mentor_request_id": request.id,
    }


def _host_objects(host: User) -> dict[str, int]:
    """A weekly window and days away of ``host`` (``make_host`` gave the windows)."""
    window = db.session.query(AvailabilityWindow).filter_by(host_id=host.id).first()
    away = AvailabilityException(
        host_id=host.id, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 14), reason="Holiday"
    )
    db.session.add(away)
    db.session.commit()
    assert window is not None
    return {"window_id": window.id, "exception_id": away.id}


def _admin_objects(participant: User) -> dict[str, int]:
    """An erasure request and an outbox message about ``participant``."""
    erasure = ErasureRequest(user_id=participant.id, requested_at=NOW)
    message = OutboxMessage(
        recipient_id=participant.id,
        kind="check_in",
        occasion=f"access-{participant.id}",
        template="check_in",
        status="failed",
        next_attempt_at=NOW,
    )
    db.session.add_all([erasure, message])
    db.session.commit()
    return {"erasure_id": erasure.id, "message_id": message.id}


def _workplace_objects(
    programme: Programme, enrolment: Enrollment, label: str
) -> tuple[User, dict[str, int]]:
    """A unit the participant works in, their occupation and goal, and the unit's manager."""
    units = make_organisation(programme, {f"Department {label}": ["Unit"]})
    unit = units[f"Department {label}/Unit"]
    occupation = make_occupation(programme, "Assistant nurse")
    goal = make_goal(programme, occupation, "Teams", 3)
    enrolment.unit_id, enrolment.occupation_id = unit.id, occupation.id
    assess(enrolment.user, make_round(programme, 1, date(2026, 1, 5)), {"Teams": 2})
    manager = make_manager(make_user(Role.MANAGER, email=f"manager-{label}@example.org"), unit)
    db.session.commit()
    return manager, {"unit_id": unit.id, "occupation_id": occupation.id, "goal_id": goal.id}


def enrolment_of(user: User) -> Enrollment:
    found = db.session.query(Enrollment).filter_by(user_id=user.id).first()
    assert found is not None
    return found


@dataclass
class AccessWorld:
    """Our side (where the signed-in people work) and theirs (someone else's objects)."""

    admin: User
    ours: Side
    theirs: Side

    def person(self, role: str) -> User:
        return self.admin if role == "admin" else self.ours.people[role]


def make_access_world() -> AccessWorld:
    admin = make_user(Role.ADMIN, email="admin@example.org")
    return AccessWorld(admin=admin, ours=make_side("ours"), theirs=make_side("theirs"))
