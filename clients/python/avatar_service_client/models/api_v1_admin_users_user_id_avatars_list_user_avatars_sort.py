from enum import StrEnum

class ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort(StrEnum):
    CREATEDAT = "createdAt"
    NAME = "name"
    UPDATEDAT = "updatedAt"
    VALUE_0 = "-createdAt"
    VALUE_1 = "-name"
    VALUE_2 = "-updatedAt"

    def __str__(self) -> str:
        return str(self.value)
