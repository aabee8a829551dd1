"""Errors of the use cases (never HTTP codes: the HTTP edge maps them)."""

from __future__ import annotations

from domain.errors import DomainError, InvalidValue


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


class SizeChartNotFound(ApplicationError):
    """No size chart for that brand and category (for the avatar's gender)."""


class JobNotFound(ApplicationError):
    """No processing run has this id among the avatars the caller may see (or a newer run of
    its avatar replaced it)."""


class PhotoNotFound(ApplicationError):
    """The avatar has no such photo (or it was deleted)."""


class ImplausibleMeasurements(InvalidValue):
    """Measurements each within range that no human body has together.

    ``details`` lists (field, message) for every measurement that disagrees with the others.
    """

    def __init__(self, message: str, *, field: str, details: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message, field=field)
        self.details = details


class PhotoMeasurementFailed(ApplicationError):
    """The photos cannot be measured; ``reason`` says why in words a user can act on
    ("side photo: person too small in frame"), ``retryable`` whether new photos would help."""

    def __init__(self, reason: str, *, retryable: bool, view_type: str | None = None) -> None:
        super().__init__(reason, field="photos")
        self.reason = reason
        self.retryable = retryable
        self.view_type = view_type


class DeadLetterNotFound(ApplicationError):
    """No dead letter under that id."""
