"""Read and change an avatar's measurements (spec 4.1.3, 4.2.4); every change is a new version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from application.access import load_modifiable, load_readable
from application.ports import (
    Clock,
    IdGenerator,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus
from domain.body_analysis import analyse_body, can_analyse
from domain.errors import InvalidValue
from domain.measurements import MeasurementProfile, to_metric, validate_measurements
from domain.units import MeasurementUnit


class GetMeasurements:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> MeasurementProfile:
        """The avatar's current measurements; ``InvalidValue`` if it has none yet."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
        if avatar.measurements is None:
            raise InvalidValue(
                "this avatar has no measurements yet; its photos are not processed",
                field="measurements",
            )
        return avatar.measurements


@dataclass(frozen=True, slots=True)
class UpdateMeasurementsCommand:
    viewer: Viewer
    avatar_id: UUID
    measurements: Mapping[str, float]  # in ``unit`` (or the profile's unit when None)
    unit: MeasurementUnit | None = None
    regenerate_model: bool = True
    change_description: str | None = None


class UpdateMeasurements:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids

    async def __call__(self, command: UpdateMeasurementsCommand) -> Avatar:
        """Apply the changed measurements as manual overrides and record a new version.

        The body analysis is recomputed at once; with ``regenerate_model`` the avatar also
        goes back to processing and a job is queued to rebuild its models.
        """
        if not command.measurements:
            raise InvalidValue("give at least one measurement to change", field="measurements")
        now = self._clock.now()
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, command.avatar_id, command.viewer)
            current = avatar.measurements
            if current is None:
                raise InvalidValue(
                    "this avatar has no measurements to change yet", field="measurements"
                )
            unit = command.unit or current.unit
            changes = to_metric(command.measurements, unit)
            profile = current.with_changes(changes, command.unit, now)
            validate_measurements(profile.values, profile.unit)
            if command.regenerate_model and avatar.status is AvatarStatus.PROCESSING:
                raise InvalidValue(
                    "the avatar is being processed; try again when it is done",
                    field="regenerateModel",
                )
            # The analysis is cheap and pure, so every version snapshot carries its own.
            if can_analyse(profile):
                avatar.replace_body_analysis(analyse_body(profile, self._ids.new_id(), now), now)
            version = avatar.update_measurements(
                profile,
                version_id=self._ids.new_id(),
                changed_by=command.viewer.user_id,
                now=now,
                description=command.change_description,
            )
            if command.regenerate_model:
                avatar.start_processing(now, stage="queued", progress=0)
            await uow.avatars.update(avatar)
            await uow.versions.add(version)
            await uow.outbox.add_events(avatar.pull_events())
            if command.regenerate_model:
                await uow.outbox.add_job(
                    ProcessAvatarJob(
                        id=self._ids.new_id(), avatar_id=avatar.id, reason="measurements_updated"
                    ),
                    now,
                )
            await uow.commit()
        return avatar


def check_measurements(measurements: Mapping[str, float], unit: MeasurementUnit) -> None:
    """Validate a complete measurement set without storing anything (``InvalidValue`` if wrong)."""
    validate_measurements(to_metric(measurements, unit), unit)
