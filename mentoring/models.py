"""Import every model so metadata is complete (for Alembic and ``create_all``)."""

from __future__ import annotations

from mentoring.activity.models import ActivityEvent, EngagementSettings
from mentoring.audit.models import AuditLog
from mentoring.bookings.group_models import GroupSeat, GroupSession
from mentoring.bookings.models import (
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    CalendarFeed,
    HostSettings,
    SessionNote,
)
from mentoring.changes import table_versions
from mentoring.consents import Consent
from mentoring.conversations.models import Conversation, ConversationMessage, ConversationReader
from mentoring.engagement.models import (
    CoordinatorMessage,
    FeedbackAnswer,
    Indicators,
    Nudge,
    Outcome,
)
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import (
    AmbassadorRoute,
    MatchingRules,
    MatchRun,
    MentorAway,
    MentorRequest,
    Pairing,
    Proposal,
)
from mentoring.notices.models import CheckIn, OutcomeAnswer, SchedulerJobRun, SchedulerLock
from mentoring.outbox.models import NotificationPreference, OutboxMessage
from mentoring.privacy.models import ErasureRequest
from mentoring.profiles.models import Profile, ProfileLanguage, ProfileSkill
from mentoring.programmes.models import (
    Cohort,
    CohortInvitation,
    Enrollment,
    Programme,
    ProgrammeStaff,
)
from mentoring.programmes.organisation import ManagerUnit, Occupation, Organisation, OrgUnit
from mentoring.trainings.models import (
    AttemptAnswer,
    TestAttempt,
    Training,
    TrainingCompletion,
    TrainingOption,
    TrainingQuestion,
    VerifiedLevel,
)
from mentoring.two_factor.models import RecoveryCode, TwoFactor
from mentoring.users.models import User, UserRole
from mentoring.workplace.models import AssessmentRound, KnowledgeGoal, SelfAssessment

__all__ = [
    "table_versions",
    "ActivityEvent",
    "Conversation",
    "ConversationMessage",
    "ConversationReader",
    "CoordinatorMessage",
    "EngagementSettings",
    "FeedbackAnswer",
    "Indicators",
    "Nudge",
    "Outcome",
    "AmbassadorRoute",
    "CheckIn",
    "NotificationPreference",
    "OutboxMessage",
    "OutcomeAnswer",
    "SchedulerJobRun",
    "SchedulerLock",
    "AvailabilityException",
    "AvailabilityWindow",
    "Booking",
    "CalendarFeed",
    "GroupSeat",
    "GroupSession",
    "HostSettings",
    "SessionNote",
    "AuditLog",
    "AssessmentRound",
    "KnowledgeGoal",
    "ManagerUnit",
    "Occupation",
    "Organisation",
    "OrgUnit",
    "SelfAssessment",
    "Consent",
    "ErasureRequest",
    "Cohort",
    "CohortInvitation",
    "Enrollment",
    "MatchRun",
    "MatchingRules",
    "MentorAway",
    "MentorRequest",
    "Pairing",
    "PeerGroup",
    "PeerGroupMember",
    "Profile",
    "ProfileLanguage",
    "ProfileSkill",
    "Programme",
    "ProgrammeStaff",
    "Proposal",
    "RecoveryCode",
    "TwoFactor",
    "AttemptAnswer",
    "TestAttempt",
    "Training",
    "TrainingCompletion",
    "TrainingOption",
    "TrainingQuestion",
    "VerifiedLevel",
    "User",
    "UserRole",
]
