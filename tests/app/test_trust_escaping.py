"""Text people type is shown as text: HTML or a script in any free-text column cannot run.

Every text column of the schema is either free text (filled with markup below, and then
every page is opened as every role) or a controlled value (a code, a token, a hash), listed
with the reason. A new text column fails ``test_every_text_column_is_classified`` until it
is put in one list or the other.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from mentoring.bookings.group_models import GroupSession
from mentoring.bookings.group_sessions import create_training
from mentoring.engagement.funder import ReportLine, as_csv, as_xlsx
from mentoring.errors import ValidationError
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.users.roles import Role
from tests.access_factories import ROLES, make_access_world
from tests.access_matrix import MATRIX
from tests.access_requests import build
from tests.auth import AuthActions
from tests.bookings_factories import NOW, make_host
from tests.trust_factories import make_world

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'
#: Short enough for every free-text column; it closes an attribute and opens a tag.
MARK = '"><x-x>'

#: Columns people (or staff) type freely; JSON ones hold lists or a dict of such text.
FREE_TEXT: dict[str, set[str]] = {
    "users": {"name"},
    "programmes": {"name", "description", "skill_catalogue", "tool_goals"},
    "cohorts": {"name"},
    "cohort_invitations": {"name"},
    "profiles": {"bio", "goals", "goal_field", "interests", "municipality", "gender"}
    | {"organisation"},
    "profile_skills": {"name"},
    "ambassador_routes": {"tool"},
    "booking_hosts": {"place"},
    "bookings": {"topic", "place", "cancel_reason"},
    "booking_exceptions": {"reason"},
    "booking_notes": {"text", "next_steps"},
    "group_sessions": {"title", "place"},
    "peer_groups": {"name"},
    "pairings": {"decline_reason"},
    "check_ins": {"comment"},
    "feedback_answers": {"comment", "module"},
    "coordinator_messages": {"body"},
    "conversation_messages": {"body"},
    "outbox_messages": {"last_error"},
    "scheduler_job_runs": {"summary"},
    "organisations": {"name"},
    "org_units": {"name"},
    "occupations": {"name"},
    "knowledge_goals": {"tool"},
    "self_assessments": {"tool"},
    "trainings": {"title", "tool", "tool_key", "steps", "attachment_name"},
    "training_questions": {"text"},
    "training_options": {"text"},
    "verified_levels": {"tool", "tool_key"},
}
#: Text columns that hold controlled values, so markup cannot get in.
CONTROLLED: dict[str, dict[str, str]] = {
    "users": {
        "email": "validated address",
        "password_hash": "hash",
        "locale": "code",
        "timezone": "zone name from a list",
    },
    "user_roles": {"role": "code"},
    "table_versions": {"name": "a table's name, from the metadata"},
    "programmes": {
        "languages": "codes",
        "default_meeting_format": "code",
        "timezone": "zone name",
    },
    "profiles": {
        "meeting_format": "code",
        "availability": "hour numbers",
        "age_band": "code",
    },
    "profile_languages": {"language": "code", "level": "code"},
    "profile_skills": {"direction": "code"},
    "ambassador_routes": {"reasons": "reason codes and numbers", "status": "code"},
    "audit_log": {"action": "code", "object_type": "code", "details": "ids and codes"},
    "booking_hosts": {"video_link": "http(s) URL, checked"},
    "bookings": {
        "status": "code",
        "video_link": "copied from the host's checked link",
        "request_key": "client token, never shown",
        "attendance": "code",
    },
    "group_sessions": {
        "kind": "code",
        "video_link": "http(s) URL, checked",
        "status": "code",
        "series_key": "random token",
    },
    "group_seats": {"status": "code", "attendance": "code"},
    "calendar_feeds": {"token_hash": "hash"},
    "two_factor": {"secret": "random base32 key, stored encrypted"},
    "recovery_codes": {"code_hash": "hash"},
    "check_ins": {"subject_kind": "code", "occasion": "key"},
    "erasure_requests": {"status": "code"},
    "consents": {"purpose": "code"},
    "matching_rules": {"objective": "code", "mode": "code"},
    "match_runs": {
        "kind": "code",
        "parameters": "numbers",
        "unmatched": "ids and reason codes",
        "status": "code",
        "progress": "code",
    },
    "proposals": {"reasons": "reason codes with names from profiles (free text there)"},
    "pairings": {
        "status": "code",
        "reasons": "reason codes",
        "mentee_answer": "code",
        "mentor_answer": "code",
        "end_reason": "code",
        "mentor_verdict": "code",
    },
    "mentor_requests": {"status": "code", "next_choices": "ids", "reasons": "reason codes"},
    "peer_groups": {
        "status": "code",
        "language": "code",
        "common_hours": "hours",
        "reasons": "codes",
    },
    "notification_preferences": {"kind": "code"},
    "cohort_invitations": {"email": "validated address"},
    "outbox_messages": {
        "address": "validated address",
        "kind": "code",
        "occasion": "key",
        "template": "template name",
        "context": "ids for rendering",
        "status": "code",
        "claimed_by": "process name",
    },
    "scheduler_job_runs": {"job": "job name"},
    "scheduler_locks": {"name": "lock name", "holder": "process name"},
    "activity_events": {"kind": "code"},
    "enrollments": {"end_reason": "code"},
    "conversations": {"kind": "code"},
    "feedback_answers": {"level": "code"},
    "enrolment_indicators": {
        "stage": "code",
        "labour_status": "code",
        "age_band": "code",
        "education_level": "code",
    },
    "outcome_answers": {"situation": "code"},
    "outcomes": {"kind": "code", "source": "code"},
    "trainings": {
        "video_link": "http(s) URL, checked",
        "attachment_key": "random token, never shown",
        "attachment_type": "content type from the file's first bytes",
    },
    "training_questions": {"kind": "code"},
    "attempt_answers": {"chosen": "option ids"},
}


def text_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        # A TypeDecorator (e.g. an encrypted string) counts by the type it stores.
        if isinstance(getattr(column.type, "impl", column.type), sa.String | sa.Text | sa.JSON)
    }


def fill_free_text(value: str) -> None:
    """Put ``value`` (plus the row id, for unique names) into every free-text column."""
    for table in db.metadata.sorted_tables:
        for name in FREE_TEXT.get(table.name, ()):
            column = table.columns[name]
            text: object = sa.literal(value)
            if isinstance(column.type, sa.JSON):
                if name == "tool_goals":
                    text = {value: 3}
                else:
                    text = [value]
            elif "id" in table.columns:
                text = sa.literal(value) + sa.cast(table.columns["id"], sa.String)
            db.session.execute(sa.update(table).values({name: text}))
    db.session.commit()


def test_every_text_column_is_classified(app: Flask) -> None:
    classified = {(t, c) for t, columns in FREE_TEXT.items() for c in columns} | {
        (t, c) for t, columns in CONTROLLED.items() for c in columns
    }
    missing = sorted(text_columns() - classified)
    assert not missing, f"put these in FREE_TEXT or CONTROLLED of this file: {missing}"
    assert not classified - text_columns(), sorted(classified - text_columns())


def test_every_page_shows_markup_in_typed_text_as_text(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    world = make_access_world()
    fill_free_text(MARK)
    values = world.ours.values()
    pages = [(rule, entry) for (rule, method), entry in sorted(MATRIX.items()) if method == "GET"]
    shown, failures = 0, []
    for role in ROLES:
        if role != "anonymous":
            auth.login(world.person(role).email)
        for rule, entry in pages:
            if role not in entry.roles:
                continue
            url = build(rule, "GET", entry, values).url
            response = client.get(url)
            response.close()
            if response.mimetype != "text/html":
                continue
            body = response.get_data(as_text=True)
            shown += body.count("&#34;&gt;&lt;x-x&gt;")
            if "<x-x>" in body:
                failures.append(f"{role}: {url} shows markup unescaped")
        auth.logout()
    assert not failures, "\n".join(failures)
    assert shown > 50, "the typed text did not reach the pages"


def test_a_bio_with_html_is_shown_as_text(client: FlaskClient, auth: AuthActions) -> None:
    world = make_world()
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == world.participant.id))
    assert profile is not None
    profile.bio = ATTACK
    world.participant.name = ATTACK
    db.session.commit()
    auth.login(world.staff[Role.COORDINATOR].email)
    page = client.get(f"/profiles/{world.participant.id}").get_data(as_text=True)
    assert "&lt;script&gt;" in page
    assert "<script>" not in page and "<img src=x" not in page


@pytest.mark.parametrize("link", ["javascript://%0aalert(1)", "data:text/html,<b>x</b>"])
def test_a_group_session_video_link_must_be_a_web_address(app: Flask, link: str) -> None:
    host = make_host(Role.AMBASSADOR)
    with pytest.raises(ValidationError, match="A video link starts with https://"):
        create_training(
            host,
            title="Teams",
            starts_at=NOW + timedelta(days=2),
            minutes=60,
            seats=4,
            now=NOW,
            video_link=link,
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GroupSession)) == 0


def test_funder_report_cells_are_never_formulas(app: Flask) -> None:
    lines = [ReportLine("=SUM(A1:A9)", '=HYPERLINK("https://evil.example")', "3")]
    [_, row] = list(csv.reader(io.StringIO(as_csv(lines))))
    assert row == ["'=SUM(A1:A9)", '\'=HYPERLINK("https://evil.example")', "3"]
    sheet = load_workbook(io.BytesIO(as_xlsx(lines, "Report"))).active
    assert sheet is not None
    texts = [(c.value, c.data_type) for c in sheet[2]]
    assert texts == [
        ("=SUM(A1:A9)", "s"),
        ('=HYPERLINK("https://evil.example")', "s"),
        (3, "n"),
    ]
