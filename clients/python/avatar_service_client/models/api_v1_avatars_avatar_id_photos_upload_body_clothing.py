from enum import StrEnum

class ApiV1AvatarsAvatarIdPhotosUploadBodyClothing(StrEnum):
    LOOSE = "loose"
    REGULAR = "regular"
    TIGHT = "tight"

    def __str__(self) -> str:
        return str(self.value)
