from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.fit_feedback_export_body import FitFeedbackExportBody
  from ..models.fit_preference_export_body import FitPreferenceExportBody





T = TypeVar("T", bound="FitExportBody")



@_attrs_define
class FitExportBody:
    """ 
        Attributes:
            feedback (list[FitFeedbackExportBody]):
            preferences (list[FitPreferenceExportBody]):
     """

    feedback: list[FitFeedbackExportBody]
    preferences: list[FitPreferenceExportBody]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.fit_feedback_export_body import FitFeedbackExportBody # noqa: PLC0415
        from ..models.fit_preference_export_body import FitPreferenceExportBody # noqa: PLC0415
        feedback = []
        for feedback_item_data in self.feedback:
            feedback_item = feedback_item_data.to_dict()
            feedback.append(feedback_item)



        preferences = []
        for preferences_item_data in self.preferences:
            preferences_item = preferences_item_data.to_dict()
            preferences.append(preferences_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "feedback": feedback,
            "preferences": preferences,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fit_feedback_export_body import FitFeedbackExportBody # noqa: PLC0415
        from ..models.fit_preference_export_body import FitPreferenceExportBody # noqa: PLC0415
        d = dict(src_dict)
        feedback = []
        _feedback = d.pop("feedback")
        for feedback_item_data in (_feedback):
            feedback_item = FitFeedbackExportBody.from_dict(feedback_item_data)



            feedback.append(feedback_item)


        preferences = []
        _preferences = d.pop("preferences")
        for preferences_item_data in (_preferences):
            preferences_item = FitPreferenceExportBody.from_dict(preferences_item_data)



            preferences.append(preferences_item)


        fit_export_body = cls(
            feedback=feedback,
            preferences=preferences,
        )


        fit_export_body.additional_properties = d
        return fit_export_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
