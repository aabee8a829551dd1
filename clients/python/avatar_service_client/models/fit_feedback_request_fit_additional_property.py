from enum import StrEnum

class FitFeedbackRequestFitAdditionalProperty(StrEnum):
    RIGHT = "right"
    TOO_LOOSE = "too_loose"
    TOO_TIGHT = "too_tight"

    def __str__(self) -> str:
        return str(self.value)
