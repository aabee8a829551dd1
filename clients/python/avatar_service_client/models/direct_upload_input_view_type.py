from enum import StrEnum

class DirectUploadInputViewType(StrEnum):
    BACK = "back"
    FRONT = "front"
    OTHER = "other"
    SIDE = "side"

    def __str__(self) -> str:
        return str(self.value)
