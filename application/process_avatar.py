"""Background processing of an avatar: fit the body, measure it, build its model files.

Stages, reported as progress events: ``measurement_fitting`` (the body model is fitted to
the given measurements and fills the missing ones), ``model_generation`` (the model files
in every format and level of detail), then completed. The CPU work runs outside any
transaction; the results are recorded in one short transaction at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from application.model_files import ALL_FORMATS, ALL_LEVELS, GenerateModelFiles
from application.ports import (
    Appearance,
    BodyModel,
    Clock,
    FitRequest,
    FittedBody,
    IdGenerator,
    ProcessAvatarJob,
    UnitOfWorkFactory,
)
from domain.avatar import Avatar, AvatarStatus
from domain.body_analysis import analyse_body
from domain.errors import DomainError
from domain.measurements import MeasurementProfile
from domain.model_file import LodLevel, ModelFile, ModelFormat

log = logging.getLogger(__name__)


class ProcessAvatar:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        body_model: BodyModel,
        generate_models: GenerateModelFiles | None,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._body_model = body_model
        self._generate_models = generate_models
        self._formats, self._levels = tuple(formats), tuple(levels)

    async def __call__(self, job: ProcessAvatarJob) -> None:
        """Fit, measure and build an avatar in processing, then mark it completed.

        Done once in effect: the job's id is recorded in the same transaction as its result,
        so a redelivered job changes nothing; a job for an avatar that is gone, no longer
        processing, or whose measurements changed meanwhile (a newer job follows) is
        recorded and ignored. A failure of a stage on this avatar marks it failed
        (retryable); an error of the infrastructure (database down) propagates, and the job
        is retried by whoever delivered it.
        """
        avatar = await self._progress(job, stage="measurement_fitting", progress=10)
        if avatar is None or avatar.measurements is None:
            await self._finish(job, None, None, error="the avatar has no measurements to fit")
            return
        profile = avatar.measurements
        try:
            fitted = await self._body_model.fit(
                FitRequest(measurements=profile.given, gender=profile.gender)
            )
            await self._progress(job, stage="model_generation", progress=50)
            files: tuple[ModelFile, ...] = ()
            if self._generate_models is not None:
                appearance = Appearance(skin_tone=avatar.skin_tone) if avatar.skin_tone else None
                files = await self._generate_models.write_files(
                    avatar,
                    fitted.shape,
                    formats=self._formats,
                    levels=self._levels,
                    appearance=appearance,
                )
        except (DomainError, ValueError, ArithmeticError) as error:  # failed on this avatar
            log.warning("processing avatar %s failed: %s", avatar.id, error)
            await self._finish(job, profile, None, error=str(error))
            return
        await self._finish(job, profile, (fitted, files))

    async def _progress(self, job: ProcessAvatarJob, *, stage: str, progress: int) -> Avatar | None:
        """Report a stage in its own short transaction; None if the avatar is not processing."""
        async with self._uow_factory() as uow:
            avatar = await uow.avatars.get(job.avatar_id, for_update=True)
            if avatar is None or avatar.status is not AvatarStatus.PROCESSING:
                return None
            avatar.report_progress(self._clock.now(), stage=stage, progress=progress)
            await uow.outbox.add_events(avatar.pull_events())
            await uow.commit()
            return avatar

    async def _finish(
        self,
        job: ProcessAvatarJob,
        started_from: MeasurementProfile | None,
        result: tuple[FittedBody, tuple[ModelFile, ...]] | None,
        *,
        error: str | None = None,
    ) -> None:
        async with self._uow_factory() as uow:
            if not await uow.processed.first_time(job.id, self._clock.now()):
                log.info("job %s was done already; skipping the redelivery", job.id)
                return
            avatar = await uow.avatars.get(job.avatar_id, for_update=True)
            if (
                avatar is None
                or avatar.status is not AvatarStatus.PROCESSING
                or avatar.measurements != started_from
            ):
                log.info("skipping job %s: avatar gone, not processing, or changed", job.id)
                await uow.commit()
                return
            now = self._clock.now()
            try:
                if result is None:
                    raise ValueError(error or "processing failed")
                fitted, files = result
                profile = avatar.measurements
                assert profile is not None
                new_profile = profile.with_fit(fitted.measurements, fitted.confidence, now)
                estimated = ", ".join(new_profile.estimated) or "nothing"
                version = avatar.record_body_fit(
                    new_profile,
                    version_id=self._ids.new_id(),
                    now=now,
                    description=f"body fit ({fitted.shape.model_name}); estimated: {estimated}",
                )
                avatar.replace_body_analysis(
                    analyse_body(new_profile, self._ids.new_id(), now), now
                )
                if files and self._generate_models is not None:
                    await self._generate_models.record(
                        uow,
                        avatar,
                        files,
                        body_model=f"{fitted.shape.model_name} {fitted.shape.model_version}",
                    )
                version = replace(version, model_file_id=avatar.model_file_id)
                await uow.versions.add(version)
                avatar.complete(self._clock.now())
            except (DomainError, ValueError, ArithmeticError) as failure:
                log.warning("processing avatar %s failed: %s", avatar.id, failure)
                avatar.fail(self._clock.now(), error=str(failure), retryable=True)
            await uow.avatars.update(avatar)
            await uow.outbox.add_events(avatar.pull_events())
            await uow.commit()
