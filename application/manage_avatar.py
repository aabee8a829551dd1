"""Change an avatar's details, duplicate it, or delete it with everything it owns."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.access import load_modifiable, load_readable
from application.consent import record_consent_changes
from application.ports import (
    BlobStore,
    Clock,
    IdGenerator,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.access import Viewer, ensure_quota
from domain.avatar import Avatar, Visibility, clean_name
from domain.body_analysis import analyse_body, can_analyse
from domain.consent import consent_state
from domain.errors import AvatarNameTaken


@dataclass(frozen=True, slots=True)
class UpdateAvatarCommand:
    viewer: Viewer
    avatar_id: UUID
    name: str | None = None
    description: str | None = None
    visibility: Visibility | None = None
    allow_export: bool | None = None
    allow_ai_training: bool | None = None
    tags: tuple[str, ...] | None = None
    shared_with: tuple[UUID, ...] | None = None


class UpdateAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids

    async def __call__(self, command: UpdateAvatarCommand) -> Avatar:
        """Apply the given details; fields left out keep their value. A change of a consent
        setting (allowAITraining, allowExport, visibility, sharedWith) is recorded."""
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, command.avatar_id, command.viewer)
            if command.name is not None:
                name = clean_name(command.name)
                if await uow.avatars.name_taken(avatar.user_id, name, excluding=avatar.id):
                    raise AvatarNameTaken(
                        f"you already have an avatar named '{name}'", field="name"
                    )
            consent_before = consent_state(avatar)
            now = self._clock.now()
            changed = avatar.update_details(
                now,
                name=command.name,
                description=command.description,
                visibility=command.visibility,
                allow_export=command.allow_export,
                allow_ai_training=command.allow_ai_training,
                tags=command.tags,
                shared_with=command.shared_with,
            )
            if changed:
                await uow.avatars.update(avatar)
                await record_consent_changes(
                    uow, consent_before, avatar, command.viewer, now, self._ids
                )
                await uow.commit()
        return avatar


class DeleteAvatar:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, blobs: BlobStore) -> None:
        self._uow_factory, self._clock = uow_factory, clock
        self._blobs = blobs

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> None:
        """Delete the avatar, its versions, photos and model files, then their stored objects."""
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            photos = await uow.photos.list_for_avatar(avatar_id)
            models = await uow.model_files.list_for_avatar(avatar_id)
            avatar.mark_deleted(self._clock.now())
            await uow.avatars.delete(avatar_id)
            await uow.commit()
        # Objects go after the rows that point to them, so no row ever points at nothing.
        keys = [key for photo in photos for key in photo.keys]
        keys += [m.storage_key for m in models]
        for key in keys:
            await self._blobs.delete(key)


class DuplicateAvatar:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids

    async def __call__(self, viewer: Viewer, avatar_id: UUID, name: str) -> Avatar:
        """A private copy, owned by the viewer, of an avatar the viewer can see.

        The copy starts at version 1, remembers its source as parent and, when it has
        measurements, is processed like a new avatar (analysis, and models once they exist).
        """
        now = self._clock.now()
        name = clean_name(name)
        async with self._uow_factory() as uow:
            source = await load_readable(uow, avatar_id, viewer)
            await uow.avatars.lock_owner(viewer.user_id)
            ensure_quota(viewer.role, await uow.avatars.count_for_user(viewer.user_id))
            if await uow.avatars.name_taken(viewer.user_id, name):
                raise AvatarNameTaken(f"you already have an avatar named '{name}'", field="name")
            copy = source.duplicate(
                new_id=self._ids.new_id(),
                owner=viewer.user_id,
                name=name,
                profile_id=self._ids.new_id(),
                now=now,
            )
            job = ProcessAvatarJob(id=self._ids.new_id(), avatar_id=copy.id, reason="duplicated")
            if copy.measurements is not None:
                if can_analyse(copy.measurements):  # an unfitted copy is analysed once fitted
                    copy.replace_body_analysis(
                        analyse_body(copy.measurements, self._ids.new_id(), now), now
                    )
                copy.start_processing(now, stage="queued", progress=0, job_id=job.id)
            await uow.avatars.add(copy)
            if copy.measurements is not None:
                await uow.versions.add(copy.initial_version(self._ids.new_id(), now))
                await uow.outbox.add_job(job, now)
            await uow.commit()
        return copy
