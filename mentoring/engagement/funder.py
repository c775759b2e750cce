"""The funder report for a period: people by gender, indicators, hours, completion, outcomes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import Workbook

from mentoring.bookings.group_models import GroupSeat, GroupSession
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.cell_safety import neutralise
from mentoring.consents import ATTRIBUTES, Consent
from mentoring.engagement.models import Indicators, Outcome
from mentoring.engagement.records import EDUCATION_LABELS, LABOUR_LABELS
from mentoring.engagement.sql import for_analytics, seconds_between
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.small_counts import cell, share
from mentoring.trainings.models import TrainingCompletion
from mentoring.users.models import UserRole
from mentoring.users.roles import Role
from mentoring.vocabulary import GENDERS

COMPLETED_REASONS = ("completed", "job", "studies")


@dataclass(frozen=True)
class ReportLine:
    section: str
    label: str
    value: str


def _in_period(programme_id: int, start: date, end: date) -> list[sa.ColumnElement[bool]]:
    """Enrolments of participants in the programme at any time in [start, end]."""
    participants = sa.select(UserRole.user_id).where(UserRole.role == Role.PARTICIPANT.value)
    return [
        Cohort.programme_id == programme_id,
        Enrollment.user_id.in_(participants),
        Enrollment.started_on <= end,
        sa.or_(Enrollment.ended_on.is_(None), Enrollment.ended_on >= start),
    ]


def _opted_in(user_id: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """The person has a current opt-in to gender and age band (never given or withdrawn: no).

    A gender or age band can be on record without it (an import, a coordinator's entry
    indicators): the report counts those people as "not given".
    """
    return (
        sa.select(Consent.id)
        .where(
            Consent.user_id == user_id,
            Consent.purpose == ATTRIBUTES,
            Consent.withdrawn_at.is_(None),
        )
        .exists()
    )


# The profile's gender where the person opted in to sharing it, else NULL.
SHARED_GENDER = sa.case((_opted_in(Profile.user_id), Profile.gender), else_=None).label("gender")


def _people_by_gender(programme_id: int, start: date, end: date) -> dict[str, int]:
    """Unique participants per gender ("" when not given): one aggregate, no rows per person."""
    rows = db.session.execute(
        sa.select(SHARED_GENDER, sa.func.count(sa.distinct(Enrollment.user_id)))
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(Profile, Profile.user_id == Enrollment.user_id)
        .where(*_in_period(programme_id, start, end))
        .group_by(SHARED_GENDER)
    ).all()
    counts: dict[str, int] = {}
    for gender, n in rows:  # no profile and no gender given both count as "not given"
        counts[gender or ""] = counts.get(gender or "", 0) + int(n)
    return counts


def _endings(programme_id: int, start: date, end: date) -> tuple[int, int]:
    """Enrolments that ended in the period, and how many of them were completed."""
    ended, completed = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(
                sa.func.sum(sa.case((Enrollment.end_reason.in_(COMPLETED_REASONS), 1), else_=0)),
                0,
            ),
        )
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(*_in_period(programme_id, start, end), Enrollment.ended_on.between(start, end))
    ).one()
    return int(ended), int(completed)


def _by_gender(query: sa.Select, user_column: sa.ColumnElement[int]) -> dict[str, float]:
    """Sum the query's single value per participant's gender ("" when not given)."""
    part = query.add_columns(user_column.label("person")).subquery()
    rows = db.session.execute(
        sa.select(SHARED_GENDER, sa.func.sum(part.c[0]))
        .select_from(part)
        .outerjoin(Profile, Profile.user_id == part.c.person)
        .group_by(SHARED_GENDER)
    )
    found: dict[str, float] = {}
    for gender, total in rows:
        found[gender or ""] = found.get(gender or "", 0.0) + float(total or 0)
    return found


def _hours(
    programme_id: int, user_ids: sa.Select, start: datetime, end: datetime
) -> tuple[dict[str, float], dict[str, float]]:
    """Attended hours and bank-training hours per gender, summed in the database.

    Attended: one-to-one sessions and group seats. Bank trainings: the minutes of the
    programme's trainings finished in the period.
    """
    one_to_one = sa.select(seconds_between(Booking.starts_at, Booking.ends_at)).where(
        Booking.participant_id.in_(user_ids),
        Booking.status == ACTIVE,
        Booking.attendance == "attended",
        Booking.starts_at >= start,
        Booking.starts_at < end,
    )
    group = (
        sa.select(seconds_between(GroupSession.starts_at, GroupSession.ends_at))
        .join(GroupSeat, GroupSeat.session_id == GroupSession.id)
        .where(
            GroupSeat.user_id.in_(user_ids),
            GroupSeat.attendance == "attended",
            GroupSession.starts_at >= start,
            GroupSession.starts_at < end,
        )
    )
    bank = sa.select(TrainingCompletion.minutes * 60).where(
        TrainingCompletion.programme_id == programme_id,
        TrainingCompletion.user_id.in_(user_ids),
        TrainingCompletion.completed_at >= start,
        TrainingCompletion.completed_at < end,
    )
    attended: dict[str, float] = {}
    for query, person in ((one_to_one, Booking.participant_id), (group, GroupSeat.user_id)):
        for gender, seconds in _by_gender(query, person).items():
            attended[gender] = attended.get(gender, 0.0) + seconds / 3600
    trainings = {
        gender: seconds / 3600
        for gender, seconds in _by_gender(bank, TrainingCompletion.user_id).items()
    }
    return attended, trainings


def _hour_lines(
    attended: dict[str, float], trainings: dict[str, float], genders: dict[str, int]
) -> list[ReportLine]:
    """Hours in all and by gender; a gender of fewer than 5 people shows "<5"."""
    session_hours, bank_hours = sum(attended.values()), sum(trainings.values())
    lines = [
        ReportLine(
            _("Hours"), _("Hours of mentoring and training attended"), f"{session_hours:.1f}"
        ),
        ReportLine(_("Hours"), _("Hours of bank trainings finished"), f"{bank_hours:.1f}"),
        ReportLine(_("Hours"), _("Training hours in all"), f"{session_hours + bank_hours:.1f}"),
    ]
    for key, label in [*GENDERS.items(), ("", _("Not given"))]:
        hours = attended.get(key, 0.0) + trainings.get(key, 0.0)
        value = f"{hours:.1f}" if genders.get(key, 0) >= 5 or not hours else "<5"
        lines.append(ReportLine(_("Training hours by gender"), str(label), value))
    return lines


# The recorded codes in the reader's words (age bands are words already).
VALUE_LABELS = {"labour_status": LABOUR_LABELS, "education_level": EDUCATION_LABELS}


def _indicator_lines(enrolment_ids: sa.Select) -> list[ReportLine]:
    columns = ["stage", "labour_status", "education_level", "age_band"]
    age_band = sa.case((_opted_in(Enrollment.user_id), Indicators.age_band), else_=None)
    # Counts per combination (a few hundred at most), not a row per enrolment.
    frame = pd.DataFrame(
        db.session.execute(
            sa.select(
                Indicators.stage,
                Indicators.labour_status,
                Indicators.education_level,
                age_band,
                sa.func.count(),
            )
            .join(Enrollment, Enrollment.id == Indicators.enrolment_id)
            .where(Indicators.enrolment_id.in_(enrolment_ids))
            .group_by(
                Indicators.stage,
                Indicators.labour_status,
                Indicators.education_level,
                age_band,
            )
        ).all(),
        columns=[*columns, "n"],
    )
    lines = []
    names = {
        "labour_status": _("labour-market status"),
        "education_level": _("education level"),
        "age_band": _("age band"),
    }
    for stage, stage_label in (("entry", _("At entry")), ("exit", _("At exit"))):
        part = frame[frame["stage"] == stage]
        for column, name in names.items():
            counts = part.dropna(subset=[column]).groupby(column)["n"].sum().sort_index()
            labels = VALUE_LABELS.get(column, {})
            for value, n in counts.items():
                label = str(labels.get(str(value), value))
                lines.append(ReportLine(f"{stage_label}: {name}", label, cell(int(n))))
    return lines


def funder_report(programme_id: int, start: date, end: date) -> list[ReportLine]:
    """The lines of the funder report for participants enrolled at any time in [start, end]."""
    for_analytics()
    genders = _people_by_gender(programme_id, start, end)
    unique = sum(genders.values())
    lines = [ReportLine(_("Participants"), _("Unique participants"), cell(unique))]
    for key, label in [*GENDERS.items(), ("", _("Not given"))]:
        lines.append(
            ReportLine(_("Participants by gender"), str(label), cell(int(genders.get(key, 0))))
        )
    # Subqueries, not lists of ids: 100,000 bound parameters cost more than the query.
    enrolments = (
        sa.select(Enrollment.id, Enrollment.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(*_in_period(programme_id, start, end))
    )
    user_ids = sa.select(enrolments.subquery().c.user_id)
    lines += _indicator_lines(sa.select(enrolments.subquery().c.id))
    attended, trainings = _hours(
        programme_id,
        user_ids,
        datetime.combine(start, time()),
        datetime.combine(end + timedelta(days=1), time()),
    )
    lines += _hour_lines(attended, trainings, genders)
    ended, completed = _endings(programme_id, start, end)
    lines.append(ReportLine(_("Completion"), _("Ended in the period"), cell(ended)))
    lines.append(ReportLine(_("Completion"), _("Completed"), cell(completed)))
    lines.append(ReportLine(_("Completion"), _("Share who completed"), share(completed, ended)))
    reached = (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Outcome.user_id))).where(
                Outcome.programme_id == programme_id,
                Outcome.user_id.in_(user_ids),
                Outcome.achieved_on.between(start, end),
            )
        )
        or 0
    )
    lines.append(ReportLine(_("Outcomes"), _("Reached an outcome"), cell(reached)))
    lines.append(
        ReportLine(_("Outcomes"), _("Share who reached an outcome"), share(reached, unique))
    )
    return lines


def as_csv(lines: list[ReportLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Section"), _("Item"), _("Value")])
    writer.writerows(
        [neutralise(line.section), neutralise(line.label), line.value] for line in lines
    )
    return out.getvalue()


def as_xlsx(lines: list[ReportLine], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([_("Section"), _("Item"), _("Value")])
    for line in lines:
        value: str | float = line.value
        if value.replace(".", "", 1).isdigit():
            value = float(value) if "." in value else int(value)
        sheet.append([line.section, line.label, value])
        for text_cell in sheet[sheet.max_row][:2]:
            text_cell.data_type = "s"  # text stays text, even one starting with "=" (no formula)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
