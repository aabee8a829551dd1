"""Version history, comparison and export of avatars (spec 4.1.1)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.access import load_readable
from application.errors import NotAllowed, VersionNotFound
from application.ports import UnitOfWorkFactory
from domain.access import Viewer, can_modify, shared_with_seen_by
from domain.avatar import Avatar, AvatarVersion
from domain.errors import InvalidValue
from domain.measurements import MEASUREMENT_NAMES, MeasurementProfile
from domain.model_file import ModelFile
from domain.photo import PhotoUpload


class ListVersions:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> list[AvatarVersion]:
        """Every version of the avatar, oldest first."""
        async with self._uow_factory(read_only=True) as uow:
            await load_readable(uow, avatar_id, viewer)
            return await uow.versions.list_for_avatar(avatar_id)


@dataclass(frozen=True, slots=True)
class MeasurementDifference:
    name: str
    left_cm: float | None
    right_cm: float | None

    @property
    def difference(self) -> float | None:
        """right minus left, in cm (kg for weight)."""
        if self.left_cm is None or self.right_cm is None:
            return None
        return round(self.right_cm - self.left_cm, 4)

    @property
    def percent(self) -> float | None:
        if self.difference is None or not self.left_cm:
            return None
        return round(100.0 * self.difference / self.left_cm, 2)


@dataclass(frozen=True, slots=True)
class Comparison:
    left_label: str
    right_label: str
    differences: list[MeasurementDifference]
    body_type_left: str | None
    body_type_right: str | None


def compare_profiles(
    left: MeasurementProfile, right: MeasurementProfile
) -> list[MeasurementDifference]:
    names = [n for n in MEASUREMENT_NAMES if n in left.values or n in right.values]
    return [MeasurementDifference(n, left.values.get(n), right.values.get(n)) for n in names]


class CompareAvatars:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        *,
        other_avatar_id: UUID | None = None,
        from_version: int | None = None,
        to_version: int | None = None,
    ) -> Comparison:
        """Differences between this avatar and another, or between two of its versions.

        Give either ``other_avatar_id``, or ``from_version`` and ``to_version``.
        """
        by_avatar = other_avatar_id is not None
        by_version = from_version is not None or to_version is not None
        if by_avatar == by_version:
            raise InvalidValue(
                "compare with either otherAvatarId or fromVersion and toVersion",
                field="otherAvatarId",
            )
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            if other_avatar_id is not None:
                other = await load_readable(uow, other_avatar_id, viewer)
                left, right = _profile(avatar), _profile(other)
                return Comparison(
                    f"avatar {avatar.id}",
                    f"avatar {other.id}",
                    compare_profiles(left, right),
                    _type(avatar),
                    _type(other),
                )
            if from_version is None or to_version is None:
                raise InvalidValue("give both fromVersion and toVersion", field="toVersion")
            older = await uow.versions.get(avatar_id, from_version)
            newer = await uow.versions.get(avatar_id, to_version)
        for number, found in ((from_version, older), (to_version, newer)):
            if found is None:
                raise VersionNotFound(
                    f"avatar {avatar_id} has no version {number}",
                    field="fromVersion" if number == from_version else "toVersion",
                )
        assert older is not None and newer is not None
        return Comparison(
            f"version {from_version}",
            f"version {to_version}",
            compare_profiles(older.measurement_snapshot, newer.measurement_snapshot),
            _snapshot_type(older),
            _snapshot_type(newer),
        )


def _profile(avatar: Avatar) -> MeasurementProfile:
    if avatar.measurements is None:
        raise InvalidValue(f"avatar {avatar.id} has no measurements yet", field="otherAvatarId")
    return avatar.measurements


def _type(avatar: Avatar) -> str | None:
    return avatar.body_type.value if avatar.body_type else None


def _snapshot_type(version: AvatarVersion) -> str | None:
    analysis = version.body_analysis_snapshot
    return analysis.body_type.value if analysis else None


@dataclass(frozen=True, slots=True)
class AvatarExport:
    avatar: Avatar
    versions: list[AvatarVersion]
    model_files: list[ModelFile]
    photos: list[PhotoUpload]
    shared_with: tuple[UUID, ...] = ()  # as the viewer may see it: the owner only


class ExportAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> AvatarExport:
        """Everything stored about the avatar; refused when its owner disallowed export.

        Photo metadata is included for the owner only.
        """
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            if not avatar.allow_export:
                raise NotAllowed(
                    "the owner of this avatar has disallowed export (allowExport is "
                    "false); the owner can turn it back on",
                    field="allowExport",
                )
            owner = can_modify(avatar, viewer)
            return AvatarExport(
                avatar=avatar,
                versions=await uow.versions.list_for_avatar(avatar_id),
                model_files=await uow.model_files.list_for_avatar(avatar_id),
                photos=await uow.photos.list_for_avatar(avatar_id) if owner else [],
                shared_with=shared_with_seen_by(avatar, viewer),
            )
