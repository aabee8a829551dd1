from enum import StrEnum

class MeasurementsInputType0UnitType1(StrEnum):
    METRIC = "metric"

    def __str__(self) -> str:
        return str(self.value)
