from enum import StrEnum

class ApiV1AvatarsCreateFilesBodyAvatarType(StrEnum):
    PHOTO_BASED = "photo_based"

    def __str__(self) -> str:
        return str(self.value)
