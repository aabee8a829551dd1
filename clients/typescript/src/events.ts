/**
 * This file was generated from docs/asyncapi.json by scripts/generate-events.mjs
 * (json-schema-to-typescript). Do not make direct changes to the file.
 */

export type AsyncApiSchema =
  | AvatarAnalysisUpdatedV1
  | AvatarCompletedV1
  | AvatarCreatedV1
  | AvatarDeletedV1
  | AvatarDuplicatedV1
  | AvatarFailedV1
  | AvatarMeasurementsUpdatedV1
  | AvatarModelGeneratedV1
  | AvatarProcessingV1
  | AvatarUpdatedV1
  | CloudEventsHeaders
  | GeneratedModelV1
  | PhotoDeletedV1
  | PhotoFailedV1
  | PhotoProcessedV1
  | ProcessAvatarCommandV1
  | UserDataErasedV1;

/**
 * Read the whole analysis at GET /api/v1/avatars/{avatarId}/analysis.
 */
export interface AvatarAnalysisUpdatedV1 {
  analysisId: string;
  avatarId: string;
  bodyType: string;
  bodyTypeConfidence: number;
  occurredAt: string;
  symmetryScore: number | null;
  symmetrySource: string | null;
  userId: string;
  version: number;
}
export interface AvatarCompletedV1 {
  avatarId: string;
  occurredAt: string;
  processingTimeS: number | null;
  userId: string;
}
export interface AvatarCreatedV1 {
  avatarId: string;
  avatarType: string;
  name: string;
  occurredAt: string;
  userId: string;
}
export interface AvatarDeletedV1 {
  avatarId: string;
  occurredAt: string;
  userId: string;
}
export interface AvatarDuplicatedV1 {
  avatarId: string;
  occurredAt: string;
  sourceAvatarId: string;
  userId: string;
}
export interface AvatarFailedV1 {
  avatarId: string;
  error: string;
  occurredAt: string;
  retryable: boolean;
  userId: string;
}
export interface AvatarMeasurementsUpdatedV1 {
  avatarId: string;
  changedMeasurements: string[];
  occurredAt: string;
  userId: string;
  version: number;
}
export interface AvatarModelGeneratedV1 {
  avatarId: string;
  bodyModel: string;
  files: GeneratedModelV1[];
  generationMethod: string;
  occurredAt: string;
  userId: string;
}
/**
 * One generated file; download it at /api/v1/avatars/{avatarId}/models/{modelFileId}.
 */
export interface GeneratedModelV1 {
  fileSize: number;
  format: string;
  lodLevel: string;
  modelFileId: string;
}
export interface AvatarProcessingV1 {
  avatarId: string;
  occurredAt: string;
  progress: number;
  stage: string;
  userId: string;
}
export interface AvatarUpdatedV1 {
  avatarId: string;
  changedFields: string[];
  occurredAt: string;
  userId: string;
}
/**
 * CloudEvents 1.0 attributes in Kafka binary content mode.
 */
export interface CloudEventsHeaders {
  /**
   * unique per message; deduplicate on it
   */
  ce_id: string;
  /**
   * the producing service
   */
  ce_source: "/avatar-service";
  /**
   * CloudEvents version
   */
  ce_specversion: "1.0";
  /**
   * the avatar id (also the Kafka key)
   */
  ce_subject?: string;
  /**
   * when it happened (RFC 3339)
   */
  ce_time: string;
  /**
   * the versioned event type, e.g. com.perfit.avatar.created.v1
   */
  ce_type: string;
  /**
   * payload media type
   */
  "content-type"?: "application/json";
  /**
   * job messages on retry and dead-letter topics: the attempt
   */
  "x-attempt"?: string;
  /**
   * retry and dead-letter topics: the last failure
   */
  "x-error"?: string;
  /**
   * retry topic: not to be handled before (RFC 3339)
   */
  "x-not-before"?: string;
}
export interface PhotoDeletedV1 {
  avatarId: string;
  occurredAt: string;
  photoId: string;
  reason: string;
  userId: string;
  viewType: string;
}
export interface PhotoFailedV1 {
  avatarId: string;
  error: string;
  occurredAt: string;
  photoId: string;
  userId: string;
  viewType: string;
}
export interface PhotoProcessedV1 {
  avatarId: string;
  occurredAt: string;
  photoId: string;
  userId: string;
  viewType: string;
}
/**
 * Background work: bring an avatar in ``processing`` to ``completed`` or ``failed``.
 */
export interface ProcessAvatarCommandV1 {
  avatarId: string;
  jobId: string;
  reason: string;
}
export interface UserDataErasedV1 {
  avatarsErased: number;
  occurredAt: string;
  userId: string;
}

/** The payload of each CloudEvents type (the ce_type header). */
export interface PayloadByType {
  "com.perfit.avatar.analysis_updated.v1": AvatarAnalysisUpdatedV1;
  "com.perfit.avatar.completed.v1": AvatarCompletedV1;
  "com.perfit.avatar.created.v1": AvatarCreatedV1;
  "com.perfit.avatar.deleted.v1": AvatarDeletedV1;
  "com.perfit.avatar.duplicated.v1": AvatarDuplicatedV1;
  "com.perfit.avatar.failed.v1": AvatarFailedV1;
  "com.perfit.avatar.job.process.v1": ProcessAvatarCommandV1;
  "com.perfit.avatar.measurements_updated.v1": AvatarMeasurementsUpdatedV1;
  "com.perfit.avatar.model_generated.v1": AvatarModelGeneratedV1;
  "com.perfit.avatar.processing.v1": AvatarProcessingV1;
  "com.perfit.avatar.updated.v1": AvatarUpdatedV1;
  "com.perfit.photo.deleted.v1": PhotoDeletedV1;
  "com.perfit.photo.failed.v1": PhotoFailedV1;
  "com.perfit.photo.processed.v1": PhotoProcessedV1;
  "com.perfit.user.data_erased.v1": UserDataErasedV1;
}

/** The CloudEvents types each channel carries, and its topic (before any prefix). */
export interface Channels {
  avatarEvents: { address: "avatar.events"; types: "com.perfit.avatar.analysis_updated.v1" | "com.perfit.avatar.completed.v1" | "com.perfit.avatar.created.v1" | "com.perfit.avatar.deleted.v1" | "com.perfit.avatar.duplicated.v1" | "com.perfit.avatar.failed.v1" | "com.perfit.avatar.measurements_updated.v1" | "com.perfit.avatar.model_generated.v1" | "com.perfit.avatar.processing.v1" | "com.perfit.avatar.updated.v1" | "com.perfit.photo.deleted.v1" | "com.perfit.photo.failed.v1" | "com.perfit.photo.processed.v1" | "com.perfit.user.data_erased.v1" };
  avatarJobs: { address: "avatar.jobs"; types: "com.perfit.avatar.job.process.v1" };
  avatarJobsDeadLetter: { address: "avatar.jobs.dlq"; types: "com.perfit.avatar.job.process.v1" };
  avatarJobsRetry: { address: "avatar.jobs.retry"; types: "com.perfit.avatar.job.process.v1" };
  avatarPhotoJobs: { address: "avatar.jobs.photos"; types: "com.perfit.avatar.job.process.v1" };
  avatarPhotoJobsRetry: { address: "avatar.jobs.photos.retry"; types: "com.perfit.avatar.job.process.v1" };
}
