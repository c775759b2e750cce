"""The demo's workplace programme, *Digitalt medarbetarskap*, for a municipality.

Two departments with eight units, six occupational groups with knowledge goals, about 400
employees (mostly women), ten digital ambassadors, self-assessments before and after, and a
demo manager who heads the two home-care units.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from mentoring.extensions import db
from mentoring.profiles.models import Profile, ProfileLanguage, ProfileSkill
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.programmes.organisation import ManagerUnit, Occupation, Organisation, OrgUnit
from mentoring.users.models import User
from mentoring.users.roles import Role
from mentoring.workplace.models import AssessmentRound, KnowledgeGoal, SelfAssessment

if TYPE_CHECKING:
    from mentoring.demo.seed import _Builder

PROGRAMME_NAME = "Digitalt medarbetarskap"
ORGANISATION_NAME = "Solvik kommun"
CARE, PRESCHOOL = "Omvårdnadsförvaltningen", "Förskoleförvaltningen"
DEPARTMENTS = {
    CARE: (
        "Hemtjänst Norr",
        "Hemtjänst Söder",
        "Ekbackens vård- och omsorgsboende",
        "Hemsjukvården",
    ),
    PRESCHOOL: ("Förskolan Solrosen", "Förskolan Tallen", "Förskolan Ängen", "Förskolan Bäcken"),
}
# (occupation, share of the department's staff)
STAFFING = {
    CARE: (("Undersköterska", 0.6), ("Vårdbiträde", 0.25), ("Sjuksköterska", 0.1), ("Chef", 0.05)),
    PRESCHOOL: (("Förskollärare", 0.45), ("Barnskötare", 0.5), ("Chef", 0.05)),
}
GOALS = {
    "Undersköterska": {
        "Dokumentationssystemet": 3,
        "Avvikelserapportering": 3,
        "Outlook": 2,
        "Teams": 2,
        "Schemaappen": 3,
    },
    "Vårdbiträde": {
        "Dokumentationssystemet": 2,
        "Avvikelserapportering": 2,
        "Outlook": 2,
        "Schemaappen": 3,
    },
    "Sjuksköterska": {
        "Dokumentationssystemet": 4,
        "Avvikelserapportering": 4,
        "Outlook": 3,
        "Teams": 3,
        "Schemaappen": 3,
    },
    "Förskollärare": {"Lärplattformen": 4, "Outlook": 3, "Teams": 3, "OneDrive": 3},
    "Barnskötare": {"Lärplattformen": 3, "Outlook": 2, "Teams": 2, "Schemaappen": 3},
    "Chef": {
        "Outlook": 4,
        "Teams": 4,
        "OneDrive": 4,
        "Avvikelserapportering": 4,
        "Dokumentationssystemet": 3,
    },
}
# A unit's own goal overrides the occupation's: home nursing documents more.
UNIT_GOALS = (("Hemsjukvården", "Sjuksköterska", "Dokumentationssystemet", 5),)
GENDERS = (("woman", 0.87), ("man", 0.11), (None, 0.02))
BEFORE, AFTER = date(2026, 8, 24), date(2026, 11, 30)
# Weekdays 08-16: trainings happen at work.
WORKING_HOURS = tuple(day * 24 + hour for day in range(5) for hour in range(8, 16))
MANAGED_UNITS = ("Hemtjänst Norr", "Hemtjänst Söder")


def seed_workplace(
    b: _Builder, *, employees: int, ambassadors: int, coordinator: User, manager_email: str
) -> Programme:
    """Create the workplace programme with its organisation, people and assessments."""
    programme = Programme(
        name=PROGRAMME_NAME,
        timezone="Europe/Stockholm",
        default_meeting_format="in_person",
        description="Digitala kompetensledare lär kollegor de digitala verktygen i jobbet.",
        languages=["sv", "fi", "en"],
        skill_catalogue=sorted({tool for goals in GOALS.values() for tool in goals}),
        tool_goals={},
    )
    organisation = Organisation(name=ORGANISATION_NAME)
    cohort = Cohort(
        programme=programme, name="Medarbetare 2026", starts_on=BEFORE, ends_on=date(2027, 6, 30)
    )
    db.session.add_all([programme, organisation, cohort])
    db.session.add(ProgrammeStaff(programme=programme, user=coordinator))
    db.session.flush()
    programme.organisation_id = organisation.id
    units = _units(organisation)
    jobs = {name: Occupation(programme_id=programme.id, name=name) for name in GOALS}
    db.session.add_all(jobs.values())
    db.session.flush()
    _goals(programme, units, jobs)
    rounds = [
        AssessmentRound(programme_id=programme.id, number=n, starts_on=day)
        for n, day in ((1, BEFORE), (2, AFTER))
    ]
    db.session.add_all(rounds)
    db.session.flush()
    answers: list[tuple[User, AssessmentRound, dict[str, int], Enrollment, dict[str, int]]] = []
    for index in range(employees):
        answers += _employee(b, cohort, units, jobs, rounds, ambassador=index < ambassadors)
    db.session.flush()  # the employees' ids, once
    db.session.add_all(
        SelfAssessment(
            round_id=round_.id,
            user_id=user.id,
            tool=tool,
            level=level,
            assessed_at=datetime.combine(round_.starts_on, time(9)),
            unit_id=placed.unit_id,
            occupation_id=placed.occupation_id,
            goal=goals[tool],
        )
        for user, round_, levels, placed, goals in answers
        for tool, level in levels.items()
    )
    manager, _ = b.person({Role.MANAGER}, email=manager_email)
    db.session.flush()
    db.session.add_all(ManagerUnit(user_id=manager.id, unit_id=units[n].id) for n in MANAGED_UNITS)
    return programme


def _units(organisation: Organisation) -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for department, children in DEPARTMENTS.items():
        top = OrgUnit(organisation_id=organisation.id, name=department)
        db.session.add(top)
        db.session.flush()
        units[department] = top
        for name in children:
            units[name] = OrgUnit(organisation_id=organisation.id, parent_id=top.id, name=name)
            db.session.add(units[name])
    db.session.flush()
    return units


def _goals(programme: Programme, units: dict[str, OrgUnit], jobs: dict[str, Occupation]) -> None:
    for job, goals in GOALS.items():
        for tool, level in goals.items():
            db.session.add(
                KnowledgeGoal(
                    programme_id=programme.id, occupation_id=jobs[job].id, tool=tool, level=level
                )
            )
    for unit, job, tool, level in UNIT_GOALS:
        db.session.add(
            KnowledgeGoal(
                programme_id=programme.id,
                occupation_id=jobs[job].id,
                unit_id=units[unit].id,
                tool=tool,
                level=level,
            )
        )


def _employee(
    b: _Builder,
    cohort: Cohort,
    units: dict[str, OrgUnit],
    jobs: dict[str, Occupation],
    rounds: list[AssessmentRound],
    *,
    ambassador: bool,
) -> list[tuple[User, AssessmentRound, dict[str, int], Enrollment, dict[str, int]]]:
    rng = b.rng
    department = CARE if rng.random() < 0.55 else PRESCHOOL
    unit = units[rng.choice(DEPARTMENTS[department])]
    job = str(b.pick(STAFFING[department]))
    roles = {Role.AMBASSADOR} if ambassador else {Role.PARTICIPANT}
    user, locale = b.person(roles)
    goals = dict(GOALS[job])
    if unit.name == "Hemsjukvården" and job == "Sjuksköterska":
        goals["Dokumentationssystemet"] = 5
    profile = Profile(
        user=user,
        goals=[],
        interests=[],
        availability=list(WORKING_HOURS),
        capacity=rng.randint(3, 6) if ambassador else 0,
        meeting_format="in_person",
        gender=b.pick(GENDERS),  # type: ignore[arg-type]
    )
    profile.languages = [ProfileLanguage(language=locale, level="native")]
    if ambassador:
        profile.skills = [
            ProfileSkill(name=tool, direction="offer", level=rng.randint(4, 5)) for tool in goals
        ]
    db.session.add(profile)
    placed = Enrollment(
        cohort=cohort,
        user=user,
        started_on=cohort.starts_on,
        unit_id=unit.id,
        occupation_id=jobs[job].id,
    )
    db.session.add(placed)
    found = _assessments(b, goals, rounds, expert=ambassador)
    return [(user, r, levels, placed, goals) for r, levels in found]


def _assessments(
    b: _Builder, goals: dict[str, int], rounds: list[AssessmentRound], *, expert: bool
) -> list[tuple[AssessmentRound, dict[str, int]]]:
    """Levels before (most answered) and after (most of them again, a little better)."""
    rng = b.rng
    if rng.random() > 0.92 and not expert:
        return []
    before = {
        tool: 5 if expert else max(1, min(5, goal - rng.choice((-1, 0, 0, 1, 1, 2, 2, 3))))
        for tool, goal in goals.items()
    }
    answers = [(rounds[0], before)]
    if expert or rng.random() < 0.7:
        after = {tool: min(5, level + rng.choice((0, 1, 1, 2))) for tool, level in before.items()}
        answers.append((rounds[1], after))
    return answers
