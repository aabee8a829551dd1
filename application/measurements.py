"""Read and change an avatar's measurements (spec 4.1.3, 4.2.4); every change is a new version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from uuid import UUID

from application.access import load_modifiable, load_readable
from application.errors import ImplausibleMeasurements
from application.ports import (
    BodyModel,
    Clock,
    Gender,
    IdGenerator,
    MeasurementAnomaly,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus
from domain.body_analysis import analyse_body, can_analyse
from domain.errors import InvalidValue
from domain.measurements import (
    SPECS_BY_NAME,
    MeasurementProfile,
    from_metric,
    to_metric,
    unit_symbol,
    validate_measurements,
)
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
        check: CheckMeasurements,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._check = check

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
            await self._check(profile.given, profile.unit, profile.gender)
            if command.regenerate_model and avatar.status is AvatarStatus.PROCESSING:
                raise InvalidValue(
                    "the avatar is being processed; try again when it is done",
                    field="regenerateModel",
                )
            version = avatar.update_measurements(
                profile,
                version_id=self._ids.new_id(),
                changed_by=command.viewer.user_id,
                now=now,
                description=command.change_description,
            )
            # The analysis is cheap and pure, so every version snapshot carries its own.
            if can_analyse(profile):
                avatar.replace_body_analysis(analyse_body(profile, self._ids.new_id(), now), now)
                version = replace(version, body_analysis_snapshot=avatar.body_analysis)
            job = ProcessAvatarJob(
                id=self._ids.new_id(), avatar_id=avatar.id, reason="measurements_updated"
            )
            if command.regenerate_model:
                avatar.start_processing(now, stage="queued", progress=0, job_id=job.id)
            await uow.avatars.update(avatar)
            await uow.versions.add(version)
            if command.regenerate_model:
                await uow.outbox.add_job(job, now)
            await uow.commit()
        return avatar


@dataclass(frozen=True, slots=True)
class MeasurementsVerdict:
    """Whether a measurement set would be accepted and, if not, the first field at fault with
    every disagreeing one in ``issues`` (field, message)."""

    valid: bool
    field: str | None = None
    message: str | None = None
    issues: tuple[tuple[str, str], ...] = ()


class ValidateMeasurements:
    def __init__(self, uow_factory: UnitOfWorkFactory, check: CheckMeasurements) -> None:
        self._uow_factory, self._check = uow_factory, check

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        measurements: Mapping[str, float],
        unit: MeasurementUnit = MeasurementUnit.METRIC,
        gender: Gender | None = None,
    ) -> MeasurementsVerdict:
        """Check a full measurement set (in ``unit``) as an update of the avatar would, and
        store nothing; ``AvatarNotFound`` if the viewer may not see the avatar."""
        async with self._uow_factory(read_only=True) as uow:
            await load_readable(uow, avatar_id, viewer)
        try:
            await self._check(to_metric(measurements, unit), unit, gender)
        except InvalidValue as error:
            details: tuple[tuple[str, str], ...] = getattr(error, "details", ())
            return MeasurementsVerdict(False, error.field, error.message, details)
        return MeasurementsVerdict(True)


class CheckMeasurements:
    """Range checks, then the whole vector against the body model's population.

    A vector whose values are each plausible may still describe no human body (a waist of
    150 cm at a height of 150 cm and a chest of 80 cm): each measurement is compared with
    what the others predict, and those far outside are refused, naming what they disagree
    with and by how much.
    """

    def __init__(self, body_model: BodyModel) -> None:
        self._body_model = body_model

    async def __call__(
        self, metric: Mapping[str, float], unit: MeasurementUnit, gender: Gender | None = None
    ) -> None:
        validate_measurements(metric, unit)
        anomalies = await self._body_model.anomalies(metric, gender)
        if not anomalies:
            return
        details = tuple((f"measurements.{a.name}", _anomaly_text(a, unit)) for a in anomalies)
        worst = anomalies[0]
        raise ImplausibleMeasurements(
            "these measurements do not describe a human body together: "
            + "; ".join(message for _, message in details),
            field=f"measurements.{worst.name}",
            details=details,
        )


def _anomaly_text(anomaly: MeasurementAnomaly, unit: MeasurementUnit) -> str:
    def shown(value: float) -> float:
        return from_metric({anomaly.name: value}, unit)[anomaly.name]

    label = SPECS_BY_NAME[anomaly.name].label
    symbol = unit_symbol(anomaly.name, unit)
    others = ", ".join(SPECS_BY_NAME[n].label for n in anomaly.disagrees_with) or "the others"
    return (
        f"{label} {shown(anomaly.value):g} {symbol} disagrees with {others}: bodies with "
        f"those have a {label} of about {shown(anomaly.expected):g} ± "
        f"{shown(anomaly.spread):g} {symbol}"
    )
