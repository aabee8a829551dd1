"""Errors the domain raises when an invariant would be broken.

Each carries the offending field (camelCase, as clients see it) so the HTTP edge can
name it in the problem+json body without knowing any business rule.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every business-rule violation."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(DomainError):
    """A value is outside what the domain accepts (range, length, enumeration)."""


class InvalidStatusTransition(DomainError):
    """The avatar's lifecycle does not allow this move."""


class AvatarNameTaken(DomainError):
    """A user already has an avatar with this name."""


class ConcurrentModification(DomainError):
    """Someone else changed the same thing at the same time; the caller may retry."""


class QuotaExceeded(DomainError):
    """The user's role does not allow another avatar."""
