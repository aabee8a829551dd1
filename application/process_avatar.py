"""Background processing of an avatar: a body, its measurements, its model files.

Stages, reported as progress events:

- measurement-based and preset avatars: ``measurement_fitting`` (the body model is fitted to
  the given measurements and fills in the missing ones);
- photo-based avatars: ``measurement_extraction`` (the ShapeEstimator reads the processed
  front and side photos); once measured, later changes are fitted like typed measurements;
- then ``model_generation`` (the model files), and completed.

The CPU work runs outside any transaction; the results are recorded in one short
transaction at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from application.errors import PhotoMeasurementFailed
from application.extract_measurements import EXTRACT_JOB
from application.model_files import ALL_FORMATS, ALL_LEVELS, ModelFileWriter
from application.photo_measurement import processed_views
from application.ports import (
    Appearance,
    BlobStore,
    BodyModel,
    BodyShape,
    Clock,
    EstimationProgress,
    FitRequest,
    IdGenerator,
    ImageInspector,
    KeypointsFormat,
    PhotoPreprocessor,
    ProcessAvatarJob,
    ProcessedView,
    ShapeEstimate,
    ShapeEstimator,
    UnitOfWorkFactory,
)
from domain.avatar import Avatar, AvatarStatus, AvatarType
from domain.body_analysis import analyse_body
from domain.errors import DomainError
from domain.measurements import (
    SPECS_BY_NAME,
    ExtractionMethod,
    MeasurementProfile,
    definitions_note,
)
from domain.model_file import LodLevel, ModelFile, ModelFormat
from domain.photo_checks import BodyHints
from domain.units import MeasurementUnit

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PhotoMeasurement:
    """What photo-based avatars need besides the body model: the estimator and the photos."""

    estimator: ShapeEstimator
    blobs: BlobStore
    masks: PhotoPreprocessor
    keypoints: KeypointsFormat
    images: ImageInspector | None = None  # for estimators that read the photos' pixels


class NoShapeEstimator:
    """A ``ShapeEstimator`` for a service that measures no photos (tests of the typed-in
    lifecycle): a photo avatar fails with a reason, as the estimator's own failures do."""

    async def estimate(
        self,
        views: Sequence[ProcessedView],
        hints: BodyHints,
        progress: EstimationProgress | None = None,
    ) -> ShapeEstimate:
        raise PhotoMeasurementFailed(
            "photo measurement is not configured on this service", retryable=False
        )


@dataclass(frozen=True, slots=True)
class _Outcome:
    profile: MeasurementProfile
    shape: BodyShape
    files: tuple[ModelFile, ...]
    description: str


