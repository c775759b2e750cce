"""The site menu: at most six entries per person, the rest under "More", account items apart.

Entries are listed once, in priority order, with the roles that see them. An area adds its
page by adding an entry here; an entry whose endpoint the app does not have (an area not
installed) is left out, so the list may name pages of areas still being built.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

MAX_TOP = 6
PEOPLE = frozenset({"participant", "mentor", "ambassador", "coach"})
PROFILE = frozenset({"participant", "mentor", "ambassador"})
HOSTS = frozenset({"mentor", "ambassador", "coach"})
STAFF = frozenset({"admin", "coordinator", "coach"})
MANAGERS = frozenset({"admin", "coordinator"})
EVERYONE = frozenset({"participant", "mentor", "ambassador", "coach", "coordinator", "admin"})


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: object  # a lazy string
    roles: frozenset[str]


#: Highest priority first; the first six a person may see are their top entries.
ENTRIES = (
    Entry("home.index", _l("Home"), EVERYONE | {"manager"}),
    Entry("groups.mine", _l("My matches"), PROFILE),
    Entry("bookings.index", _l("My sessions"), PEOPLE),
    Entry("conversations.index", _l("Messages"), PEOPLE),
    Entry("ambassadors.learners", _l("My learners"), frozenset({"ambassador"})),
    Entry("programmes.index", _l("Programmes"), STAFF),
    Entry("engagement.index", _l("Engagement"), MANAGERS),
    Entry("managers.index", _l("My units"), frozenset({"manager"})),
    Entry("admin.users", _l("Accounts"), frozenset({"admin"})),
    Entry("profiles.edit", _l("My profile"), PROFILE),
    Entry("feedback.index", _l("Feedback"), frozenset({"participant"})),
    Entry("competence.gaps", _l("My skills and gaps"), frozenset({"participant"})),
    Entry("matches.tools", _l("My digital tools"), frozenset({"participant"})),
    Entry("trainings.index", _l("Training bank"), EVERYONE),
    Entry("booking_hosts.edit", _l("My availability for sessions"), HOSTS),
    Entry("profiles.availability", _l("My availability"), PROFILE),
    Entry("roster.invite", _l("Invite"), MANAGERS),
    Entry("notices.outbox", _l("Outbox"), frozenset({"admin"})),
    Entry("audit.index", _l("Audit log"), frozenset({"admin"})),
    Entry("privacy.erasures", _l("Erasure requests"), frozenset({"admin"})),
    Entry("privacy.purge_preview", _l("Data retention"), frozenset({"admin"})),
)
#: The person's own menu: about their account, for everyone.
ACCOUNT = (
    Entry("invitations.index", _l("Invitations"), EVERYONE | {"manager"}),
    Entry("notices.preferences", _l("Email reminders"), EVERYONE | {"manager"}),
    Entry("accounts.settings", _l("Settings"), EVERYONE | {"manager"}),
    Entry("privacy.index", _l("My data"), EVERYONE | {"manager"}),
)


@dataclass(frozen=True)
class Link:
    href: str
    label: Markup
    current: bool


Menu = dict[str, tuple[Link, ...]]
_NOBODY: Menu = {"top": (), "more": (), "account": ()}


def _links(entries: tuple[Entry, ...], roles: frozenset[str]) -> tuple[Link, ...]:
    known = current_app.view_functions
    here = request.endpoint
    return tuple(
        # Markup, as the lazy label gives it to the template: our own catalogue's text.
        Link(url_for(e.endpoint), Markup(str(e.label)), e.endpoint == here)  # nosec B704
        for e in entries
        if e.endpoint in known and roles & e.roles
    )


def menu() -> Menu:
    """The signed-in person's menu: ``top`` (six at most), ``more`` and ``account``.

    The same for everyone with the same roles on the same page in the same language: made
    once per application and kept (a few dozen links' ``url_for`` and translations were a
    tenth of a profile page's rendering).
    """
    if not current_user.is_authenticated:
        return _NOBODY
    roles = frozenset(str(role) for role in current_user.roles)
    key = (roles, request.endpoint, str(get_locale()), request.script_root)
    menus: dict[tuple[object, ...], Menu] = current_app.extensions.setdefault("menus", {})
    found = menus.get(key)
    if found is None:
        links = _links(ENTRIES, roles)
        found = menus[key] = {
            "top": links[:MAX_TOP],
            "more": links[MAX_TOP:],
            "account": _links(ACCOUNT, roles),
        }
    return found
