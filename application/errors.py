"""Errors of the use cases (never HTTP codes: the HTTP edge maps them)."""

from __future__ import annotations

from domain.errors import DomainError


class ApplicationError(DomainError):
    """Base of errors raised by use cases rather than by an entity."""


class AvatarNotFound(ApplicationError):
    """No such avatar, or one the caller may not see (the two are indistinguishable on purpose)."""


class VersionNotFound(ApplicationError):
    """The avatar has no such version."""


class NotAllowed(ApplicationError):
    """The caller can see the avatar but may not do this to it."""


class InvalidCursor(ApplicationError):
    """A pagination cursor that this service did not issue, or for another sort order."""


class ModelFileNotFound(ApplicationError):
    """The avatar has no such model file."""


class BodyModelUnavailable(ApplicationError):
    """The body model cannot build a body now (its data is still being prepared)."""


class PhotoNotFound(ApplicationError):
    """The avatar has no such photo (or it was deleted)."""
