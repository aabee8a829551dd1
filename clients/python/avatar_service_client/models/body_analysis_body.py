from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.body_analysis_body_body_type_probabilities import BodyAnalysisBodyBodyTypeProbabilities
  from ..models.body_analysis_body_size_recommendations import BodyAnalysisBodySizeRecommendations
  from ..models.fit_preferences import FitPreferences
  from ..models.proportion_analysis import ProportionAnalysis
  from ..models.proportions import Proportions





T = TypeVar("T", bound="BodyAnalysisBody")



@_attrs_define
class BodyAnalysisBody:
    """ 
        Attributes:
            body_type (str):
            confidence (float):
            created_at (datetime.datetime):
            fit_preferences (FitPreferences):
            id (UUID):
            proportion_analysis (ProportionAnalysis):
            proportions (Proportions):
            size_recommendations (BodyAnalysisBodySizeRecommendations):
            symmetry_issues (list[str]):
            symmetry_score (float | None):
            body_type_probabilities (BodyAnalysisBodyBodyTypeProbabilities | Unset):
            body_type_rule (str | Unset):  Default: ''.
            symmetry_source (None | str | Unset):
            version (int | None | Unset):
     """

    body_type: str
    confidence: float
    created_at: datetime.datetime
    fit_preferences: FitPreferences
    id: UUID
    proportion_analysis: ProportionAnalysis
    proportions: Proportions
    size_recommendations: BodyAnalysisBodySizeRecommendations
    symmetry_issues: list[str]
    symmetry_score: float | None
    body_type_probabilities: BodyAnalysisBodyBodyTypeProbabilities | Unset = UNSET
    body_type_rule: str | Unset = ''
    symmetry_source: None | str | Unset = UNSET
    version: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.body_analysis_body_body_type_probabilities import BodyAnalysisBodyBodyTypeProbabilities # noqa: PLC0415
        from ..models.body_analysis_body_size_recommendations import BodyAnalysisBodySizeRecommendations # noqa: PLC0415
        from ..models.fit_preferences import FitPreferences # noqa: PLC0415
        from ..models.proportion_analysis import ProportionAnalysis # noqa: PLC0415
        from ..models.proportions import Proportions # noqa: PLC0415
        body_type = self.body_type

        confidence = self.confidence

        created_at = self.created_at.isoformat()

        fit_preferences = self.fit_preferences.to_dict()

        id = str(self.id)

        proportion_analysis = self.proportion_analysis.to_dict()

        proportions = self.proportions.to_dict()

        size_recommendations = self.size_recommendations.to_dict()

        symmetry_issues = self.symmetry_issues



        symmetry_score: float | None
        symmetry_score = self.symmetry_score

        body_type_probabilities: dict[str, Any] | Unset = UNSET
        if not isinstance(self.body_type_probabilities, Unset):
            body_type_probabilities = self.body_type_probabilities.to_dict()

        body_type_rule = self.body_type_rule

        symmetry_source: None | str | Unset
        if isinstance(self.symmetry_source, Unset):
            symmetry_source = UNSET
        else:
            symmetry_source = self.symmetry_source

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bodyType": body_type,
            "confidence": confidence,
            "createdAt": created_at,
            "fitPreferences": fit_preferences,
            "id": id,
            "proportionAnalysis": proportion_analysis,
            "proportions": proportions,
            "sizeRecommendations": size_recommendations,
            "symmetryIssues": symmetry_issues,
            "symmetryScore": symmetry_score,
        })
        if body_type_probabilities is not UNSET:
            field_dict["bodyTypeProbabilities"] = body_type_probabilities
        if body_type_rule is not UNSET:
            field_dict["bodyTypeRule"] = body_type_rule
        if symmetry_source is not UNSET:
            field_dict["symmetrySource"] = symmetry_source
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.body_analysis_body_body_type_probabilities import BodyAnalysisBodyBodyTypeProbabilities # noqa: PLC0415
        from ..models.body_analysis_body_size_recommendations import BodyAnalysisBodySizeRecommendations # noqa: PLC0415
        from ..models.fit_preferences import FitPreferences # noqa: PLC0415
        from ..models.proportion_analysis import ProportionAnalysis # noqa: PLC0415
        from ..models.proportions import Proportions # noqa: PLC0415
        d = dict(src_dict)
        body_type = d.pop("bodyType")

        confidence = d.pop("confidence")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        fit_preferences = FitPreferences.from_dict(d.pop("fitPreferences"))




        id = UUID(d.pop("id"))




        proportion_analysis = ProportionAnalysis.from_dict(d.pop("proportionAnalysis"))




        proportions = Proportions.from_dict(d.pop("proportions"))




        size_recommendations = BodyAnalysisBodySizeRecommendations.from_dict(d.pop("sizeRecommendations"))




        symmetry_issues = cast(list[str], d.pop("symmetryIssues"))


        def _parse_symmetry_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        symmetry_score = _parse_symmetry_score(d.pop("symmetryScore"))


        _body_type_probabilities = d.pop("bodyTypeProbabilities", UNSET)
        body_type_probabilities: BodyAnalysisBodyBodyTypeProbabilities | Unset
        if isinstance(_body_type_probabilities,  Unset):
            body_type_probabilities = UNSET
        else:
            body_type_probabilities = BodyAnalysisBodyBodyTypeProbabilities.from_dict(_body_type_probabilities)




        body_type_rule = d.pop("bodyTypeRule", UNSET)

        def _parse_symmetry_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        symmetry_source = _parse_symmetry_source(d.pop("symmetrySource", UNSET))


        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))


        body_analysis_body = cls(
            body_type=body_type,
            confidence=confidence,
            created_at=created_at,
            fit_preferences=fit_preferences,
            id=id,
            proportion_analysis=proportion_analysis,
            proportions=proportions,
            size_recommendations=size_recommendations,
            symmetry_issues=symmetry_issues,
            symmetry_score=symmetry_score,
            body_type_probabilities=body_type_probabilities,
            body_type_rule=body_type_rule,
            symmetry_source=symmetry_source,
            version=version,
        )


        body_analysis_body.additional_properties = d
        return body_analysis_body

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
