from enum import StrEnum

class ApiV1SizeChartsBrandCategoryDeleteChartGenderType1(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNISEX = "unisex"

    def __str__(self) -> str:
        return str(self.value)
