from enum import StrEnum

class UploadPhotosRequestClothingType0(StrEnum):
    LOOSE = "loose"
    REGULAR = "regular"
    TIGHT = "tight"

    def __str__(self) -> str:
        return str(self.value)
