"""People agree to a versioned privacy notice before using the app; gender and age opt in."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.audit.models import AuditLog
from mentoring.consents import ATTRIBUTES, TERMS, Consent
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.profiles.services import profile_of
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import agree, enrol, make_cohort, make_profile, make_programme, make_user

PROFILE_FORM = {
    "bio": "I like spreadsheets.",
    "meeting_format": "remote",
    "capacity": "1",
    "lang_sv": "native",
    "gender": "woman",
    "age_band": "25-29",
    "same_gender_mentor": "1",
}


def consents(user_id: int, purpose: str = TERMS) -> list[Consent]:
    query = sa.select(Consent).where(Consent.user_id == user_id, Consent.purpose == purpose)
    return list(db.session.scalars(query.order_by(Consent.id)))


def actions(user_id: int) -> list[str]:
    query = sa.select(AuditLog.action).where(AuditLog.subject_user_id == user_id)
    return list(db.session.scalars(query.order_by(AuditLog.id)))


def newcomer(client: FlaskClient, **kwargs: object):  # type: ignore[no-untyped-def]
    """A participant enrolled in a programme who signs in for the first time."""
    user = make_user(Role.PARTICIPANT, consented=False, **kwargs)  # type: ignore[arg-type]
    programme = make_programme(name="Digital Bridge")
    programme.retention_months = 36
    enrol(user, make_cohort(programme))
    AuthActions(client).login(user.email)
    return user


@pytest.mark.parametrize(
    "path", ["/", "/profile", "/my/matches", "/sessions", "/account", "/notifications/preferences"]
)
def test_every_page_sends_a_newcomer_to_the_notice(client: FlaskClient, path: str) -> None:
    newcomer(client)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/consent?next=")
    assert path in response.headers["Location"]


def test_a_form_sent_before_agreeing_changes_nothing(client: FlaskClient) -> None:
    user = newcomer(client)
    response = client.post("/profile", data=PROFILE_FORM)
    assert response.status_code == 302 and response.headers["Location"] == "/consent"
    assert profile_of(user) is None


def test_the_notice_signing_out_language_and_ones_own_data_stay_open(
    client: FlaskClient,
) -> None:
    newcomer(client)
    page = client.get("/consent").get_data(as_text=True)
    assert "What we store" in page and "Who sees it" in page and "Why" in page
    assert "Digital Bridge: 36 months after your time in the programme ends." in page
    assert client.get("/my-data").status_code == 200
    with client.get("/static/style.css") as static:
        assert static.status_code == 200
    assert client.post("/language", data={"locale": "sv", "next": "/consent"}).status_code == 302
    assert client.post("/logout").status_code == 302
    assert client.get("/consent").status_code == 302  # signed out: to the sign-in page


def test_agreeing_records_the_version_and_time_and_opens_the_app(
    app: Flask, client: FlaskClient
) -> None:
    user = newcomer(client)
    response = client.post("/consent?next=/my/matches", data={})
    assert response.status_code == 302 and response.headers["Location"] == "/my/matches"
    [row] = consents(user.id)
    assert (row.version, row.withdrawn_at) == (app.config["CONSENT_VERSION"], None)
    assert row.given_at is not None
    assert client.get("/").status_code == 200
    assert "privacy.consented" in actions(user.id)
    entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "privacy.consented"))
    assert entry is not None and entry.details == {"version": app.config["CONSENT_VERSION"]}
    page = client.get("/my-data").get_data(as_text=True)
    assert "You agreed to how we use your data on" in page
    assert "You agreed to this on" in client.get("/consent").get_data(as_text=True)
    client.post("/consent", data={})
    assert len(consents(user.id)) == 1, "agreeing again to the same version records nothing new"


def test_a_new_version_of_the_notice_asks_everyone_again(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    assert client.get("/").status_code == 200
    first = app.config["CONSENT_VERSION"]
    app.config["CONSENT_VERSION"] = first + 1
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/consent")
    assert "We have changed how we describe the use of your data" in client.get("/consent").text
    client.post("/consent", data={"share_attributes": "y"})
    assert [row.version for row in consents(user.id)] == [first, first + 1], "history kept"
    assert client.get("/").status_code == 200


def test_without_the_opt_in_the_profile_neither_shows_nor_stores_gender_and_age(
    client: FlaskClient,
) -> None:
    user = newcomer(client)
    client.post("/consent", data={})
    assert consents(user.id, ATTRIBUTES) == []
    page = client.get("/profile").get_data(as_text=True)
    assert 'id="gender"' not in page and 'id="age_band"' not in page
    assert "You have not allowed us to store your gender and age band" in page
    assert client.post("/profile", data=PROFILE_FORM).status_code == 302
    profile = profile_of(user)
    assert profile is not None and profile.bio == "I like spreadsheets."
    assert (profile.gender, profile.age_band, profile.same_gender_mentor) == (None, None, False)


def test_with_the_opt_in_the_profile_shows_and_stores_them(client: FlaskClient) -> None:
    user = newcomer(client)
    client.post("/consent", data={"share_attributes": "y"})
    assert len(consents(user.id, ATTRIBUTES)) == 1
    assert 'id="gender"' in client.get("/profile").get_data(as_text=True)
    client.post("/profile", data=PROFILE_FORM)
    profile = profile_of(user)
    assert profile is not None
    assert (profile.gender, profile.age_band, profile.same_gender_mentor) == (
        "woman",
        "25-29",
        True,
    )


def test_withdrawing_the_opt_in_clears_the_stored_values_and_says_so(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    user = make_user(Role.PARTICIPANT)
    make_profile(user)
    auth.login(user.email)
    client.post("/profile", data=PROFILE_FORM)
    page = client.get("/my-data").get_data(as_text=True)
    assert "If you withdraw this, we remove them from your profile at once." in page
    response = client.post("/my-data/attributes", data={"share": "0"}, follow_redirects=True)
    assert "We no longer store your gender and age band, and removed what we had." in response.text
    profile = profile_of(user)
    assert profile is not None
    assert (profile.gender, profile.age_band, profile.same_gender_mentor) == (None, None, False)
    [row] = consents(user.id, ATTRIBUTES)
    assert row.withdrawn_at is not None
    assert "privacy.attributes_withdrawn" in actions(user.id)
    client.post("/profile", data=PROFILE_FORM)
    assert profile_of(user).gender is None  # type: ignore[union-attr]
    client.post("/my-data/attributes", data={"share": "1"})
    assert [r.withdrawn_at is None for r in consents(user.id, ATTRIBUTES)] == [False, True]


def test_agreeing_without_the_opt_in_removes_attributes_entered_for_the_person(
    client: FlaskClient,
) -> None:
    user = newcomer(client)
    db.session.add(Profile(user_id=user.id, gender="man", age_band="30-39"))  # e.g. an import
    db.session.commit()
    client.post("/consent", data={})
    profile = profile_of(user)
    assert profile is not None and (profile.gender, profile.age_band) == (None, None)


def test_the_api_refuses_a_person_without_consent_with_a_json_403(client: FlaskClient) -> None:
    user = newcomer(client)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.get_json()["error"] == "consent_required"
    assert "privacy notice" in response.get_json()["message"]
    refused = client.post("/api/v1/bookings", json={"host_id": 1})
    assert refused.status_code == 403 and refused.get_json()["error"] == "consent_required"
    assert client.get("/api/v1/health").status_code == 200
    agree(user)
    assert client.get("/api/v1/me").get_json()["email"] == user.email


def test_staff_agree_too(client: FlaskClient, auth: AuthActions) -> None:
    admin = make_user(Role.ADMIN, consented=False)
    auth.login(admin.email)
    assert client.get("/admin/users").headers["Location"].startswith("/consent")
    page = client.get("/consent").get_data(as_text=True)
    assert "As long as you have an account here." in page
    client.post("/consent", data={})
    assert client.get("/admin/users").status_code == 200
