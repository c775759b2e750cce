"""The site menu is made once per roles, page and language, not on every request (a load-test
fix), and still marks the page shown and speaks the person's language."""

from __future__ import annotations

import pytest
from flask import Flask

from mentoring import navigation
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_user

CURRENT = '<a href="{}" aria-current="page">{}</a>'


def test_the_menu_is_made_once_per_roles_page_and_language(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = navigation.url_for

    def counted(endpoint: str, **values: object) -> str:
        built.append(endpoint)
        return original(endpoint, **values)

    monkeypatch.setattr(navigation, "url_for", counted)
    client = app.test_client()
    AuthActions(client).login(make_user(Role.PARTICIPANT).email)
    first = client.get("/my/matches").get_data(as_text=True)
    made = len(built)
    again = client.get("/my/matches").get_data(as_text=True)
    assert made and len(built) == made
    assert again == first and CURRENT.format("/my/matches", "My matches") in first

    profile = client.get("/profile").get_data(as_text=True)
    assert CURRENT.format("/profile", "My profile") in profile
    assert CURRENT.format("/my/matches", "My matches") not in profile

    client.post("/language", data={"locale": "sv", "next": "/profile"})
    swedish = client.get("/profile").get_data(as_text=True)
    assert CURRENT.format("/profile", "Min profil") in swedish
    assert "Mina matchningar</a>" in swedish
