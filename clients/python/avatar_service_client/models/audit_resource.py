from enum import StrEnum

class AuditResource(StrEnum):
    AVATAR = "avatar"
    EXPORT = "export"
    MODEL = "model"
    PHOTO = "photo"
    USER_DATA = "user_data"

    def __str__(self) -> str:
        return str(self.value)
