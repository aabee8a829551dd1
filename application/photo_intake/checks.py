"""The checks every photo passes before anything of it is stored, in this order (the
first failure is reported for each photo; docs/adr/0020-photo-intake.md):

1. size (the HTTP edge also counts while streaming: a 2 GB body never fills memory or disk);
2. format by content (magic bytes), never by name or Content-Type;
3. malware scan of the file as received (before any decoder sees it);
4. bounded decoding: no bombs, truncated files, polyglots or broken headers;
5. resolution after the EXIF orientation; EXIF capture date and device read; the image is
   re-encoded without any metadata, and only that clean copy is ever stored;
6. content: exactly one person, head to feet for front and side views, a face for front ones."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from application.ports import (
    CleanImage,
    ImageInspector,
    MalwareScanner,
    PersonDetector,
    PhotoKeypoints,
    PhotoPreprocessor,
    ScanResult,
)
from domain.errors import DomainError
from domain.photo import DEFAULT_PHOTO_RETENTION, ViewType
from domain.photo_checks import (
    Check,
    ImageFormat,
    PersonFindings,
    PhotoLimits,
    PhotoRejected,
    check_person,
)

log = logging.getLogger(__name__)


SNIFF_BYTES = 64


@dataclass(frozen=True, slots=True)
class IntakeSettings:
    limits: PhotoLimits = field(default_factory=PhotoLimits)
    analysis_side_px: int = 1024  # detection, processed image and mask work at this size
    thumbnail_side_px: int = 256
    retention: timedelta = DEFAULT_PHOTO_RETENTION  # after processing (spec 9.3)
    max_photos_per_avatar: int = 10
    max_concurrent_checks: int = 2  # CPU-bound work at once in this process (memory bound)
    storage_bucket: str = "local"


@dataclass(frozen=True, slots=True)
class IncomingPhoto:
    """One photo as a client sent it; ``field`` is how the request named it (``photos[0]``)."""

    field: str
    view_type: ViewType
    filename: str
    data: bytes

    @property
    def label(self) -> str:
        return photo_label(self.field, self.view_type, self.filename)


@dataclass(frozen=True, slots=True)
class RejectedPhoto:
    """A photo that failed a check: at the HTTP edge while it streamed (too large, not an
    image), or in ``PhotoChecker``."""

    field: str
    label: str  # the field with the view and file name: ``photos[0] (front, me.jpg)``
    rejection: PhotoRejected


Submitted = IncomingPhoto | RejectedPhoto


@dataclass(frozen=True, slots=True)
class AcceptedPhoto:
    """A photo that passed every check, with what the checks found: the person's keypoints
    and mask (a PNG) are kept for the measurement step."""

    incoming: IncomingPhoto
    clean: CleanImage
    scan: ScanResult
    findings: PersonFindings
    keypoints: PhotoKeypoints
    mask_png: bytes


class PhotosRejected(DomainError):
    """One or more photos failed their checks; nothing of any of them was stored."""

    def __init__(self, rejections: Sequence[RejectedPhoto]) -> None:
        self.rejections = list(rejections)
        first = self.rejections[0]
        more = len(self.rejections) - 1
        super().__init__(
            f"{first.label}: {first.rejection.reason}" + (f" (and {more} more)" if more else ""),
            field=first.field,
        )

    @property
    def check(self) -> Check:
        return self.rejections[0].rejection.check


def photo_label(field: str, view_type: ViewType | None, filename: str) -> str:
    """How a problem names a photo: ``photos[0] (front, me.jpg)``."""
    details = [part for part in (view_type.value if view_type else "", filename) if part]
    return f"{field} ({', '.join(details)})" if details else field


class PhotoChecker:
    """The checks every photo passes before anything of it is stored (the module's list)."""

    def __init__(
        self,
        inspector: ImageInspector,
        detector: PersonDetector,
        scanner: MalwareScanner,
        preprocessor: PhotoPreprocessor,
        settings: IntakeSettings,
    ) -> None:
        self._inspector, self._detector, self._scanner = inspector, detector, scanner
        self._preprocessor, self._settings = preprocessor, settings
        self._cpu = asyncio.Semaphore(settings.max_concurrent_checks)

    @property
    def settings(self) -> IntakeSettings:
        return self._settings

    def sniff(self, head: bytes) -> ImageFormat:
        """The format from the first bytes; ``PhotoRejected`` (format) as soon as they say
        the file is not an accepted image, so the rest of it need not be read."""
        return self._inspector.sniff(head[:SNIFF_BYTES])

    async def check(self, photo: IncomingPhoto) -> AcceptedPhoto:
        """The photo cleaned and checked; ``PhotoRejected`` with the first failure."""
        limits = self._settings.limits
        limits.check_size(len(photo.data))
        image_format = self.sniff(photo.data)
        scan = await self._scanner.scan(photo.data)
        if scan.infected:
            raise PhotoRejected(
                Check.MALWARE, f"the file contains malware ({scan.signature or 'unnamed'})"
            )
        async with self._cpu:
            clean = await asyncio.to_thread(
                self._inspector.clean,
                photo.data,
                image_format,
                limits,
                self._settings.analysis_side_px,
            )
            analysis = await asyncio.to_thread(self._detector.detect, clean.preview, with_mask=True)
            check_person(photo.view_type, analysis.findings)
            assert analysis.mask is not None
            mask_png = await asyncio.to_thread(self._preprocessor.mask_png, analysis.mask)
        keypoints = PhotoKeypoints.of(
            photo.view_type,
            analysis.findings,
            (clean.preview.width, clean.preview.height),
            (clean.width, clean.height),
            self._detector.name,
        )
        return AcceptedPhoto(photo, clean, scan, analysis.findings, keypoints, mask_png)

    async def check_all(self, photos: Sequence[Submitted]) -> list[AcceptedPhoto]:
        """Every photo checked; ``PhotosRejected`` naming each that failed, in order."""

        async def outcome(photo: Submitted) -> AcceptedPhoto | RejectedPhoto:
            if isinstance(photo, RejectedPhoto):
                return photo
            try:
                return await self.check(photo)
            except PhotoRejected as rejection:
                return RejectedPhoto(photo.field, photo.label, rejection)

        # Concurrently: decoding, encoding and the models release the GIL; the semaphore
        # bounds how many photos are decoded at once (memory).
        outcomes = await asyncio.gather(*(outcome(photo) for photo in photos))
        accepted = [o for o in outcomes if isinstance(o, AcceptedPhoto)]
        rejections = [o for o in outcomes if isinstance(o, RejectedPhoto)]
        if rejections:
            raise PhotosRejected(rejections)
        return accepted
