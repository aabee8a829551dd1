from enum import StrEnum

class PhotoUploadLinkRequestViewType(StrEnum):
    BACK = "back"
    FRONT = "front"
    OTHER = "other"
    SIDE = "side"

    def __str__(self) -> str:
        return str(self.value)
