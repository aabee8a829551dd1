from enum import StrEnum

class CreateAvatarRequestClothingType0(StrEnum):
    LOOSE = "loose"
    REGULAR = "regular"
    TIGHT = "tight"

    def __str__(self) -> str:
        return str(self.value)
