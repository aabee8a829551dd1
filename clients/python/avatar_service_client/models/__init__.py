""" Contains all the data models used in inputs/outputs """

from .anonymous_export_body import AnonymousExportBody
from .anonymous_export_body_measurements import AnonymousExportBodyMeasurements
from .anonymous_export_body_ratios import AnonymousExportBodyRatios
from .anonymous_version_body import AnonymousVersionBody
from .api_v1_admin_users_user_id_avatars_list_user_avatars_sort import ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort
from .api_v1_avatars_avatar_id_photos_upload_body import ApiV1AvatarsAvatarIdPhotosUploadBody
from .api_v1_avatars_avatar_id_photos_upload_body_clothing import ApiV1AvatarsAvatarIdPhotosUploadBodyClothing
from .api_v1_avatars_avatar_id_photos_upload_body_gender import ApiV1AvatarsAvatarIdPhotosUploadBodyGender
from .api_v1_avatars_avatar_id_photos_upload_body_photos_0_view_type import ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType
from .api_v1_avatars_avatar_id_size_recommendations_size_recommendations_category_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1
from .api_v1_avatars_avatar_id_size_recommendations_size_recommendations_category_type_2_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1
from .api_v1_avatars_avatar_id_size_recommendations_size_recommendations_category_type_3_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1
from .api_v1_avatars_avatar_id_size_recommendations_size_recommendations_fit_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1
from .api_v1_avatars_avatar_id_size_recommendations_size_recommendations_fit_type_2_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1
from .api_v1_avatars_avatar_id_size_recommendations_size_recommendations_fit_type_3_type_1 import ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1
from .api_v1_avatars_create_files_body import ApiV1AvatarsCreateFilesBody
from .api_v1_avatars_create_files_body_avatar_type import ApiV1AvatarsCreateFilesBodyAvatarType
from .api_v1_avatars_create_files_body_clothing import ApiV1AvatarsCreateFilesBodyClothing
from .api_v1_avatars_create_files_body_gender import ApiV1AvatarsCreateFilesBodyGender
from .api_v1_avatars_create_files_body_photos_0_view_type import ApiV1AvatarsCreateFilesBodyPhotos0ViewType
from .api_v1_avatars_list_avatars_sort import ApiV1AvatarsListAvatarsSort
from .api_v1_blobs_key_upload_response_201 import ApiV1BlobsKeyUploadResponse201
from .api_v1_size_charts_brand_category_delete_chart_category import ApiV1SizeChartsBrandCategoryDeleteChartCategory
from .api_v1_size_charts_brand_category_delete_chart_gender_type_1 import ApiV1SizeChartsBrandCategoryDeleteChartGenderType1
from .api_v1_size_charts_brand_category_delete_chart_gender_type_2_type_1 import ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1
from .api_v1_size_charts_brand_category_delete_chart_gender_type_3_type_1 import ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1
from .api_v1_size_charts_brand_category_gender_put_chart_body import ApiV1SizeChartsBrandCategoryGenderPutChartBody
from .api_v1_size_charts_brand_category_gender_put_chart_category import ApiV1SizeChartsBrandCategoryGenderPutChartCategory
from .api_v1_size_charts_brand_category_gender_put_chart_gender import ApiV1SizeChartsBrandCategoryGenderPutChartGender
from .api_v1_size_charts_brand_category_gender_put_chart_response_200 import ApiV1SizeChartsBrandCategoryGenderPutChartResponse200
from .api_v1_size_charts_list_charts_category_type_1 import ApiV1SizeChartsListChartsCategoryType1
from .api_v1_size_charts_list_charts_category_type_2_type_1 import ApiV1SizeChartsListChartsCategoryType2Type1
from .api_v1_size_charts_list_charts_category_type_3_type_1 import ApiV1SizeChartsListChartsCategoryType3Type1
from .api_v1_size_charts_list_charts_response_200_item import ApiV1SizeChartsListChartsResponse200Item
from .audit_action import AuditAction
from .audit_entry_body import AuditEntryBody
from .audit_log_body import AuditLogBody
from .audit_resource import AuditResource
from .avatar_body import AvatarBody
from .avatar_body_avatar_type import AvatarBodyAvatarType
from .avatar_body_status import AvatarBodyStatus
from .avatar_body_visibility import AvatarBodyVisibility
from .avatar_page_body import AvatarPageBody
from .avatar_status import AvatarStatus
from .avatar_summary_body import AvatarSummaryBody
from .avatar_summary_body_avatar_type import AvatarSummaryBodyAvatarType
from .avatar_summary_body_status import AvatarSummaryBodyStatus
from .avatar_summary_body_visibility import AvatarSummaryBodyVisibility
from .avatar_type import AvatarType
from .base_64_photo import Base64Photo
from .base_64_photo_view_type import Base64PhotoViewType
from .body_analysis_body import BodyAnalysisBody
from .body_analysis_body_body_type_probabilities import BodyAnalysisBodyBodyTypeProbabilities
from .body_analysis_body_size_recommendations import BodyAnalysisBodySizeRecommendations
from .compare_versions import CompareVersions
from .compare_with_avatar import CompareWithAvatar
from .comparison_body import ComparisonBody
from .comparison_body_unit import ComparisonBodyUnit
from .consent_record_body import ConsentRecordBody
from .create_avatar_request import CreateAvatarRequest
from .create_avatar_request_avatar_type import CreateAvatarRequestAvatarType
from .create_avatar_request_clothing_type_0 import CreateAvatarRequestClothingType0
from .create_avatar_request_gender_type_0 import CreateAvatarRequestGenderType0
from .dead_letter_body import DeadLetterBody
from .dead_letter_list_body import DeadLetterListBody
from .difference_body import DifferenceBody
from .direct_upload_input import DirectUploadInput
from .direct_upload_input_view_type import DirectUploadInputViewType
from .duplicate_avatar_request import DuplicateAvatarRequest
from .erasure_body import ErasureBody
from .export_body import ExportBody
from .extraction_started_body import ExtractionStartedBody
from .extraction_started_body_status import ExtractionStartedBodyStatus
from .field_error import FieldError
from .field_issue import FieldIssue
from .fit_export_body import FitExportBody
from .fit_feedback_body import FitFeedbackBody
from .fit_feedback_body_fit import FitFeedbackBodyFit
from .fit_feedback_export_body import FitFeedbackExportBody
from .fit_feedback_export_body_fit import FitFeedbackExportBodyFit
from .fit_feedback_request import FitFeedbackRequest
from .fit_feedback_request_category import FitFeedbackRequestCategory
from .fit_feedback_request_fit import FitFeedbackRequestFit
from .fit_feedback_request_fit_additional_property import FitFeedbackRequestFitAdditionalProperty
from .fit_preference_body import FitPreferenceBody
from .fit_preference_export_body import FitPreferenceExportBody
from .fit_preferences import FitPreferences
from .form_fields import FormFields
from .form_fields_auto_process_type_0_type_1 import FormFieldsAutoProcessType0Type1
from .form_fields_clothing_type_0 import FormFieldsClothingType0
from .form_fields_gender_type_0 import FormFieldsGenderType0
from .generate_models_request import GenerateModelsRequest
from .generate_models_request_formats_item import GenerateModelsRequestFormatsItem
from .generate_models_request_lod_levels_item import GenerateModelsRequestLodLevelsItem
from .generated_models_body import GeneratedModelsBody
from .health_health_response_200 import HealthHealthResponse200
from .job_body import JobBody
from .job_body_status import JobBodyStatus
from .measurements_body import MeasurementsBody
from .measurements_body_confidence_scores import MeasurementsBodyConfidenceScores
from .measurements_body_gender_type_1 import MeasurementsBodyGenderType1
from .measurements_body_gender_type_2_type_1 import MeasurementsBodyGenderType2Type1
from .measurements_body_gender_type_3_type_1 import MeasurementsBodyGenderType3Type1
from .measurements_body_unit import MeasurementsBodyUnit
from .measurements_input import MeasurementsInput
from .measurements_input_type_0 import MeasurementsInputType0
from .measurements_input_type_0_unit_type_1 import MeasurementsInputType0UnitType1
from .measurements_input_type_1 import MeasurementsInputType1
from .measurements_input_unit_type_0 import MeasurementsInputUnitType0
from .measurements_updated_body import MeasurementsUpdatedBody
from .measurements_updated_body_status import MeasurementsUpdatedBodyStatus
from .model_file_body import ModelFileBody
from .model_file_body_generation_parameters import ModelFileBodyGenerationParameters
from .photo_body import PhotoBody
from .photo_list_body import PhotoListBody
from .photo_upload_link_body import PhotoUploadLinkBody
from .photo_upload_link_body_headers import PhotoUploadLinkBodyHeaders
from .photo_upload_link_request import PhotoUploadLinkRequest
from .photo_upload_link_request_content_type import PhotoUploadLinkRequestContentType
from .photo_upload_link_request_view_type import PhotoUploadLinkRequestViewType
from .preferences import Preferences
from .preferences_allow_ai_training_type_1 import PreferencesAllowAITrainingType1
from .preferences_allow_export_type_1 import PreferencesAllowExportType1
from .preferences_auto_process_type_1 import PreferencesAutoProcessType1
from .preferences_visibility import PreferencesVisibility
from .preset_body import PresetBody
from .preset_body_measurements import PresetBodyMeasurements
from .problem import Problem
from .process_photos_request import ProcessPhotosRequest
from .processing_body import ProcessingBody
from .proportion_analysis import ProportionAnalysis
from .proportions import Proportions
from .ready_ready_response_200 import ReadyReadyResponse200
from .reprocess_body import ReprocessBody
from .reprocess_body_status import ReprocessBodyStatus
from .size_recommendation_body import SizeRecommendationBody
from .size_recommendation_body_other_fits import SizeRecommendationBodyOtherFits
from .size_recommendation_body_probabilities import SizeRecommendationBodyProbabilities
from .size_recommendations_body import SizeRecommendationsBody
from .update_avatar_request import UpdateAvatarRequest
from .update_avatar_request_allow_ai_training_type_0_type_1 import UpdateAvatarRequestAllowAITrainingType0Type1
from .update_avatar_request_allow_export_type_0_type_1 import UpdateAvatarRequestAllowExportType0Type1
from .update_avatar_request_visibility_type_0 import UpdateAvatarRequestVisibilityType0
from .update_measurements_request import UpdateMeasurementsRequest
from .update_measurements_request_measurements_type_0 import UpdateMeasurementsRequestMeasurementsType0
from .update_measurements_request_measurements_type_1 import UpdateMeasurementsRequestMeasurementsType1
from .update_measurements_request_measurements_type_10 import UpdateMeasurementsRequestMeasurementsType10
from .update_measurements_request_measurements_type_11 import UpdateMeasurementsRequestMeasurementsType11
from .update_measurements_request_measurements_type_12 import UpdateMeasurementsRequestMeasurementsType12
from .update_measurements_request_measurements_type_13 import UpdateMeasurementsRequestMeasurementsType13
from .update_measurements_request_measurements_type_14 import UpdateMeasurementsRequestMeasurementsType14
from .update_measurements_request_measurements_type_2 import UpdateMeasurementsRequestMeasurementsType2
from .update_measurements_request_measurements_type_3 import UpdateMeasurementsRequestMeasurementsType3
from .update_measurements_request_measurements_type_4 import UpdateMeasurementsRequestMeasurementsType4
from .update_measurements_request_measurements_type_5 import UpdateMeasurementsRequestMeasurementsType5
from .update_measurements_request_measurements_type_6 import UpdateMeasurementsRequestMeasurementsType6
from .update_measurements_request_measurements_type_7 import UpdateMeasurementsRequestMeasurementsType7
from .update_measurements_request_measurements_type_8 import UpdateMeasurementsRequestMeasurementsType8
from .update_measurements_request_measurements_type_9 import UpdateMeasurementsRequestMeasurementsType9
from .update_measurements_request_regenerate_model_type_1 import UpdateMeasurementsRequestRegenerateModelType1
from .upload_photos_request import UploadPhotosRequest
from .upload_photos_request_auto_process_type_1 import UploadPhotosRequestAutoProcessType1
from .upload_photos_request_clothing_type_0 import UploadPhotosRequestClothingType0
from .upload_photos_request_gender_type_0 import UploadPhotosRequestGenderType0
from .user_export_body import UserExportBody
from .validate_measurements_request import ValidateMeasurementsRequest
from .validate_measurements_request_gender_type_0 import ValidateMeasurementsRequestGenderType0
from .validation_result_body import ValidationResultBody
from .version_body import VersionBody
from .visibility import Visibility

