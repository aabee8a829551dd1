from enum import StrEnum

class CreateAvatarRequestGenderType0(StrEnum):
    FEMALE = "female"
    MALE = "male"

    def __str__(self) -> str:
        return str(self.value)
