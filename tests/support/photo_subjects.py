"""Held-out subjects for photo measurement: photos as users take them, read like uploads.

A subject is a body of anny's population (``AnnySpace.sample``; its seeds are far from the
training data's), photographed front and side by ``tests/support/natural_photos.py``: in the
model's rest pose or standing naturally, in tight, regular or loose clothes (geometry, not
mask edits), by phone cameras 2-4 m away in rooms. Each photo is a JPEG that carries EXIF
(make, model, focal length) for about half of the subjects. It is then read exactly as an
upload is: ``PillowImageInspector.clean`` (the metadata-free copy and the picture at the
analysis size), the MediaPipe detector (keypoints and person mask) and, where the file
carries it, the focal length from its EXIF (``adapters.imaging.exif``).

Truth is the anthropometry engine on the true body in its rest pose, unclothed. The height a
user would type is the true height with typing noise (+-1 cm, whole centimetres).

    subject = make_subject(space, detector, seed=910_000, stance="natural", clothing="regular")
    estimator.estimate_sync(subject.views, subject.hints())
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adapters.body.anthropometry import measure
from adapters.body.geometry import BodyGeometry
from adapters.imaging.pillow_inspector import PillowImageInspector
from application.photo_measurement import focal_length_px
from application.ports import Gender, ProcessedView
from domain.measurements import chest_girth_for
from domain.photo import ViewType
from domain.photo_checks import (
    BodyHints,
    Clothing,
    ImageFormat,
    PersonFindings,
    PhotoLimits,
    PhotoRejected,
    check_person,
)
from tests.support import natural_photos


def true_measurements(
    geometry: BodyGeometry, gender: Gender
) -> tuple[dict[str, float], dict[str, float]]:
    """The anthropometry engine on the true body: every measurement (``chest`` the one of
    ``gender``), and both chest girths by ``ChestGirth`` value (bust, under_armpits)."""
    result = measure(geometry, gender)
    values = {name: float(value) for name, value in result.values.items()}
    return values, {girth.value: float(value) for girth, value in result.chest_girths.items()}


def truth_for(
    truth: dict[str, float], chest_girths: dict[str, float], gender: Gender | None
) -> dict[str, float]:
    """``truth`` with the chest a profile of ``gender`` holds (a woman's bust, else the chest
    girth under the armpits: ``domain.measurements.chest_girth_for``), as the estimator
    reports it for that gender hint."""
    chosen = chest_girth_for(gender).value
    if chosen not in chest_girths:
        return dict(truth)
    return {**truth, "chest": chest_girths[chosen]}


ANALYSIS_SIDE_PX = 1024  # the intake's analysis size (PhotoIntakeSettings.analysis_side_px)
STANCES = ("rest", "natural")


@dataclass(frozen=True)
class Subject:
    seed: int
    parameters: NDArray[np.float64]
    geometry: BodyGeometry  # the true body, rest pose, unclothed
    truth: dict[str, float]  # the anthropometry engine on ``geometry``, chest by ``gender``
    views: list[ProcessedView]  # front, side: what the estimator reads
    photos: dict[str, bytes]  # view -> the JPEG as uploaded
    findings: dict[str, PersonFindings] = field(default_factory=dict)  # view -> detector's
    typed_height_cm: float = 0.0  # the true height as a user types it (+-1 cm, whole cm)
    gender: Gender = Gender.FEMALE
    gender_stated: bool = True  # whether this user says the gender
    stance: str = "rest"
    clothing: Clothing = Clothing.TIGHT
    exif: bool = False  # whether the files carry EXIF (focal length)
    details: dict[str, Any] = field(default_factory=dict)  # stances, outfit, cameras
    chest_girths: dict[str, float] = field(default_factory=dict)  # bust, under_armpits

    def truth_for(self, gender: Gender | None) -> dict[str, float]:
        """The truth to compare an estimate made with ``gender`` as the hint against."""
        return truth_for(self.truth, self.chest_girths, gender)

    def hints(self, *, height: bool = True, clothing: bool = True) -> BodyHints:
        """What this user would type: the height (with typing noise), the gender when this
        user says it, the clothing when ``clothing`` (tight, regular, loose)."""
        return BodyHints(
            height_cm=self.typed_height_cm if height else None,
            gender=self.gender if self.gender_stated else None,
            clothing=self.clothing if clothing else None,
        )

    def upload_problems(self) -> list[str]:
        """Why the intake would refuse these photos today (``check_person``), per view."""
        problems = []
        for view, findings in self.findings.items():
            try:
                check_person(ViewType(view), findings)
            except PhotoRejected as rejection:
                problems.append(f"{view} photo refused at upload: {rejection.reason}")
        return problems

    def without_images(self) -> Subject:
        """The same subject without decoded pictures in its views (small enough to cache)."""
        return replace(self, views=[replace(view, image=None) for view in self.views])

    def with_images(self, inspector: PillowImageInspector | None = None) -> Subject:
        """The views with the picture the service decodes for the estimator (the stored
        clean copy at the mask's size), as ``application.photo_measurement`` does."""
        inspector = inspector or PillowImageInspector()
        views = []
        for view in self.views:
            clean = inspector.clean(
                self.photos[view.view_type.value], ImageFormat.JPEG, PhotoLimits(), 64
            )
            side = max(view.mask.width, view.mask.height)
            views.append(replace(view, image=inspector.decode(clean.data, side)))
        return replace(self, views=views)


def typed_height_cm(true_height_cm: float, rng: np.random.Generator) -> float:
    """The height as a user types it: off by up to a centimetre, in whole centimetres."""
    return float(round(true_height_cm + rng.uniform(-1.0, 1.0)))


@dataclass(frozen=True)
class SubjectPhotos:
    """A subject's photos as its phone saved them, before the service reads them."""

    seed: int
    parameters: NDArray[np.float64]
    geometry: BodyGeometry  # the true body, rest pose, unclothed
    truth: dict[str, float]
    photos: dict[str, bytes]  # front, side: the JPEG files
    typed_height_cm: float
    gender: Gender
    gender_stated: bool
    stance: str
    clothing: Clothing
    exif: bool
    details: dict[str, Any]
    chest_girths: dict[str, float]


def photograph_subject(
    space: Any,
    seed: int,
    *,
    stance: str = "rest",
    clothing: Clothing | str = Clothing.TIGHT,
    exif_focal: bool | None = None,
) -> SubjectPhotos:
    """Subject ``seed`` in ``stance`` (rest | natural) wearing ``clothing``, photographed front
    and side. The body depends on ``seed`` only, so conditions can share bodies.
    ``exif_focal``: whether the files carry EXIF; None lets the seed decide (about half)."""
    if stance not in STANCES:
        raise ValueError(f"stance must be one of {STANCES}")
    clothing = Clothing(clothing)
    streams = [np.random.default_rng([seed, part]) for part in range(5)]
    body_rng, stance_rng, outfit_rng, scene_rng, user_rng = streams
    parameters = space.sample(body_rng, 1, None)[0]
    geometry = space.geometry(parameters)
    female = bool(parameters[0] > 0.5)
    gender = Gender.FEMALE if female else Gender.MALE
    truth, chest_girths = true_measurements(geometry, gender)
    exif = bool(user_rng.random() < 0.5) if exif_focal is None else exif_focal
    gender_stated = bool(user_rng.random() < 0.5)
    typed = typed_height_cm(truth["height"], user_rng)

    rig = natural_rig(space)
    body = rig.rest(parameters)
    outfit = natural_photos.random_outfit(outfit_rng, clothing.value, female)
    style = natural_photos.random_style(outfit_rng, outfit)
    if stance == "rest":
        stances = {"front": natural_photos.REST_STANCE, "side": natural_photos.REST_STANCE}
    else:
        front = natural_photos.natural_stance(stance_rng)
        stances = {"front": front, "side": natural_photos.second_photo_stance(front, stance_rng)}
    side_azimuth = 90.0 if scene_rng.random() < 0.5 else -90.0
    phone = int(scene_rng.integers(len(natural_photos.PHONES)))
    photos: dict[str, bytes] = {}
    details: dict[str, Any] = {"outfit": outfit.describe(), "stances": {}, "cameras": {}}
    for view, azimuth in (("front", 0.0), ("side", side_azimuth)):
        figure = natural_photos.dressed_figure(rig, body, stances[view], outfit, style, geometry)
        shot = natural_photos.random_shot(scene_rng, figure, azimuth, exact_view=stance == "rest")
        rendering = natural_photos.photograph(scene_rng, figure, shot, style)
        camera = shot.camera
        photos[view] = natural_photos.jpeg_file(
            rendering.image, shot.quality, camera.focal_length_mm if exif else None, phone
        )
        details["stances"][view] = stances[view].describe()
        details["cameras"][view] = {
            "width_px": camera.width_px,
            "height_px": camera.height_px,
            "distance_m": round(camera.distance_m, 3),
            "height_m": round(camera.height_m, 3),
            "tilt_deg": round(camera.tilt_deg, 2),
            "azimuth_deg": round(camera.azimuth_deg, 2),
            "focal_length_mm": round(camera.focal_length_mm, 2),
            "background": shot.background,
            "jpeg_quality": shot.quality,
        }
    return SubjectPhotos(
        seed=seed,
        parameters=parameters,
        geometry=geometry,
        truth=truth,
        photos=photos,
        typed_height_cm=typed,
        gender=gender,
        gender_stated=gender_stated,
        stance=stance,
        clothing=clothing,
        exif=exif,
        details=details,
        chest_girths=chest_girths,
    )


def read_like_upload(
    photos: SubjectPhotos, detector: Any, inspector: PillowImageInspector | None = None
) -> Subject:
    """The photos read as the service reads an upload: cleaned (metadata-free copy, picture at
    the analysis size), keypoints and mask from ``detector``, the focal length from EXIF only,
    and the picture the estimator gets (the stored copy decoded at the mask's size)."""
    inspector = inspector or PillowImageInspector()
    views: list[ProcessedView] = []
    findings: dict[str, PersonFindings] = {}
    for view, data in photos.photos.items():
        clean = inspector.clean(data, ImageFormat.JPEG, PhotoLimits(), ANALYSIS_SIDE_PX)
        picture = clean.preview
        analysis = detector.detect(picture, with_mask=True)
        assert analysis.mask is not None
        findings[view] = analysis.findings
        # The focal length as the intake reads it from the file's EXIF (None without), in
        # pixels of the analysed picture as the measurement step converts it.
        focal_px = focal_length_px(clean.focal_length_35mm, picture.width, picture.height)
        views.append(
            ProcessedView(
                view_type=ViewType(view),
                mask=analysis.mask,
                keypoints=analysis.findings.keypoints,
                focal_length_px=focal_px,
                image=inspector.decode(clean.data, max(analysis.mask.width, analysis.mask.height)),
            )
        )
    return Subject(
        seed=photos.seed,
        parameters=photos.parameters,
        geometry=photos.geometry,
        truth=photos.truth,
        views=views,
        photos=photos.photos,
        findings=findings,
        typed_height_cm=photos.typed_height_cm,
        gender=photos.gender,
        gender_stated=photos.gender_stated,
        stance=photos.stance,
        clothing=photos.clothing,
        exif=photos.exif,
        details=photos.details,
        chest_girths=photos.chest_girths,
    )


def make_subject(
    space: Any,
    detector: Any,
    seed: int,
    *,
    stance: str = "rest",
    clothing: Clothing | str = Clothing.TIGHT,
    exif_focal: bool | None = None,
) -> Subject:
    """Subject ``seed`` photographed (``photograph_subject``) and read like an upload."""
    photos = photograph_subject(
        space, seed, stance=stance, clothing=clothing, exif_focal=exif_focal
    )
    return read_like_upload(photos, detector)


_RIGS: dict[int, natural_photos.AnnyRig] = {}


def natural_rig(space: Any) -> natural_photos.AnnyRig:
    """anny's rig for ``space``, built once."""
    rig = _RIGS.get(id(space))
    if rig is None or rig.space is not space:
        rig = _RIGS[id(space)] = natural_photos.AnnyRig(space)
    return rig


def vertex_error_mm(space: Any, fitted: NDArray[np.float64], truth: NDArray[np.float64]) -> float:
    """Mean distance between corresponding vertices of two anny bodies in their rest pose."""
    vertices, _ = space.surface(np.stack([fitted, truth]))
    return float(np.linalg.norm(vertices[0] - vertices[1], axis=1).mean() * 1000.0)


# -- the end-to-end test's photos --------------------------------------------------------------
# A woman of 155 cm standing naturally (arms hanging apart, elbows bent, feet close, body
# turned a little), tight clothes, files with EXIF; chosen because today's intake accepts both
# photos (face found at her distance).
E2E_PAIR_SEED = 424_302


@dataclass(frozen=True)
class PhotoPair:
    """A front and a side photo as a user uploads them, with what is true of the body."""

    front: bytes  # JPEG with EXIF (make, model, focal length)
    side: bytes
    truth: dict[str, float]  # the anthropometry engine on the true body in its rest pose
    typed_height_cm: float  # the height as the user types it (true height +-1 cm)
    gender: Gender  # ``truth["chest"]`` is the chest of this gender (hers: the bust)
    details: dict[str, Any]  # stances, outfit, cameras
    chest_girths: dict[str, float]  # both chest girths: bust, under_armpits

    def truth_for(self, gender: Gender | None) -> dict[str, float]:
        """The truth to compare with an avatar made with ``gender`` as the hint (or none)."""
        return truth_for(self.truth, self.chest_girths, gender)


@cache
def natural_photo_pair() -> PhotoPair:
    """One natural-stance front and side photo pair, the same on every run, made once per
    test session (a few seconds: the body model, two renders)."""
    from tests.support.bodies import anny_space

    photos = photograph_subject(
        anny_space(), E2E_PAIR_SEED, stance="natural", clothing=Clothing.TIGHT, exif_focal=True
    )
    return PhotoPair(
        front=photos.photos["front"],
        side=photos.photos["side"],
        truth=photos.truth,
        typed_height_cm=photos.typed_height_cm,
        gender=photos.gender,
        details=photos.details,
        chest_girths=photos.chest_girths,
    )


__all__ = [
    "PhotoPair",
    "Subject",
    "SubjectPhotos",
    "make_subject",
    "natural_photo_pair",
    "photograph_subject",
    "read_like_upload",
    "typed_height_cm",
    "vertex_error_mm",
]
