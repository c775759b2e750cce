"""Domain exceptions raised by services; mapped to HTTP statuses in ``error_handlers``."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """The input is malformed or breaks a rule; nothing was changed."""

    status_code = 422


class NotFound(DomainError):
    """The object does not exist, or the current user may not know it exists."""

    status_code = 404


class Forbidden(DomainError):
    """The current user's roles do not allow this action."""

    status_code = 403


class Conflict(DomainError):
    """The action clashes with the current state (a duplicate, a taken slot)."""

    status_code = 409
