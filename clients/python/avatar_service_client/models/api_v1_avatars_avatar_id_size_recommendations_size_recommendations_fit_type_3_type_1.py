from enum import StrEnum

class ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1(StrEnum):
    FITTED = "fitted"
    LOOSE = "loose"
    OVERSIZED = "oversized"
    REGULAR = "regular"

    def __str__(self) -> str:
        return str(self.value)
