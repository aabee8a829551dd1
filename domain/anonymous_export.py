"""An avatar made anonymous for sharing (spec 8.2 "anonymize exports").

What goes: the user id, the avatar's name, description, tags and id, whom it is shared with,
photos (and so their EXIF), model files (their keys name the user), the skin tone.
What is kept, coarsened: measurements rounded to the nearest cm (the weight to the kg), body
type and ratios to two decimals, dates reduced to the month ("2026-03").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.avatar import Avatar, AvatarVersion


@dataclass(frozen=True, slots=True)
class AnonymousVersion:
    version: int
    change_type: str
    month: str


@dataclass(frozen=True, slots=True)
class AnonymousAvatar:
    avatar_type: str
    gender: str | None
    measurements: dict[str, int]  # cm, and kg for the weight
    body_type: str | None
    ratios: dict[str, float]
    created_month: str
    updated_month: str
    versions: tuple[AnonymousVersion, ...]


def month_of(moment: datetime) -> str:
    """The month of ``moment`` (``YYYY-MM``): the day and time could single someone out."""
    return f"{moment.year:04d}-{moment.month:02d}"


def anonymise(avatar: Avatar, versions: list[AvatarVersion]) -> AnonymousAvatar:
    """The shareable, anonymous view of ``avatar``; nothing in it names its owner."""
    profile, analysis = avatar.measurements, avatar.body_analysis
    ratios = {}
    if analysis is not None:
        ratios = {
            "shoulderToHip": round(analysis.shoulder_to_hip_ratio, 2),
            "waistToHip": round(analysis.waist_to_hip_ratio, 2),
            "waistToHeight": round(analysis.waist_to_height_ratio, 2),
        }
    return AnonymousAvatar(
        avatar_type=avatar.avatar_type.value,
        gender=profile.gender.value if profile and profile.gender else None,
        measurements={
            name: round(value) for name, value in (profile.values if profile else {}).items()
        },
        body_type=analysis.body_type.value if analysis else None,
        ratios=ratios,
        created_month=month_of(avatar.created_at),
        updated_month=month_of(avatar.updated_at),
        versions=tuple(
            AnonymousVersion(v.version, v.change_type.value, month_of(v.created_at))
            for v in versions
        ),
    )
