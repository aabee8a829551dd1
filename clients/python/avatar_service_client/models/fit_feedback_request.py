from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fit_feedback_request_category import FitFeedbackRequestCategory
from typing import cast

if TYPE_CHECKING:
  from ..models.fit_feedback_request_fit import FitFeedbackRequestFit





T = TypeVar("T", bound="FitFeedbackRequest")



@_attrs_define
class FitFeedbackRequest:
    """ How a size you wore fitted: ``fit`` maps areas the brand's chart measures (chest,
    waist, hips...) to too_tight, right or too_loose.

        Attributes:
            brand (str):
            category (FitFeedbackRequestCategory):
            fit (FitFeedbackRequestFit):
            size_worn (str):
     """

    brand: str
    category: FitFeedbackRequestCategory
    fit: FitFeedbackRequestFit
    size_worn: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.fit_feedback_request_fit import FitFeedbackRequestFit # noqa: PLC0415
        brand = self.brand

        category = self.category.value

        fit = self.fit.to_dict()

        size_worn = self.size_worn


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "brand": brand,
            "category": category,
            "fit": fit,
            "sizeWorn": size_worn,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fit_feedback_request_fit import FitFeedbackRequestFit # noqa: PLC0415
        d = dict(src_dict)
        brand = d.pop("brand")

        category = FitFeedbackRequestCategory(d.pop("category"))




        fit = FitFeedbackRequestFit.from_dict(d.pop("fit"))




        size_worn = d.pop("sizeWorn")

        fit_feedback_request = cls(
            brand=brand,
            category=category,
            fit=fit,
            size_worn=size_worn,
        )

        return fit_feedback_request

