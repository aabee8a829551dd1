from enum import StrEnum

class ApiV1SizeChartsBrandCategoryGenderPutChartGender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNISEX = "unisex"

    def __str__(self) -> str:
        return str(self.value)
