"""The skin tone (an sRGB hex colour) as the material colours each format expects."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def srgb(skin_tone: str) -> tuple[float, float, float]:
    """``#rrggbb`` as sRGB components in [0, 1]; ValueError for anything else."""
    match = _HEX.match(skin_tone.strip())
    if match is None:
        raise ValueError(f"a skin tone is an sRGB hex colour like #c8a58c, not {skin_tone!r}")
    digits = match.group(1)
    red, green, blue = (int(digits[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
    return red, green, blue


def linear_rgb(skin_tone: str) -> tuple[float, float, float]:
    """The colour in linear light, as glTF's ``baseColorFactor`` and FBX's colours hold it."""

    def linear(component: float) -> float:
        if component <= 0.04045:
            return component / 12.92
        return float(((component + 0.055) / 1.055) ** 2.4)

    red, green, blue = srgb(skin_tone)
    return linear(red), linear(green), linear(blue)
