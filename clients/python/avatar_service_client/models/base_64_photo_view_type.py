from enum import StrEnum

class Base64PhotoViewType(StrEnum):
    BACK = "back"
    FRONT = "front"
    OTHER = "other"
    SIDE = "side"

    def __str__(self) -> str:
        return str(self.value)
