"""POST /avatars as multipart/form-data (spec 4.2.1): a photo_based avatar with photos."""

from __future__ import annotations

from collections.abc import Sequence

from application.create_avatar import (
    CreateAvatar,
    CreateAvatarCommand,
    refuse_measurements_of_photo_avatar,
)
from application.photo_intake.checks import PhotoChecker, Submitted
from application.photo_intake.store_photos import StorePhotos
from application.ports import UnitOfWorkFactory
from domain.avatar import Avatar, AvatarType
from domain.errors import InvalidValue
from domain.photo import PhotoUpload


class CreatePhotoAvatar:
    """POST /avatars as multipart/form-data (spec 4.2.1): a photo_based avatar with photos."""

    def __init__(
        self,
        create_avatar: CreateAvatar,
        checker: PhotoChecker,
        store: StorePhotos,
        uow_factory: UnitOfWorkFactory,
    ) -> None:
        self._create_avatar, self._checker, self._store = create_avatar, checker, store
        self._uow_factory = uow_factory

    async def __call__(
        self, command: CreateAvatarCommand, photos: Sequence[Submitted]
    ) -> tuple[Avatar, list[PhotoUpload]]:
        """The photos are checked first: if one fails, nothing is created. The command's
        hints are kept with the avatar for the measurement step."""
        if command.avatar_type is not AvatarType.PHOTO_BASED:
            raise InvalidValue("an avatar created with photos is photo_based", field="avatarType")
        refuse_measurements_of_photo_avatar(command)  # before the photos' checks
        if not photos:
            raise InvalidValue("a photo_based avatar needs at least one photo", field="photos")
        limit = self._checker.settings.max_photos_per_avatar
        if len(photos) > limit:
            raise InvalidValue(f"an avatar holds at most {limit} photos", field="photos")
        accepted = await self._checker.check_all(photos)
        avatar = await self._create_avatar(command)
        stored = await self._store(
            command.viewer, avatar.id, accepted, process=command.auto_process
        )
        # Processing the photos moved it to processing: the caller sees it so.
        async with self._uow_factory(read_only=True) as uow:
            avatar = await uow.avatars.get(avatar.id) or avatar
        return avatar, stored