__all__ = (
    "AnonymousExportBody",
    "AnonymousExportBodyMeasurements",
    "AnonymousExportBodyRatios",
    "AnonymousVersionBody",
    "ApiV1AdminUsersUserIdAvatarsListUserAvatarsSort",
    "ApiV1AvatarsAvatarIdPhotosUploadBody",
    "ApiV1AvatarsAvatarIdPhotosUploadBodyClothing",
    "ApiV1AvatarsAvatarIdPhotosUploadBodyGender",
    "ApiV1AvatarsAvatarIdPhotosUploadBodyPhotos0ViewType",
    "ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType1",
    "ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType2Type1",
    "ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsCategoryType3Type1",
    "ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType1",
    "ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType2Type1",
    "ApiV1AvatarsAvatarIdSizeRecommendationsSizeRecommendationsFitType3Type1",
    "ApiV1AvatarsCreateFilesBody",
    "ApiV1AvatarsCreateFilesBodyAvatarType",
    "ApiV1AvatarsCreateFilesBodyClothing",
    "ApiV1AvatarsCreateFilesBodyGender",
    "ApiV1AvatarsCreateFilesBodyPhotos0ViewType",
    "ApiV1AvatarsListAvatarsSort",
    "ApiV1BlobsKeyUploadResponse201",
    "ApiV1SizeChartsBrandCategoryDeleteChartCategory",
    "ApiV1SizeChartsBrandCategoryDeleteChartGenderType1",
    "ApiV1SizeChartsBrandCategoryDeleteChartGenderType2Type1",
    "ApiV1SizeChartsBrandCategoryDeleteChartGenderType3Type1",
    "ApiV1SizeChartsBrandCategoryGenderPutChartBody",
    "ApiV1SizeChartsBrandCategoryGenderPutChartCategory",
    "ApiV1SizeChartsBrandCategoryGenderPutChartGender",
    "ApiV1SizeChartsBrandCategoryGenderPutChartResponse200",
    "ApiV1SizeChartsListChartsCategoryType1",
    "ApiV1SizeChartsListChartsCategoryType2Type1",
    "ApiV1SizeChartsListChartsCategoryType3Type1",
    "ApiV1SizeChartsListChartsResponse200Item",
    "AuditAction",
    "AuditEntryBody",
    "AuditLogBody",
    "AuditResource",
    "AvatarBody",
    "AvatarBodyAvatarType",
    "AvatarBodyStatus",
    "AvatarBodyVisibility",
    "AvatarPageBody",
    "AvatarStatus",
    "AvatarSummaryBody",
    "AvatarSummaryBodyAvatarType",
    "AvatarSummaryBodyStatus",
    "AvatarSummaryBodyVisibility",
    "AvatarType",
    "Base64Photo",
    "Base64PhotoViewType",
    "BodyAnalysisBody",
    "BodyAnalysisBodyBodyTypeProbabilities",
    "BodyAnalysisBodySizeRecommendations",
    "CompareVersions",
    "CompareWithAvatar",
    "ComparisonBody",
    "ComparisonBodyUnit",
    "ConsentRecordBody",
    "CreateAvatarRequest",
    "CreateAvatarRequestAvatarType",
    "CreateAvatarRequestClothingType0",
    "CreateAvatarRequestGenderType0",
    "DeadLetterBody",
    "DeadLetterListBody",
    "DifferenceBody",
    "DirectUploadInput",
    "DirectUploadInputViewType",
    "DuplicateAvatarRequest",
    "ErasureBody",
    "ExportBody",
    "ExtractionStartedBody",
    "ExtractionStartedBodyStatus",
    "FieldError",
    "FieldIssue",
    "FitExportBody",
    "FitFeedbackBody",
    "FitFeedbackBodyFit",
    "FitFeedbackExportBody",
    "FitFeedbackExportBodyFit",
    "FitFeedbackRequest",
    "FitFeedbackRequestCategory",
    "FitFeedbackRequestFit",
    "FitFeedbackRequestFitAdditionalProperty",
    "FitPreferenceBody",
    "FitPreferenceExportBody",
    "FitPreferences",
    "FormFields",
    "FormFieldsAutoProcessType0Type1",
    "FormFieldsClothingType0",
    "FormFieldsGenderType0",
    "GeneratedModelsBody",
    "GenerateModelsRequest",
    "GenerateModelsRequestFormatsItem",
    "GenerateModelsRequestLodLevelsItem",
    "HealthHealthResponse200",
    "JobBody",
    "JobBodyStatus",
    "MeasurementsBody",
    "MeasurementsBodyConfidenceScores",
    "MeasurementsBodyGenderType1",
    "MeasurementsBodyGenderType2Type1",
    "MeasurementsBodyGenderType3Type1",
    "MeasurementsBodyUnit",
    "MeasurementsInput",
    "MeasurementsInputType0",
    "MeasurementsInputType0UnitType1",
    "MeasurementsInputType1",
    "MeasurementsInputUnitType0",
    "MeasurementsUpdatedBody",
    "MeasurementsUpdatedBodyStatus",
    "ModelFileBody",
    "ModelFileBodyGenerationParameters",
    "PhotoBody",
    "PhotoListBody",
    "PhotoUploadLinkBody",
    "PhotoUploadLinkBodyHeaders",
    "PhotoUploadLinkRequest",
    "PhotoUploadLinkRequestContentType",
    "PhotoUploadLinkRequestViewType",
    "Preferences",
    "PreferencesAllowAITrainingType1",
    "PreferencesAllowExportType1",
    "PreferencesAutoProcessType1",
    "PreferencesVisibility",
    "PresetBody",
    "PresetBodyMeasurements",
    "Problem",
    "ProcessingBody",
    "ProcessPhotosRequest",
    "ProportionAnalysis",
    "Proportions",
    "ReadyReadyResponse200",
    "ReprocessBody",
    "ReprocessBodyStatus",
    "SizeRecommendationBody",
    "SizeRecommendationBodyOtherFits",
    "SizeRecommendationBodyProbabilities",
    "SizeRecommendationsBody",
    "UpdateAvatarRequest",
    "UpdateAvatarRequestAllowAITrainingType0Type1",
    "UpdateAvatarRequestAllowExportType0Type1",
    "UpdateAvatarRequestVisibilityType0",
    "UpdateMeasurementsRequest",
    "UpdateMeasurementsRequestMeasurementsType0",
    "UpdateMeasurementsRequestMeasurementsType1",
    "UpdateMeasurementsRequestMeasurementsType10",
    "UpdateMeasurementsRequestMeasurementsType11",
    "UpdateMeasurementsRequestMeasurementsType12",
    "UpdateMeasurementsRequestMeasurementsType13",
    "UpdateMeasurementsRequestMeasurementsType14",
    "UpdateMeasurementsRequestMeasurementsType2",
    "UpdateMeasurementsRequestMeasurementsType3",
    "UpdateMeasurementsRequestMeasurementsType4",
    "UpdateMeasurementsRequestMeasurementsType5",
    "UpdateMeasurementsRequestMeasurementsType6",
    "UpdateMeasurementsRequestMeasurementsType7",
    "UpdateMeasurementsRequestMeasurementsType8",
    "UpdateMeasurementsRequestMeasurementsType9",
    "UpdateMeasurementsRequestRegenerateModelType1",
    "UploadPhotosRequest",
    "UploadPhotosRequestAutoProcessType1",
    "UploadPhotosRequestClothingType0",
    "UploadPhotosRequestGenderType0",
    "UserExportBody",
    "ValidateMeasurementsRequest",
    "ValidateMeasurementsRequestGenderType0",
    "ValidationResultBody",
    "VersionBody",
    "Visibility",
)
