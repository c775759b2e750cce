"""People keep their profile and weekly availability; bad input is shown and changes nothing."""

from __future__ import annotations

from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.profiles.services import profile_of
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.querycount import counting

CATALOGUE = ["Outlook", "Teams", "Python"]


def _form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "bio": "I like spreadsheets.",
        "goals": ["employment", "studies"],
        "goal_field": "accounting",
        "interests": "chess, running",
        "municipality": "Espoo",
        "meeting_format": "remote",
        "capacity": "1",
        "lang_fi": "native",
        "lang_en": "good",
        "want_2": "3",
        "offer_0": "4",
        "extra_want": "Photoshop: 2",
        "gender": "woman",
        "age_band": "25-29",
    }
    form.update(overrides)
    return form


def _participant(client: FlaskClient):  # type: ignore[no-untyped-def]
    user = make_user(Role.PARTICIPANT)
    enrol(user, make_cohort(make_programme(catalogue=CATALOGUE)))
    AuthActions(client).login(user.email)
    return user


def test_participant_saves_profile(client: FlaskClient) -> None:
    user = _participant(client)
    response = client.post("/profile", data=_form())
    assert response.status_code == 302
    profile = profile_of(user)
    assert profile is not None
    assert profile.skills_by_direction("want") == {"Python": 3, "Photoshop": 2}
    assert profile.skills_by_direction("offer") == {"Outlook": 4}
    assert {row.language: row.level for row in profile.languages} == {"fi": "native", "en": "good"}
    assert profile.goals == ["employment", "studies"]
    assert profile.interests == ["chess", "running"]
    assert (profile.gender, profile.age_band, profile.municipality) == ("woman", "25-29", "Espoo")
    page = client.get("/profile").get_data(as_text=True)
    assert "I like spreadsheets." in page and "Photoshop: 2" in page


def test_profile_can_be_saved_again_with_the_same_skills(client: FlaskClient) -> None:
    user = _participant(client)
    make_profile(user, wants={"Python": 1}, offers={"Outlook": 2}, languages=("fi",))
    assert client.post("/profile", data=_form()).status_code == 302
    assert client.post("/profile", data=_form(want_2="5")).status_code == 302
    profile = profile_of(user)
    assert profile is not None
    assert profile.skills_by_direction("want") == {"Python": 5, "Photoshop": 2}
    assert profile.skills_by_direction("offer") == {"Outlook": 4}


def test_profile_errors_are_shown_inline_and_nothing_is_saved(client: FlaskClient) -> None:
    user = _participant(client)
    response = client.post(
        "/profile",
        data=_form(
            lang_fi="",
            lang_en="",
            want_2="9",
            extra_want="Photoshop",
            age_band="12-13",
            capacity="x",
        ),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in (
        "Choose at least one language",
        "Choose a level from 1 to 5",
        "Not understood: Photoshop",
        "Choose an age band from the list",
        "Give a whole number from 0 to 10",
    ):
        assert message in page
    assert 'id="want_2"' in page and 'aria-invalid="true"' in page
    assert profile_of(user) is None


def test_optional_attributes_can_be_left_empty(client: FlaskClient) -> None:
    user = _participant(client)
    client.post("/profile", data=_form(gender="", age_band=""))
    profile = profile_of(user)
    assert profile is not None and profile.gender is None and profile.age_band is None
    assert "We use them only to balance groups" in client.get("/profile").get_data(as_text=True)


def test_availability_is_saved_from_the_week_grid(client: FlaskClient) -> None:
    user = _participant(client)
    response = client.post("/profile/availability", data={"hours": ["9", "10", "33", "9"]})
    assert response.status_code == 302
    assert profile_of(user).availability == [9, 10, 33]  # type: ignore[union-attr]
    page = client.get("/profile/availability").get_data(as_text=True)
    assert 'value="33" id="h33" aria-label="Tuesday 09:00" checked' in page


def test_availability_outside_the_week_is_refused(client: FlaskClient) -> None:
    user = _participant(client)
    make_profile(user, availability=[1, 2])
    response = client.post("/profile/availability", data={"hours": ["9", "168"]})
    assert response.status_code == 422
    assert profile_of(user).availability == [1, 2]  # type: ignore[union-attr]


def test_bio_with_html_is_shown_as_text(client: FlaskClient) -> None:
    user = _participant(client)
    client.post("/profile", data=_form(bio="<script>alert(1)</script>"))
    page = client.get(f"/profiles/{user.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_skill_form_offers_the_programme_catalogue(client: FlaskClient) -> None:
    _participant(client)
    page = client.get("/profile").get_data(as_text=True)
    for skill in CATALOGUE:
        assert f">{skill}</th>" in page


def test_participant_can_ask_for_a_mentor_of_their_own_gender(client: FlaskClient) -> None:
    user = _participant(client)
    client.post("/profile", data=_form(same_gender_mentor="1"))
    assert profile_of(user).same_gender_mentor is True  # type: ignore[union-attr]
    assert 'id="same_gender_mentor" name="same_gender_mentor" value="1" checked' in client.get(
        "/profile"
    ).get_data(as_text=True)
    client.post("/profile", data=_form())
    assert profile_of(user).same_gender_mentor is False  # type: ignore[union-attr]


def test_home_counts_the_profile_skills_and_hours_or_asks_to_fill_it_in(
    client: FlaskClient,
) -> None:
    user = _participant(client)
    assert "Fill in your profile" in client.get("/").get_data(as_text=True)
    make_profile(user, wants={"Python": 2, "Excel": 3}, offers={"Teams": 4}, availability=[9, 10])
    page = client.get("/").get_data(as_text=True)
    assert "Your profile has 3 skills and 2 hours a week of availability." in page


def test_a_profile_is_read_with_its_skills_and_languages_in_one_statement_in_order(
    client: FlaskClient,
) -> None:
    person = make_user(Role.PARTICIPANT)
    stored = make_profile(
        person,
        offers={"Teams": 2, "Excel": 4},
        wants={"Python": 1, "Access": 3},
        languages=("sv", "ar", "fi"),
    )
    assert person.id  # loaded before counting
    db.session.expunge(stored)  # with its skills and languages: read afresh
    with counting(db.engine) as seen:
        profile = profile_of(person)
        assert profile is not None
        skills = [(s.direction, s.name) for s in profile.skills]
        languages = [row.language for row in profile.languages]
    assert len(seen) == 1, seen.summary()
    names = ["Access", "Excel", "Python", "Teams"]
    assert [name for _, name in skills] == names
    assert dict((name, direction) for direction, name in skills)["Excel"] == "offer"
    assert languages == ["ar", "fi", "sv"]
