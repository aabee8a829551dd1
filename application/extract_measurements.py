"""POST /avatars/{id}/measurements/extract (spec 4.1.3): measure the body from the photos again.

For an avatar whose photos changed (better ones uploaded, a view re-taken), or after the
estimator improved. The avatar goes back to processing like a regeneration, and the job
(``ProcessAvatarJob`` with reason ``EXTRACT_JOB``) runs ``ProcessAvatar``: the estimator
reads the avatar's current processed front and side photos, and the result is recorded as a
new version. Values the user typed since (the profile's manual overrides) stay as typed, and
the body is fitted to them together with the extracted ones.
"""

from __future__ import annotations

from uuid import UUID

from application.access import load_modifiable
from application.photo_measurement import NEEDED_VIEWS, measurable_photos, missing_views_reason
from application.ports import Clock, IdGenerator, ProcessAvatarJob, UnitOfWorkFactory
from domain.access import Viewer
from domain.avatar import Avatar, AvatarStatus
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.photo import PhotoStatus

EXTRACT_JOB = "measurements_extract"  # the reason of the ProcessAvatarJob it queues


class ExtractMeasurements:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> Avatar:
        """Queue the extraction and move the avatar to processing; returns the avatar.

        ``AvatarNotFound`` / ``NotAllowed`` for an avatar that is not the viewer's;
        ``InvalidStatusTransition`` while it or one of its needed photos is being
        processed; ``InvalidValue`` (field ``photos``) when it has no processed front and
        side photo, saying what to upload.
        """
        now = self._clock.now()
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            if avatar.status is AvatarStatus.PROCESSING:
                raise InvalidStatusTransition(
                    "the avatar is being processed; extract its measurements when it is done",
                    field="status",
                )
            photos = [p for p in await uow.photos.list_for_avatar(avatar_id) if not p.deleted]
            if not measurable_photos(photos):
                waiting = [
                    p.view_type.value
                    for p in photos
                    if p.view_type in NEEDED_VIEWS
                    and p.status in (PhotoStatus.UPLOADED, PhotoStatus.PROCESSING)
                ]
                if waiting:
                    raise InvalidStatusTransition(
                        f"the {' and '.join(sorted(set(waiting)))} photo is not processed yet; "
                        "extract the measurements once it is (POST .../photos/process "
                        "processes uploaded photos)",
                        field="photos",
                    )
                raise InvalidValue(
                    "the avatar has no processed front and side photo to measure: "
                    + missing_views_reason(photos),
                    field="photos",
                )
            job = ProcessAvatarJob(id=self._ids.new_id(), avatar_id=avatar.id, reason=EXTRACT_JOB)
            avatar.start_processing(now, stage="queued", progress=0, job_id=job.id)
            await uow.avatars.update(avatar)
            await uow.outbox.add_job(job, now)
            await uow.commit()
        return avatar