class ProcessAvatar:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        body_model: BodyModel,
        model_files: ModelFileWriter,
        photos: PhotoMeasurement,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
    ) -> None:
        self._uow_factory, self._clock, self._ids = uow_factory, clock, ids
        self._body_model = body_model
        self._model_files = model_files
        self._photos = photos
        self._formats, self._levels = tuple(formats), tuple(levels)

    async def __call__(self, job: ProcessAvatarJob) -> None:
        """Measure or fit, then build an avatar in processing, and mark it completed.

        Done once in effect: the job's id is recorded in the same transaction as its result,
        so a redelivered job changes nothing; a job for an avatar that is gone, no longer
        processing, or whose measurements changed meanwhile (a newer job follows) is
        recorded and ignored. A failure of a stage on this avatar marks it failed, with a
        reason the user can act on; an error of the infrastructure (database down)
        propagates, and the job is retried by whoever delivered it.
        """
        from_photos = await self._from_photos(job)
        stage = "measurement_extraction" if from_photos else "measurement_fitting"
        avatar = await self._progress(job, stage=stage, progress=10)
        if avatar is None:
            await self._finish(job, None, None, error="the avatar is gone or not processing")
            return
        started_from = avatar.measurements
        try:
            if from_photos:
                profile, shape, description = await self._measure_photos(avatar)
                if started_from is not None:  # measured again (extract): overrides stay
                    profile, shape, description = await self._keep_overrides(
                        started_from, profile, shape, description
                    )
            else:
                profile, shape, description = await self._fit(avatar)
            await self._progress(job, stage="model_generation", progress=60)
            files = await self._write_models(avatar, shape)
        except PhotoMeasurementFailed as failure:
            await self._finish(
                job, started_from, None, error=failure.reason, retryable=failure.retryable
            )
            return
        except (DomainError, ValueError, ArithmeticError) as error:  # failed on this avatar
            log.warning("processing avatar %s failed: %s", avatar.id, error)
            await self._finish(job, started_from, None, error=str(error))
            return
        await self._finish(job, started_from, _Outcome(profile, shape, files, description))

    async def _from_photos(self, job: ProcessAvatarJob) -> bool:
        """A photo-based avatar not measured yet is measured from its photos, and any avatar
        whose owner asked for it (``ExtractMeasurements``) is measured from them again."""
        if job.reason == EXTRACT_JOB:
            return True
        async with self._uow_factory(read_only=True) as uow:
            avatar = await uow.avatars.get(job.avatar_id)
        return (
            avatar is not None
            and avatar.avatar_type is AvatarType.PHOTO_BASED
            and avatar.measurements is None
        )

    async def _fit(self, avatar: Avatar) -> tuple[MeasurementProfile, BodyShape, str]:
        profile = avatar.measurements
        if profile is None:
            raise ValueError("the avatar has no measurements to fit a body to")
        fitted = await self._body_model.fit(
            FitRequest(measurements=profile.given, gender=profile.gender)
        )
        new_profile = profile.with_fit(fitted.measurements, fitted.confidence, self._clock.now())
        estimated = ", ".join(new_profile.estimated) or "nothing"
        description = (
            f"body fit ({fitted.shape.model_name}); estimated: {estimated}; "
            f"{definitions_note(profile.gender)}"
        )
        return new_profile, fitted.shape, description

    async def _measure_photos(self, avatar: Avatar) -> tuple[MeasurementProfile, BodyShape, str]:
        async with self._uow_factory(read_only=True) as uow:
            photos = self._photos
            views = await processed_views(
                uow, photos.blobs, photos.masks, photos.keypoints, avatar.id, photos.images
            )
            hints = await uow.photos.hints_for(avatar.id) or BodyHints()
        if not views:
            raise PhotoMeasurementFailed(
                "a front and a side photo must both be processed before the avatar can be "
                "measured: upload the missing one",
                retryable=True,
            )
        estimate = await self._photos.estimator.estimate(views, hints)
        now = self._clock.now()
        profile = MeasurementProfile(
            id=self._ids.new_id(),
            avatar_id=avatar.id,
            values={k: round(v, 1) for k, v in estimate.measurements.items() if k in SPECS_BY_NAME},
            unit=MeasurementUnit.METRIC,
            extraction_method=ExtractionMethod.AI,
            created_at=now,
            updated_at=now,
            confidence_scores={k: v for k, v in estimate.confidence.items() if k in SPECS_BY_NAME},
            gender=hints.gender,  # later fits keep the body's sex and the chest it was taped by
        )
        notes = "; ".join(f"{k}: {v}" for k, v in sorted(estimate.metadata.items()))
        description = f"measured from photos ({notes}); {definitions_note(hints.gender)}"
        return profile, estimate.shape, description

    async def _keep_overrides(
        self,
        previous: MeasurementProfile,
        extracted: MeasurementProfile,
        shape: BodyShape,
        description: str,
    ) -> tuple[MeasurementProfile, BodyShape, str]:
        """The extracted profile with the values the user typed (``previous``'s manual
        overrides) as typed, in the user's unit; with overrides the body is fitted to them
        and the extracted values together, so the model files agree with the numbers."""
        profile = with_overrides_of(previous, extracted)
        if not profile.manual_overrides:
            return profile, shape, description
        fitted = await self._body_model.fit(
            FitRequest(measurements=profile.given, gender=profile.gender)
        )
        kept = ", ".join(profile.manual_overrides)
        return profile, fitted.shape, f"{description}; kept as typed: {kept}"

    async def _write_models(self, avatar: Avatar, shape: BodyShape) -> tuple[ModelFile, ...]:
        appearance = Appearance(skin_tone=avatar.skin_tone) if avatar.skin_tone else None
        return await self._model_files.write_files(
            avatar, shape, formats=self._formats, levels=self._levels, appearance=appearance
        )

    async def _progress(self, job: ProcessAvatarJob, *, stage: str, progress: int) -> Avatar | None:
        """Report a stage in its own short transaction; None if the avatar is not processing."""
        async with self._uow_factory() as uow:
            avatar = await uow.avatars.get(job.avatar_id, for_update=True)
            if avatar is None or avatar.status is not AvatarStatus.PROCESSING:
                return None
            avatar.report_progress(self._clock.now(), stage=stage, progress=progress)
            await uow.avatars.update(avatar)  # what GET and the job polling show
            await uow.commit()
            return avatar

    async def _finish(
        self,
        job: ProcessAvatarJob,
        started_from: MeasurementProfile | None,
        outcome: _Outcome | None,
        *,
        error: str | None = None,
        retryable: bool = True,
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
                if outcome is None:
                    raise ValueError(error or "processing failed")
                version = avatar.record_body_fit(
                    outcome.profile,
                    version_id=self._ids.new_id(),
                    now=now,
                    description=outcome.description,
                )
                avatar.replace_body_analysis(
                    analyse_body(outcome.profile, self._ids.new_id(), now), now
                )
                if outcome.files:
                    shape = outcome.shape
                    await self._model_files.record(
                        uow,
                        avatar,
                        outcome.files,
                        body_model=f"{shape.model_name} {shape.model_version}",
                    )
                await uow.versions.add(
                    replace(
                        version,
                        model_file_id=avatar.model_file_id,
                        body_analysis_snapshot=avatar.body_analysis,
                    )
                )
                avatar.complete(self._clock.now())
            except (DomainError, ValueError, ArithmeticError) as failure:
                log.warning("processing avatar %s failed: %s", avatar.id, failure)
                retry = retryable if outcome is None else True
                avatar.fail(self._clock.now(), error=str(failure), retryable=retry)
            await uow.avatars.update(avatar)
            await uow.commit()


def with_overrides_of(
    previous: MeasurementProfile, extracted: MeasurementProfile
) -> MeasurementProfile:
    """A profile measured again from photos, keeping what the user typed into ``previous``:
    its manual overrides keep their values (and lose the extraction's confidence, as a typed
    value has none), the unit stays the user's, and a gender said before stays. It is the
    same profile (its id and creation), in a new version."""
    typed = {n: previous.values[n] for n in previous.manual_overrides if n in previous.values}
    return replace(
        extracted,
        id=previous.id,
        created_at=previous.created_at,
        values={**extracted.values, **typed},
        manual_overrides=tuple(typed),
        extraction_method=ExtractionMethod.MIXED if typed else ExtractionMethod.AI,
        confidence_scores={k: v for k, v in extracted.confidence_scores.items() if k not in typed},
        unit=previous.unit,
        gender=extracted.gender or previous.gender,
    )
