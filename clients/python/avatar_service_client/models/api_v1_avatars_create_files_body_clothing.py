from enum import StrEnum

class ApiV1AvatarsCreateFilesBodyClothing(StrEnum):
    LOOSE = "loose"
    REGULAR = "regular"
    TIGHT = "tight"

    def __str__(self) -> str:
        return str(self.value)
