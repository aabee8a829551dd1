from enum import StrEnum

class GenerateModelsRequestLodLevelsItem(StrEnum):
    HIGH = "high"
    LOW = "low"
    MEDIUM = "medium"
    MOBILE = "mobile"

    def __str__(self) -> str:
        return str(self.value)
