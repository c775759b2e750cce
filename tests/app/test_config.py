"""Configuration comes from the environment with safe defaults."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from mentoring import create_app
from mentoring.config import ConfigError, normalise_database_url


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ConfigError, match="default SECRET_KEY"):
        create_app({"APP_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "x" * 40,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def test_production_with_a_real_secret_uses_secure_cookies() -> None:
    app = create_app(PRODUCTION)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_to_start_without_encryption_keys_of_its_own() -> None:
    with pytest.raises(ConfigError, match="TWO_FACTOR_ENCRYPTION_KEYS"):
        create_app({**PRODUCTION, "TWO_FACTOR_ENCRYPTION_KEYS": ""})
    with pytest.raises(ConfigError, match="not a Fernet key"):
        create_app({**PRODUCTION, "TWO_FACTOR_ENCRYPTION_KEYS": "not-a-key"})


def test_development_derives_its_encryption_key_from_the_secret_key() -> None:
    first = create_app({"SECRET_KEY": "a", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    again = create_app({"SECRET_KEY": "a", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    other = create_app({"SECRET_KEY": "b", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    keys = first.config["TWO_FACTOR_ENCRYPTION_KEYS"]
    assert len(keys) == 1 and keys == again.config["TWO_FACTOR_ENCRYPTION_KEYS"]
    assert keys != other.config["TWO_FACTOR_ENCRYPTION_KEYS"]


def test_keys_from_the_environment_are_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("TWO_FACTOR_ENCRYPTION_KEYS", f"{new}, {old}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TWO_FACTOR_ENCRYPTION_KEYS"] == [new, old]


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db:5432/app")
    monkeypatch.setenv("MAIL_PORT", "2525")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db:5432/app"
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["MAIL_USE_TLS"] is True


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/mentoring.sqlite3")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql+psycopg://a@b/c", "postgresql+psycopg://a@b/c"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_the_installed_driver(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected
