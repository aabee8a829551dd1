from enum import StrEnum

class ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1(StrEnum):
    BOTTOMS = "bottoms"
    DRESSES = "dresses"
    OUTERWEAR = "outerwear"
    SHIRTS = "shirts"
    TOPS = "tops"

    def __str__(self) -> str:
        return str(self.value)
