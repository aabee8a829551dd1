"""Create an avatar (spec 4.1.1, 4.2.1, 4.2.2): measurement_based, preset_based or photo_based."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from application.consent import record_consent_changes
from application.measurements import CheckMeasurements
from application.ports import (
    Clock,
    IdGenerator,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.access import Viewer, ensure_quota
from domain.avatar import Avatar, AvatarType, Visibility, clean_name
from domain.body_analysis import analyse_body, can_analyse
from domain.errors import AvatarNameTaken, InvalidValue
from domain.measurements import ExtractionMethod, Gender, MeasurementProfile, to_metric
from domain.photo_checks import BodyHints
from domain.presets import find_preset
from domain.units import MeasurementUnit


@dataclass(frozen=True, slots=True)
class CreateAvatarCommand:
    viewer: Viewer
    name: str
    avatar_type: AvatarType
    measurements: Mapping[str, float] | None = None  # in ``unit``
    unit: MeasurementUnit = MeasurementUnit.METRIC
    preset_id: str | None = None
    description: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    allow_export: bool = True
    allow_ai_training: bool = False
    tags: tuple[str, ...] = ()
    shared_with: tuple[UUID, ...] = ()
    auto_process: bool = True
    gender: Gender | None = None  # of a measurement or preset avatar's profile
    skin_tone: str | None = None  # "#rrggbb"; the model's default when None
    # photo_based only: what the user says about the body in the photos (height, weight,
    # gender, clothing), for the measurement step.
    hints: BodyHints | None = None


class CreateAvatar:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        check: CheckMeasurements,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._check = check

    async def __call__(self, command: CreateAvatarCommand) -> Avatar:
        """Create the avatar; measurement and preset avatars go straight to processing.

        Raises ``QuotaExceeded``, ``AvatarNameTaken`` or ``InvalidValue``; nothing is stored then.
        """
        now = self._clock.now()
        avatar_id = self._ids.new_id()
        name = clean_name(command.name)
        hints = _photo_hints(command)
        measurements = self._measurements_for(command, avatar_id)
        if measurements is not None:
            await self._check(measurements.given, measurements.unit, measurements.gender)
        avatar = Avatar.create(
            avatar_id=avatar_id,
            user_id=command.viewer.user_id,
            name=name,
            avatar_type=command.avatar_type,
            now=now,
            description=command.description,
            visibility=command.visibility,
            allow_export=command.allow_export,
            allow_ai_training=command.allow_ai_training,
            tags=command.tags,
            shared_with=command.shared_with,
            measurements=measurements,
            skin_tone=command.skin_tone,
        )
        if measurements is not None and can_analyse(measurements):
            # Pure and cheap: done at once, so the first version snapshot carries it.
            avatar.replace_body_analysis(analyse_body(measurements, self._ids.new_id(), now), now)
        # Photo avatars wait in draft for their photos to be processed.
        process = measurements is not None and command.auto_process
        async with self._uow_factory() as uow:
            await uow.avatars.lock_owner(avatar.user_id)
            ensure_quota(command.viewer.role, await uow.avatars.count_for_user(avatar.user_id))
            if await uow.avatars.name_taken(avatar.user_id, name):
                raise AvatarNameTaken(f"you already have an avatar named '{name}'", field="name")
            job = ProcessAvatarJob(id=self._ids.new_id(), avatar_id=avatar.id, reason="created")
            if process:
                avatar.start_processing(now, stage="queued", progress=0, job_id=job.id)
            await uow.avatars.add(avatar)
            await record_consent_changes(uow, None, avatar, command.viewer, now, self._ids)
            if measurements is not None:
                await uow.versions.add(avatar.initial_version(self._ids.new_id(), now))
            if hints is not None:
                await uow.photos.save_hints(avatar.id, hints)
            if process:
                await uow.outbox.add_job(job, now)
            await uow.commit()
        return avatar

    def _measurements_for(
        self, command: CreateAvatarCommand, avatar_id: UUID
    ) -> MeasurementProfile | None:
        now = self._clock.now()
        typed = to_metric(command.measurements or {}, command.unit)
        if command.avatar_type is AvatarType.MEASUREMENT_BASED:
            if not command.measurements:
                raise InvalidValue(
                    "a measurement_based avatar needs measurements", field="measurements"
                )
            values, method = typed, ExtractionMethod.MANUAL
            overrides: tuple[str, ...] = tuple(typed)
            preset_gender: Gender | None = None
        elif command.avatar_type is AvatarType.PRESET_BASED:
            if not command.preset_id:
                raise InvalidValue("a preset_based avatar needs a presetId", field="presetId")
            preset = find_preset(command.preset_id)
            values = {**preset.values, **typed}
            preset_gender = preset.gender
            method = ExtractionMethod.MIXED if typed else ExtractionMethod.PRESET
            overrides = tuple(typed)
        else:
            refuse_measurements_of_photo_avatar(command)
            return None
        return MeasurementProfile(
            id=self._ids.new_id(),
            avatar_id=avatar_id,
            values=values,
            unit=command.unit,
            extraction_method=method,
            created_at=now,
            updated_at=now,
            manual_overrides=overrides,
            gender=command.gender or preset_gender,
        )


def refuse_measurements_of_photo_avatar(command: CreateAvatarCommand) -> None:
    """A photo_based avatar takes its measurements from its photos: ``InvalidValue`` if the
    command types some or names a preset (with photos or without, JSON or multipart)."""
    if command.avatar_type is not AvatarType.PHOTO_BASED:
        return
    for field, given in (("measurements", command.measurements), ("presetId", command.preset_id)):
        if given:
            raise InvalidValue(
                "a photo_based avatar takes its measurements from its photos; "
                "create it without measurements, or as measurement_based",
                field=field,
            )


def _photo_hints(command: CreateAvatarCommand) -> BodyHints | None:
    """The hints of a photo avatar (None when none were given); ``InvalidValue`` naming the
    hint when another kind of avatar is given one."""
    hints = command.hints
    if hints is None or hints.empty:
        return None
    if command.avatar_type is AvatarType.PHOTO_BASED:
        return hints
    given = {
        "heightCm": hints.height_cm,
        "weightKg": hints.weight_kg,
        "gender": hints.gender,
        "clothing": hints.clothing,
    }
    field = next(name for name, value in given.items() if value is not None)
    raise InvalidValue(
        f"{field} is a hint for a photo_based avatar's photos; a {command.avatar_type.value} "
        "avatar takes its measurements (and gender) as measurements",
        field=field,
    )
