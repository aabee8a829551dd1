from enum import StrEnum

class AvatarType(StrEnum):
    MEASUREMENT_BASED = "measurement_based"
    PHOTO_BASED = "photo_based"
    PRESET_BASED = "preset_based"

    def __str__(self) -> str:
        return str(self.value)
