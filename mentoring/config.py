"""Configuration: defaults here, then instance/config.py, then the environment, then tests.

This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from mentoring.paths import TRANSLATIONS_DIR
from mentoring.security.encryption import derived_key, parse_keys

# Not a secret: a placeholder that production refuses to start with (bandit B105).
DEFAULT_SECRET_KEY = "dev-only-secret-change-me"  # nosec B105


class DefaultConfig:
    """Safe development defaults."""

    APP_ENV = "development"
    SECRET_KEY = DEFAULT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None  # set from the instance path when left empty
    # No per-checkout ping: dead connections are found without a round trip and replaced,
    # and the first statement on one runs again (mentoring.connections).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_recycle": 1800}
    # How long a SQLite writer waits for the single write lock before answering 503. SQLite's
    # waiters poll (every 100 ms after the first few tries), so one can lose to newcomers
    # again and again: 5 s ran out for 5 of 2,500 bookings under a minute of 20 clients.
    SQLITE_BUSY_TIMEOUT = 15.0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A signed-in session ends after this long without a request, and after this long in all.
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS_DIR)
    # Attachments of bank trainings (a PDF or an image): the largest file, and where they are
    # kept (empty: instance/trainings).
    TRAINING_ATTACHMENT_MAX_BYTES = 1536 * 1024
    TRAINING_FILES_DIR = ""
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "fi", "en", "ar")
    # Counted per process by default; several workers need a shared store, e.g.
    # RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 (keys start with RATELIMIT_KEY_PREFIX).
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "mentoring"
    # If that store is unreachable, count in each process rather than fail every sign-in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Per account, so guessing one password is slow; per address, generous enough for an office.
    LOGIN_RATE_LIMIT_PER_ACCOUNT = "5 per minute"
    LOGIN_RATE_LIMIT_PER_IP = "30 per minute"
    # Second-factor codes, per person: even with the password known, 20 tries an hour give
    # about one chance in 700 a day of guessing a code (3 of a million are valid at a time).
    TWO_FACTOR_RATE_LIMIT = "5 per minute;20 per hour"
    TWO_FACTOR_ISSUER = "Mentoring"
    # Asking to move one's account to another address, per person and per address asked for:
    # each request emails that address (or its owner), so it must not become a mailing tool.
    EMAIL_CHANGE_RATE_LIMIT = "3 per hour;10 per day"
    # An account made by an invitation never taken up (no password chosen, never signed in,
    # never enrolled) is anonymised by the retention purge this many days after it was made.
    INVITED_ACCOUNT_RETENTION_DAYS = 90
    # An invitation to join a cohort that nobody answers is gone after this many days.
    COHORT_INVITATION_MAX_AGE_DAYS = 30
    # Fernet keys that encrypt authenticator keys at rest, newest first (a list, or commas in
    # the environment). Empty: derived from SECRET_KEY, which production refuses.
    TWO_FACTOR_ENCRYPTION_KEYS: list[str] | str = ""
    # Changing roles or two-factor settings asks for the password again after this long.
    REAUTH_MAX_AGE = timedelta(minutes=5)
    # How long a password stays good for giving the second factor after it.
    TWO_FACTOR_PENDING_MAX_AGE = timedelta(minutes=5)
    # The privacy notice's version: raising it asks everyone to agree again.
    CONSENT_VERSION = 2  # 2: workplace programmes (units, self-assessments, managers)
    # Flask-Compress: text answers (pages, JSON, CSS, CSV) of 500 bytes or more, when the
    # browser accepts it (the demo's retention page: 76 kB, 8.0 kB with gzip, 7.6 kB with br).
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/plain",
        "text/csv",
        "text/calendar",
        "application/json",
        "image/svg+xml",
        "image/vnd.microsoft.icon",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    # Streamed answers (static files) go out as they are, with their ETag and byte ranges:
    # compressing a stream leaves the file it reads open (a ResourceWarning in the tests).
    COMPRESS_STREAMS = False
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Mentoring <no-reply@mentoring.local>"
    MAIL_TIMEOUT = 10.0
    MAIL_SUPPRESS_SEND = False
    # The outbox sender claims this many due rows at a time; a claim it has not finished
    # within the lease is taken over by another sender (so keep the lease well above the
    # time one batch takes: a batch of 100 takes about a second against a local server).
    OUTBOX_BATCH_SIZE = 100
    OUTBOX_LEASE_SECONDS = 300
    # Senders working at once, each with its own database and SMTP connection: while one
    # waits for its mark to be durable, the others send (PostgreSQL writes their commits
    # together). Each may leave one accepted-unmarked message if killed. An in-memory SQLite
    # database (one connection for all) gets one.
    OUTBOX_SENDERS = 4
    # The scheduler process renews its lock every quarter of this; a lock not renewed for
    # this long is taken for a dead process's, and another scheduler may start.
    SCHEDULER_LOCK_LEASE_SECONDS = 120
    # How often the scheduler runs the sender (`make run` shortens it for a quick demo).
    OUTBOX_SEND_EVERY_SECONDS = 30
    # Cohorts with at least this many participants are matched in the background.
    MATCHING_BACKGROUND_FROM = 1000
    INVITE_MAX_AGE_SECONDS = 7 * 24 * 3600
    RESET_MAX_AGE_SECONDS = 2 * 3600
    EMAIL_CHANGE_MAX_AGE_SECONDS = 24 * 3600
    # Links in reminder emails that work without signing in (mentoring.signed_links).
    UNSUBSCRIBE_LINK_MAX_AGE_SECONDS = 365 * 24 * 3600
    CHECK_IN_LINK_MAX_AGE_SECONDS = 21 * 24 * 3600
    OUTCOME_LINK_MAX_AGE_SECONDS = 45 * 24 * 3600
    # Argon2id cost: RFC 9106's second recommended option (argon2-cffi's RFC_9106_LOW_MEMORY:
    # t=3, 64 MiB, p=4), above OWASP's minimum (t=2, 19 MiB, p=1). Hashes made at another cost
    # are replaced at the next sign-in. Tests lower it because hashing is deliberately slow.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4
    PREFERRED_URL_SCHEME = "http"
    # /metrics answers a scrape with "Authorization: Bearer <token>"; without a token set, only
    # from this machine (loopback). Several workers: PROMETHEUS_MULTIPROC_DIR (see operations).
    METRICS_TOKEN: str | None = None
    PROMETHEUS_MULTIPROC_DIR: str | None = None
    # "json": one JSON object a line on stderr; "text": Python's default. Unset: json in production.
    LOG_FORMAT: str | None = None


ENV_VARS: dict[str, type] = {
    "APP_ENV": str,
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_TIMEOUT": float,
    "OUTBOX_BATCH_SIZE": int,
    "OUTBOX_LEASE_SECONDS": int,
    "OUTBOX_SENDERS": int,
    "SCHEDULER_LOCK_LEASE_SECONDS": int,
    "OUTBOX_SEND_EVERY_SECONDS": int,
    "RATELIMIT_STORAGE_URI": str,
    "SERVER_NAME": str,
    "METRICS_TOKEN": str,
    "PROMETHEUS_MULTIPROC_DIR": str,
    "LOG_FORMAT": str,
    "SQLITE_BUSY_TIMEOUT": float,
    "TWO_FACTOR_ENCRYPTION_KEYS": str,
    "INVITED_ACCOUNT_RETENTION_DAYS": int,
}


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete."""


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Layer the configuration sources and check the result is safe to run."""
    app.config.from_object(DefaultConfig)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(_from_environment(os.environ))
    if test_config is not None:
        app.config.update(test_config)
    if "DATABASE_URL" in app.config and not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or (
        f"sqlite:///{Path(app.instance_path) / 'mentoring.sqlite3'}"
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    production = app.config["APP_ENV"] == "production"
    app.config["LOG_FORMAT"] = app.config["LOG_FORMAT"] or ("json" if production else "text")
    if uri.startswith("sqlite"):
        _wait_for_the_write_lock(app.config)
    _check_production_safety(app.config)
    _encryption_keys(app.config)


def _encryption_keys(config: Any) -> None:
    """Check the at-rest keys and keep them as a list; derive one in development."""
    try:
        keys = parse_keys(config["TWO_FACTOR_ENCRYPTION_KEYS"])
    except ValueError as error:
        raise ConfigError(
            "TWO_FACTOR_ENCRYPTION_KEYS holds something that is not a Fernet key."
        ) from error
    config["TWO_FACTOR_ENCRYPTION_KEYS"] = list(keys) or [derived_key(config["SECRET_KEY"])]


def _wait_for_the_write_lock(config: Any) -> None:
    """Give the SQLite driver the busy timeout, unless the engine options name one."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("timeout", config["SQLITE_BUSY_TIMEOUT"])
    options["connect_args"] = connect_args
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, kind in ENV_VARS.items():
        raw = environ.get(name)
        if raw is None or raw == "":
            continue
        if kind is bool:
            values[name] = raw.strip().lower() in {"1", "true", "yes", "on"}
        else:
            values[name] = kind(raw)
    if "DATABASE_URL" in values:
        values["SQLALCHEMY_DATABASE_URI"] = values.pop("DATABASE_URL")
    return values


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _check_production_safety(config: Any) -> None:
    if config["APP_ENV"] != "production":
        return
    if config["SECRET_KEY"] in (None, "", DEFAULT_SECRET_KEY):
        raise ConfigError("Refusing to start in production with the default SECRET_KEY.")
    if not config["TWO_FACTOR_ENCRYPTION_KEYS"]:
        raise ConfigError(
            "Refusing to start in production without TWO_FACTOR_ENCRYPTION_KEYS (make one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())')."
        )
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
    config["PREFERRED_URL_SCHEME"] = "https"
