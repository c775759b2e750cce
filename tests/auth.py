"""Sign a test client in and out as a person would (the Flask tutorial's ``AuthActions``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient

from mentoring.accounts.services import find_user_by_email
from tests.factories import TEST_PASSWORD, usable_code


class AuthActions:
    """Sign in and out through the pages, so tests go the way people do.

    The ``auth`` fixture wraps the test's ``client``; wrap any other client (a second
    browser, a client of another app) as ``AuthActions(other)``.
    """

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = TEST_PASSWORD) -> Any:
        """Sign in, with a current code when the person uses two-factor sign-in."""
        response = self._client.post("/login", data={"email": email, "password": password})
        if response.status_code == 302 and urlsplit(response.location).path == "/login/code":
            user = find_user_by_email(email)
            assert user is not None
            response = self._client.post("/login/code", data={"code": usable_code(user.id)})
        return response

    def logout(self) -> Any:
        """Sign out as the sign-out button does."""
        return self._client.post("/logout")
