"""The relational schema of spec 3.2, expressed portably for PostgreSQL and SQLite.

Departures from the spec's SQL, each for a reason (docs/adr/0004-relational-schema.md):
- no ``users`` table or foreign keys to it: identities live in the auth service;
- the avatar -> measurement profile / body analysis link is the child's unique ``avatar_id``
  (the spec links both ways, a cycle no insert order satisfies without deferred checks);
- ``tags`` and ``shared_with`` are TEXT[] (GIN-indexed) on PostgreSQL and JSON on SQLite;
- measurement columns keep four decimals (six for weight) so imperial input round-trips.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

from domain.measurements import MEASUREMENT_NAMES, MEASUREMENT_SPECS, Quantity, snake_case

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite hands back naive ones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class TextList(sa.TypeDecorator[list[str]]):
    """A list of strings: TEXT[] on PostgreSQL, a JSON array elsewhere."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(sa.Text()))
        return dialect.type_descriptor(sa.JSON())

    def process_result_value(self, value: list[str] | None, dialect: Dialect) -> list[str]:
        return list(value or [])


JsonDocument = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def Length() -> sa.Numeric[float]:
    return sa.Numeric(10, 4, asdecimal=False)


def _check_in(column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_allowed")


AVATAR_TYPES = ("photo_based", "measurement_based", "preset_based")
AVATAR_STATUSES = ("draft", "processing", "completed", "failed")
VISIBILITIES = ("private", "shared", "public")
UNITS = ("metric", "imperial")
EXTRACTION_METHODS = ("ai", "manual", "preset", "mixed")
VIEW_TYPES = ("front", "side", "back", "other")
PHOTO_STATUSES = ("uploaded", "processing", "processed", "failed", "deleted")
MALWARE_SCANS = ("clean", "not_scanned")
MODEL_FORMATS = ("gltf", "glb", "fbx", "obj")
LOD_LEVELS = ("high", "medium", "low", "mobile")
CHANGE_TYPES = ("measurement_update", "regeneration", "customization", "initial")

avatars = sa.Table(
    "avatars",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("avatar_type", sa.String(50), nullable=False),
    sa.Column("status", sa.String(50), nullable=False, server_default="draft"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("parent_avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="SET NULL")),
    sa.Column("visibility", sa.String(50), nullable=False, server_default="private"),
    sa.Column("allow_export", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("allow_ai_training", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("shared_with", TextList, nullable=False),
    # No foreign key: model_files points back here; the repository clears it on delete.
    sa.Column("model_file_id", sa.Uuid),
    sa.Column("tags", TextList, nullable=False),
    sa.Column("body_type", sa.String(50)),
    sa.Column("processing_started_at", UtcDateTime),
    sa.Column("processing_completed_at", UtcDateTime),
    sa.Column("processing_error", sa.Text),
    sa.Column("processing_job_id", sa.Uuid),
    sa.Column("processing_stage", sa.String(50)),
    sa.Column("processing_progress", sa.SmallInteger),
    sa.Column("processing_retryable", sa.Boolean),
    sa.Column("skin_tone", sa.String(7)),
    sa.UniqueConstraint("user_id", "name", name="unique_user_avatar_name"),
    _check_in("avatar_type", AVATAR_TYPES),
    _check_in("status", AVATAR_STATUSES),
    _check_in("visibility", VISIBILITIES),
    sa.CheckConstraint("version >= 1", name="version_positive"),
)
sa.Index("idx_avatars_user_id", avatars.c.user_id)
sa.Index("idx_avatars_status", avatars.c.status)
sa.Index("idx_avatars_processing_job_id", avatars.c.processing_job_id)
sa.Index("idx_avatars_created_at", avatars.c.created_at.desc())
sa.Index("idx_avatars_tags", avatars.c.tags, postgresql_using="gin")
# Keyset pagination of one user's avatars walks this index.
sa.Index("idx_avatars_user_created", avatars.c.user_id, avatars.c.created_at, avatars.c.id)

measurement_profiles = sa.Table(
    "measurement_profiles",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="CASCADE"), nullable=False
    ),
    # One column per measurement of domain.measurements, in its order: lengths in cm, the
    # weight in kg with more decimals; only the height is required.
    *(
        sa.Column(
            snake_case(spec.name),
            Length() if spec.quantity is Quantity.LENGTH else sa.Numeric(12, 6, asdecimal=False),
            nullable=True,  # NULL once sealed (migration 0012); the domain requires the height
        )
        for spec in MEASUREMENT_SPECS
    ),
    sa.Column("unit", sa.String(20), nullable=False, server_default="metric"),
    sa.Column("extraction_method", sa.String(50), nullable=False),
    sa.Column("confidence_scores", JsonDocument, nullable=False),
    sa.Column("manual_overrides", TextList, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("gender", sa.String(20)),
    sa.Column("estimated", TextList),
    # The values and gender, sealed under the owner's data key (docs/privacy.md); the columns
    # above them are NULL then. Rows written before migration 0012 keep them in clear.
    sa.Column("sealed", sa.LargeBinary),
    sa.UniqueConstraint("avatar_id", name="unique_avatar_measurement_profile"),
    _check_in("unit", UNITS),
    _check_in("extraction_method", EXTRACTION_METHODS),
)
sa.Index("idx_measurement_profiles_avatar_id", measurement_profiles.c.avatar_id)

# API name -> column name of the measurement columns.
MEASUREMENT_COLUMNS: dict[str, str] = {name: snake_case(name) for name in MEASUREMENT_NAMES}

photo_uploads = sa.Table(
    "photo_uploads",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("user_id", sa.Uuid, nullable=False),
    sa.Column("view_type", sa.String(50), nullable=False),
    sa.Column("original_filename", sa.String(500)),
    sa.Column("file_size", sa.Integer, nullable=False),
    sa.Column("mime_type", sa.String(100), nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("storage_key", sa.String(500), nullable=False),
    sa.Column("storage_bucket", sa.String(200), nullable=False),
    sa.Column("thumbnail_key", sa.String(500)),
    sa.Column("processed_key", sa.String(500)),
    sa.Column("capture_date", UtcDateTime),
    sa.Column("device_info", sa.Text),
    sa.Column("status", sa.String(50), nullable=False, server_default="uploaded"),
    sa.Column("processing_error", sa.Text),
    sa.Column("auto_delete_at", UtcDateTime, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("deleted_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("keypoints_key", sa.String(500)),
    sa.Column("mask_key", sa.String(500)),
    sa.Column("malware_scan", sa.String(20), nullable=False, server_default="not_scanned"),
    sa.Column("malware_scanner", sa.String(100)),
    sa.Column("focal_length_35mm", sa.Float),  # from EXIF, before the clean copy (migration 6)
    _check_in("view_type", VIEW_TYPES),
    _check_in("status", PHOTO_STATUSES),
    _check_in("malware_scan", MALWARE_SCANS),  # PostgreSQL only (migration 0003)
)
sa.Index("idx_photo_uploads_avatar_id", photo_uploads.c.avatar_id)
sa.Index("idx_photo_uploads_user_id", photo_uploads.c.user_id)
sa.Index("idx_photo_uploads_status", photo_uploads.c.status)
sa.Index(
    "idx_photo_uploads_auto_delete",
    photo_uploads.c.auto_delete_at,
    postgresql_where=photo_uploads.c.deleted.is_(False),
    sqlite_where=photo_uploads.c.deleted.is_(False),
)

# What the user said about the body in an avatar's photos (heightCm, weightKg, gender,
# clothing: photo intake; gender and clothing since migration 6).
photo_body_hints = sa.Table(
    "photo_body_hints",
    metadata,
    sa.Column(
        "avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("height_cm", sa.Float),
    sa.Column("weight_kg", sa.Float),
    sa.Column("gender", sa.String(20)),
    sa.Column("clothing", sa.String(20)),
    sa.Column("sealed", sa.LargeBinary),  # height and weight, sealed (migration 0012)
)

model_files = sa.Table(
    "model_files",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("format", sa.String(50), nullable=False),
    sa.Column("lod_level", sa.String(50), nullable=False),
    sa.Column("file_size", sa.Integer, nullable=False),
    sa.Column("storage_key", sa.String(500), nullable=False),
    sa.Column("storage_bucket", sa.String(200), nullable=False),
    sa.Column("vertex_count", sa.Integer),
    sa.Column("face_count", sa.Integer),
    sa.Column("texture_count", sa.Integer),
    sa.Column("generation_method", sa.String(50), nullable=False),
    sa.Column("generation_parameters", JsonDocument, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    _check_in("format", MODEL_FORMATS),
    _check_in("lod_level", LOD_LEVELS),
)
sa.Index("idx_model_files_avatar_id", model_files.c.avatar_id)
sa.Index("idx_model_files_lod_level", model_files.c.lod_level)

body_analyses = sa.Table(
    "body_analyses",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "measurement_profile_id",
        sa.Uuid,
        sa.ForeignKey("measurement_profiles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("body_type", sa.String(50), nullable=False),
    # NULL once sealed (migration 0012): the values are in ``sealed``.
    sa.Column("body_type_confidence", sa.Numeric(4, 3, asdecimal=False)),
    sa.Column("shoulder_to_hip_ratio", sa.Numeric(5, 3, asdecimal=False)),
    sa.Column("waist_to_hip_ratio", sa.Numeric(5, 3, asdecimal=False)),
    sa.Column("waist_to_height_ratio", sa.Numeric(5, 3, asdecimal=False)),
    sa.Column("proportion_analysis", JsonDocument),
    sa.Column("symmetry_score", sa.Numeric(4, 3, asdecimal=False)),
    sa.Column("symmetry_issues", TextList),
    sa.Column("fit_preferences", JsonDocument),
    sa.Column("size_recommendations", JsonDocument),
    sa.Column("sealed", sa.LargeBinary),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("avatar_id", name="unique_avatar_body_analysis"),
)
sa.Index("idx_body_analyses_avatar_id", body_analyses.c.avatar_id)
sa.Index("idx_body_analyses_body_type", body_analyses.c.body_type)

avatar_versions = sa.Table(
    "avatar_versions",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "avatar_id", sa.Uuid, sa.ForeignKey("avatars.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("measurement_profile_snapshot", JsonDocument),  # NULL once sealed (0012)
    sa.Column("model_file_id", sa.Uuid, sa.ForeignKey("model_files.id", ondelete="SET NULL")),
    sa.Column("body_analysis_snapshot", JsonDocument),
    sa.Column("change_description", sa.Text),
    sa.Column("changed_by", sa.Uuid, nullable=False),
    sa.Column("change_type", sa.String(50), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("sealed", sa.LargeBinary),  # both snapshots, sealed (migration 0012)
    sa.UniqueConstraint("avatar_id", "version", name="unique_avatar_version"),
    _check_in("change_type", CHANGE_TYPES),
)
sa.Index("idx_avatar_versions_avatar_id", avatar_versions.c.avatar_id)
sa.Index("idx_avatar_versions_created_at", avatar_versions.c.created_at.desc())

# Messages written in the transaction of the change that caused them (the transactional
# outbox); the relay sends them in ``position`` order and deletes them once the broker has them.
outbox_messages = sa.Table(
    "outbox_messages",
    metadata,
    sa.Column(
        "position",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),  # SQLite: the rowid alias
        primary_key=True,
        autoincrement=True,
    ),
    sa.Column("id", sa.Uuid, nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("message_key", sa.String(100), nullable=False),
    sa.Column("type", sa.String(200), nullable=False),
    sa.Column("payload", sa.LargeBinary, nullable=False),
    sa.Column("occurred_at", UtcDateTime, nullable=False),
    sa.Column("trace_parent", sa.String(100)),  # W3C traceparent of the writer (tracing)
    sa.UniqueConstraint("id", name="unique_outbox_message_id"),
    _check_in("channel", ("events", "jobs")),
)

# Ids of the job messages already handled: a redelivered message changes nothing twice.
processed_messages = sa.Table(
    "processed_messages",
    metadata,
    sa.Column("message_id", sa.Uuid, primary_key=True),
    sa.Column("processed_at", UtcDateTime, nullable=False),
)
sa.Index("idx_processed_messages_processed_at", processed_messages.c.processed_at)

# Size charts admins added (docs/body-analysis.md#size-charts); the shipped ones are files.
size_charts = sa.Table(
    "size_charts",
    metadata,
    sa.Column("brand_key", sa.String(200), primary_key=True),  # case-folded brand
    sa.Column("category", sa.String(20), primary_key=True),
    sa.Column("gender", sa.String(20), primary_key=True),
    sa.Column("document", JsonDocument, nullable=False),  # size-chart/v1
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# What a user learned to prefer per garment category, from their fit feedback.
fit_preferences = sa.Table(
    "fit_preferences",
    metadata,
    sa.Column("user_id", sa.Uuid, primary_key=True),
    sa.Column("category", sa.String(20), primary_key=True),
    sa.Column("offset_cm", sa.Float, nullable=False),
    sa.Column("feedback_count", sa.Integer, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# Every fit feedback, kept for the user's export and erased with their data.
fit_feedback = sa.Table(
    "fit_feedback",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, nullable=False),
    sa.Column("avatar_id", sa.Uuid, nullable=False),
    sa.Column("brand", sa.String(200), nullable=False),
    sa.Column("category", sa.String(20), nullable=False),
    sa.Column("size_worn", sa.String(50), nullable=False),
    sa.Column("areas", JsonDocument, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
sa.Index("idx_fit_feedback_user_id", fit_feedback.c.user_id, fit_feedback.c.created_at)

# Every change of an avatar's consent settings (domain/consent.py), erased with the user's data.
consent_records = sa.Table(
    "consent_records",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, nullable=False),
    sa.Column("avatar_id", sa.Uuid, nullable=False),  # no foreign key: outlives the avatar
    sa.Column("subject", sa.String(50), nullable=False),
    sa.Column("old_value", sa.Text),
    sa.Column("new_value", sa.Text, nullable=False),
    sa.Column("changed_by", sa.Uuid, nullable=False),
    sa.Column("client", sa.String(200), nullable=False),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)
sa.Index("idx_consent_records_user_id", consent_records.c.user_id, consent_records.c.recorded_at)

# Who read or changed which avatar, photo or export: append-only (migration 0010 adds triggers
# that refuse UPDATE and DELETE; the repository has neither).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("occurred_at", UtcDateTime, nullable=False),
    sa.Column("actor_id", sa.Uuid, nullable=False),
    sa.Column("actor_role", sa.String(20), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("resource", sa.String(20), nullable=False),
    sa.Column("avatar_id", sa.Uuid),
    sa.Column("resource_id", sa.Uuid),
    sa.Column("route", sa.String(300), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("client", sa.String(200), nullable=False),
)
sa.Index("idx_audit_log_occurred_at", audit_log.c.occurred_at)
sa.Index("idx_audit_log_actor_id", audit_log.c.actor_id, audit_log.c.occurred_at)
sa.Index("idx_audit_log_avatar_id", audit_log.c.avatar_id, audit_log.c.occurred_at)

# Each user's data key, wrapped by the key-ring key ``key_id`` (envelope encryption,
# docs/adr/0052-encryption-at-rest-rate-limits.md). Erasure deletes the row: what was sealed
# under the key can no longer be opened (crypto-shredding).
user_data_keys = sa.Table(
    "user_data_keys",
    metadata,
    sa.Column("user_id", sa.Uuid, primary_key=True),
    sa.Column("key_id", sa.String(64), nullable=False),
    sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
sa.Index("idx_user_data_keys_key_id", user_data_keys.c.key_id)
