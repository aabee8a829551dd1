from enum import StrEnum

class ApiV1AvatarsAvatarIdPhotosUploadBodyGender(StrEnum):
    FEMALE = "female"
    MALE = "male"

    def __str__(self) -> str:
        return str(self.value)
