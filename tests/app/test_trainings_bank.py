"""The training bank: publishing, editing, the list by tool, attachments, marking done."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.trainings.models import Training, TrainingCompletion, TrainingQuestion
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_programme, make_user
from tests.privacy_checks import database_fingerprint
from tests.trainings_factories import make_training

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Bank:
    def __init__(self) -> None:
        self.coordinator = make_user(Role.COORDINATOR)
        self.programme = make_programme(staff=(self.coordinator,))
        cohort = make_cohort(self.programme)
        self.ambassador = make_user(Role.AMBASSADOR)
        self.learner = make_user(Role.PARTICIPANT)
        for person in (self.ambassador, self.learner):
            enrol(person, cohort)
        self.other = make_programme()
        self.outsider = make_user(Role.PARTICIPANT)
        enrol(self.outsider, make_cohort(self.other))


@pytest.fixture
def bank(app: Flask, tmp_path: Path) -> Bank:
    app.config["TRAINING_FILES_DIR"] = str(tmp_path / "files")
    return Bank()


def _form(programme: Programme, **changes: object) -> dict[str, object]:
    return {
        "programme_id": str(programme.id),
        "title": "Boka ett möte i Outlook",
        "tool": "Outlook",
        "level": "2",
        "minutes": "15",
        "steps": "Öppna kalendern\nVälj Nytt möte",
        "video_link": "https://video.example.org/outlook",
        "pass_mark": "3",
        "questions_per_attempt": "3",
        "time_limit_minutes": "20",
        **changes,
    }


def _switch(client: FlaskClient, user: User) -> None:
    client.post("/logout")
    AuthActions(client).login(user.email)


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_an_ambassador_publishes_a_training_in_their_programme(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    auth.login(bank.ambassador.email)
    response = client.post("/trainings/new", data=_form(bank.programme))
    assert response.status_code == 302
    training = db.session.scalar(sa.select(Training))
    assert training is not None and training.author_id == bank.ambassador.id
    assert training.steps == "Öppna kalendern\nVälj Nytt möte" and training.level == 2
    page = client.get(f"/trainings/{training.id}").get_data(as_text=True)
    assert "Välj Nytt möte" in page and 'href="https://video.example.org/outlook"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"video_link": "javascript://%0aalert(1)"}, "A video link starts with https://"),
        ({"title": "x" * 201}, "Keep it under 200 characters."),
        ({"tool": "y" * 101}, "Keep it under 100 characters."),
        ({"steps": "z" * 10_001}, "Keep it under 10000 characters."),
        ({"level": "6"}, "Choose a level from 1 to 5."),
        ({"minutes": "0"}, "A training is 1 to 240 minutes."),
        ({"title": "  "}, "Please enter a title."),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
    client: FlaskClient, auth: AuthActions, bank: Bank, changes: dict[str, str], message: str
) -> None:
    auth.login(bank.ambassador.email)
    response = client.post("/trainings/new", data=_form(bank.programme, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(Training) == 0


def test_nobody_publishes_in_a_programme_of_others(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    auth.login(bank.ambassador.email)
    response = client.post("/trainings/new", data=_form(bank.other))
    assert response.status_code == 422 and "Choose one of your programmes." in response.text
    assert _count(Training) == 0
    _switch(client, bank.learner)
    assert client.post("/trainings/new", data=_form(bank.programme)).status_code == 403


def test_the_list_shows_the_own_programmes_trainings_filtered_by_tool(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    make_training(bank.programme, title="Skicka e-post", tool="Outlook")
    make_training(bank.programme, title="Starta ett Teams-möte", tool="Teams")
    make_training(bank.other, title="Annat program", tool="Outlook")
    auth.login(bank.learner.email)
    page = client.get("/trainings").get_data(as_text=True)
    assert "Skicka e-post" in page and "Starta ett Teams-möte" in page
    assert "Annat program" not in page
    page = client.get("/trainings?tool=outlook").get_data(as_text=True)
    assert "Skicka e-post" in page and "Starta ett Teams-möte" not in page
    listed = client.get("/api/v1/trainings?tool=Teams").get_json()["trainings"]
    assert [t["title"] for t in listed] == ["Starta ett Teams-möte"]


def test_the_author_and_the_coordinator_edit_a_training(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    training = make_training(bank.programme, bank.ambassador)
    auth.login(bank.coordinator.email)
    response = client.post(f"/trainings/{training.id}/edit", data=_form(bank.programme, level="4"))
    assert response.status_code == 302
    db.session.refresh(training)
    assert training.level == 4
    _switch(client, bank.ambassador)
    changes = _form(bank.other, title="Ny titel", level="3")
    assert client.post(f"/trainings/{training.id}/edit", data=changes).status_code == 302
    db.session.refresh(training)
    # The programme stays whatever the form says.
    assert (training.level, training.title, training.programme_id) == (
        3,
        "Ny titel",
        bank.programme.id,
    )


def test_an_attachment_is_checked_stored_under_a_random_name_and_served_safely(
    client: FlaskClient, auth: AuthActions, bank: Bank, app: Flask
) -> None:
    auth.login(bank.ambassador.email)
    data = _form(bank.programme, attachment=(__import__("io").BytesIO(PDF), "../../guide.pdf"))
    assert client.post("/trainings/new", data=data).status_code == 302
    training = db.session.scalar(sa.select(Training))
    assert training is not None and training.attachment_name == "guide.pdf"
    stored = list(Path(app.config["TRAINING_FILES_DIR"]).iterdir())
    assert [p.name for p in stored] == [training.attachment_key] and stored[0].read_bytes() == PDF
    _switch(client, bank.learner)
    response = client.get(f"/trainings/{training.id}/attachment")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    _switch(client, bank.outsider)
    assert client.get(f"/trainings/{training.id}/attachment").status_code == 404


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "guide.pdf"),  # not a PDF inside
        (PNG, "guide.pdf"),  # an image posing as a PDF
        (PDF, "guide.html"),
        (PDF + b"x" * 2048, "big.pdf"),  # over the limit
    ],
)
def test_a_file_that_is_not_a_small_pdf_or_image_is_refused(
    client: FlaskClient, auth: AuthActions, bank: Bank, app: Flask, content: bytes, name: str
) -> None:
    import io

    app.config["TRAINING_ATTACHMENT_MAX_BYTES"] = 1024
    auth.login(bank.ambassador.email)
    before = database_fingerprint()
    data = _form(bank.programme, attachment=(io.BytesIO(content), name))
    response = client.post("/trainings/new", data=data)
    assert response.status_code == 422
    assert database_fingerprint() == before
    files = Path(app.config["TRAINING_FILES_DIR"])
    assert not files.exists() or not list(files.iterdir())


def test_a_learner_marks_a_training_done_once_and_is_asked_for_feedback(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    training = make_training(bank.programme, minutes=25)
    auth.login(bank.learner.email)
    response = client.post(f"/trainings/{training.id}/done")
    assert response.status_code == 302
    assert response.location.endswith(f"/feedback/trainings/{training.id}")
    client.post(f"/trainings/{training.id}/done")
    rows = db.session.scalars(sa.select(TrainingCompletion)).all()
    assert [(r.user_id, r.minutes) for r in rows] == [(bank.learner.id, 25)]
    _switch(client, bank.coordinator)  # staff, not a learner of the programme
    assert client.post(f"/trainings/{training.id}/done").status_code == 403


def test_authors_write_questions_and_a_single_choice_needs_one_right_answer(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    training = make_training(bank.programme, bank.ambassador)
    auth.login(bank.ambassador.email)
    question = {
        "text": "Var hittar du kalendern?",
        "kind": "single",
        "difficulty": "2",
        "option_1": "Längst ner till vänster",
        "correct_1": "1",
        "option_2": "Under Arkiv",
        "correct_2": "1",
    }
    refused = client.post(f"/trainings/{training.id}/questions", data=question)
    assert refused.status_code == 422
    assert "A single-choice question has exactly one right answer." in refused.text
    assert _count(TrainingQuestion) == 0
    del question["correct_2"]
    assert client.post(f"/trainings/{training.id}/questions", data=question).status_code == 302
    [saved] = db.session.scalars(sa.select(TrainingQuestion)).all()
    assert saved.difficulty == 2 and [o.correct for o in saved.options] == [True, False]
    url = f"/trainings/{training.id}/questions/{saved.id}/delete"
    assert client.post(url).status_code == 302 and _count(TrainingQuestion) == 0


def test_a_learner_fails_then_passes_on_the_pages_with_points_shown(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    training = make_training(bank.programme, questions=(1, 2), per_attempt=2, pass_mark=3)
    auth.login(bank.learner.email)

    def take(right: bool) -> str:
        started = client.post(f"/trainings/{training.id}/attempts")
        url = started.location
        for _ in range(2):
            page = client.get(url).get_data(as_text=True)
            question_id = int(page.split('name="question_id" value="')[1].split('"')[0])
            question = db.session.get(TrainingQuestion, question_id)
            assert question is not None
            chosen = [o.id for o in question.options if o.correct == right][:1]
            client.post(
                url + "/answer", data={"question_id": question_id, "option": chosen, "score": 9}
            )
        client.post(url + "/submit")
        return client.get(url).get_data(as_text=True)

    failed = take(right=False)
    assert "Not this time" in failed and "Try again" in failed
    passed = take(right=True)
    assert "You passed!" in passed and "You got 3 of 3 points" in passed
    assert "verified level of Outlook is now 2" in passed


def test_answers_on_the_page_after_the_time_limit_are_refused(
    client: FlaskClient, auth: AuthActions, bank: Bank, app: Flask
) -> None:
    from datetime import timedelta

    from tests.trainings_factories import NOW

    training = make_training(bank.programme, questions=(1, 2), time_limit=5)
    moment = [NOW]
    app.config["CLOCK"] = lambda: moment[0]
    auth.login(bank.learner.email)
    url = client.post(f"/trainings/{training.id}/attempts").location
    moment[0] = NOW + timedelta(minutes=6)
    question = training.questions[0]
    right = [o.id for o in question.options if o.correct]
    response = client.post(url + "/answer", data={"question_id": question.id, "option": right})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "The time for this attempt is up." in page and "Hand in" in page
    from mentoring.trainings.models import AttemptAnswer

    assert _count(AttemptAnswer) == 0


def test_the_bank_and_a_training_page_cost_the_same_for_few_or_many_trainings(
    client: FlaskClient, auth: AuthActions, bank: Bank
) -> None:
    from mentoring.trainings.attempts import start_attempt
    from tests.querycount import counting
    from tests.trainings_factories import NOW

    def statements(url: str) -> int:
        with counting(db.engine) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    first = make_training(bank.programme, questions=(1, 2))
    auth.login(bank.learner.email)
    client.get("/trainings")  # the session's first page also reads the privacy agreement
    few = statements("/trainings"), statements(f"/trainings/{first.id}")
    for n in range(8):
        make_training(bank.programme, title=f"Utbildning {n}", tool=f"Verktyg {n}", questions=(1,))
        start_attempt(bank.learner, first.id, now=NOW, seed=n)
    assert (statements("/trainings"), statements(f"/trainings/{first.id}")) == few
