"""Fixed lists the forms offer, with translatable labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GOALS = {
    "employment": _l("Employment in a field"),
    "internship": _l("Work trial or internship"),
    "studies": _l("Studies"),
    "own_company": _l("Start my own company"),
    "digital_confidence": _l("Digital confidence"),
}

LANGUAGES = {
    "sv": _l("Swedish"),
    "fi": _l("Finnish"),
    "en": _l("English"),
    "ar": _l("Arabic"),
    "so": _l("Somali"),
    "fa": _l("Persian"),
    "ti": _l("Tigrinya"),
    "uk": _l("Ukrainian"),
    "ru": _l("Russian"),
    "es": _l("Spanish"),
    "tr": _l("Turkish"),
    "pl": _l("Polish"),
}

LANGUAGE_LEVELS = {
    "basic": _l("Basic"),
    "good": _l("Good"),
    "fluent": _l("Fluent"),
    "native": _l("Native"),
}

MEETING_FORMATS = {
    "either": _l("In person or remote"),
    "in_person": _l("In person only"),
    "remote": _l("Remote only"),
}

AGE_BANDS = ("18-24", "25-29", "30-39", "40-49", "50-54", "55-64", "65+")

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
}

END_REASONS = {
    "completed": _l("Completed"),
    "job": _l("Got a job"),
    "studies": _l("Started studies"),
    "moved": _l("Moved away"),
    "dropped_out": _l("Dropped out"),
    "other": _l("Other"),
}

UI_LANGUAGES = {"sv": "Svenska", "fi": "Suomi", "en": "English", "ar": "العربية"}

TIMEZONES = ("Europe/Stockholm", "Europe/Helsinki", "Europe/Oslo", "Europe/Copenhagen", "UTC")

OFFICE_TOOLS = (
    "Outlook",
    "Teams",
    "Excel",
    "Word",
    "SharePoint",
    "Payroll app",
    "Case management system",
    "Digital signing (BankID)",
)
IT_SKILLS = ("Python", "SQL", "AWS", "Azure", "IT support", "Web development")
CAREER_SKILLS = (
    "CV writing",
    "Job interviews",
    "Swedish for work",
    "Finnish for work",
    "Project management",
    "Customer service",
)
DEFAULT_SKILL_CATALOGUE = OFFICE_TOOLS + IT_SKILLS + CAREER_SKILLS

DAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
