"""Initial schema: the tables of spec 3.2 (see docs/adr/0004-relational-schema.md).

Revision ID: 0001
Revises:
Create Date: 2026-11-22 00:17:57.299279
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen here, not imported from the application: a migration must not change with the code.
TEXT_LIST = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "avatars",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("avatar_type", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=50), server_default="draft", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("parent_avatar_id", sa.Uuid(), nullable=True),
        sa.Column("visibility", sa.String(length=50), server_default="private", nullable=False),
        sa.Column("allow_export", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "allow_ai_training", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("shared_with", TEXT_LIST, nullable=False),
        sa.Column("model_file_id", sa.Uuid(), nullable=True),
        sa.Column("tags", TEXT_LIST, nullable=False),
        sa.Column("body_type", sa.String(length=50), nullable=True),
        sa.Column("processing_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processing_completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processing_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "avatar_type IN ('photo_based', 'measurement_based', 'preset_based')",
            name=op.f("ck_avatars_avatar_type_allowed"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'processing', 'completed', 'failed')",
            name=op.f("ck_avatars_status_allowed"),
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'shared', 'public')",
            name=op.f("ck_avatars_visibility_allowed"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_avatars_version_positive")),
        sa.ForeignKeyConstraint(
            ["parent_avatar_id"],
            ["avatars.id"],
            name=op.f("fk_avatars_parent_avatar_id_avatars"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_avatars")),
        sa.UniqueConstraint("user_id", "name", name="unique_user_avatar_name"),
    )
    op.create_index(
        "idx_avatars_created_at", "avatars", [sa.literal_column("created_at DESC")], unique=False
    )
    op.create_index("idx_avatars_status", "avatars", ["status"], unique=False)
    op.create_index("idx_avatars_tags", "avatars", ["tags"], unique=False, postgresql_using="gin")
    op.create_index(
        "idx_avatars_user_created", "avatars", ["user_id", "created_at", "id"], unique=False
    )
    op.create_index("idx_avatars_user_id", "avatars", ["user_id"], unique=False)
    op.create_table(
        "measurement_profiles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("height", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False),
        sa.Column("weight", sa.Numeric(precision=12, scale=6, asdecimal=False), nullable=True),
        sa.Column("chest", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False),
        sa.Column("waist", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False),
        sa.Column("hips", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False),
        sa.Column(
            "shoulder_width", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column("arm_length", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False),
        sa.Column("inseam", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False),
        sa.Column(
            "neck_circumference", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column("bicep", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=True),
        sa.Column("forearm", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=True),
        sa.Column("thigh", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=True),
        sa.Column("calf", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=True),
        sa.Column("wrist", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=True),
        sa.Column("ankle", sa.Numeric(precision=10, scale=4, asdecimal=False), nullable=True),
        sa.Column("unit", sa.String(length=20), server_default="metric", nullable=False),
        sa.Column("extraction_method", sa.String(length=50), nullable=False),
        sa.Column(
            "confidence_scores",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("manual_overrides", TEXT_LIST, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "extraction_method IN ('ai', 'manual', 'preset', 'mixed')",
            name=op.f("ck_measurement_profiles_extraction_method_allowed"),
        ),
        sa.CheckConstraint(
            "unit IN ('metric', 'imperial')", name=op.f("ck_measurement_profiles_unit_allowed")
        ),
        sa.ForeignKeyConstraint(
            ["avatar_id"],
            ["avatars.id"],
            name=op.f("fk_measurement_profiles_avatar_id_avatars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_profiles")),
        sa.UniqueConstraint("avatar_id", name="unique_avatar_measurement_profile"),
    )
    op.create_index(
        "idx_measurement_profiles_avatar_id", "measurement_profiles", ["avatar_id"], unique=False
    )
    op.create_table(
        "model_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("format", sa.String(length=50), nullable=False),
        sa.Column("lod_level", sa.String(length=50), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=500), nullable=False),
        sa.Column("storage_bucket", sa.String(length=200), nullable=False),
        sa.Column("vertex_count", sa.Integer(), nullable=True),
        sa.Column("face_count", sa.Integer(), nullable=True),
        sa.Column("texture_count", sa.Integer(), nullable=True),
        sa.Column("generation_method", sa.String(length=50), nullable=False),
        sa.Column(
            "generation_parameters",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "format IN ('gltf', 'glb', 'fbx', 'obj')", name=op.f("ck_model_files_format_allowed")
        ),
        sa.CheckConstraint(
            "lod_level IN ('high', 'medium', 'low', 'mobile')",
            name=op.f("ck_model_files_lod_level_allowed"),
        ),
        sa.ForeignKeyConstraint(
            ["avatar_id"],
            ["avatars.id"],
            name=op.f("fk_model_files_avatar_id_avatars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_files")),
    )
    op.create_index("idx_model_files_avatar_id", "model_files", ["avatar_id"], unique=False)
    op.create_index("idx_model_files_lod_level", "model_files", ["lod_level"], unique=False)
    op.create_table(
        "photo_uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("view_type", sa.String(length=50), nullable=False),
        sa.Column("original_filename", sa.String(length=500), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=500), nullable=False),
        sa.Column("storage_bucket", sa.String(length=200), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=500), nullable=True),
        sa.Column("processed_key", sa.String(length=500), nullable=True),
        sa.Column("capture_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("device_info", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=50), server_default="uploaded", nullable=False),
        sa.Column("processing_error", sa.Text(), nullable=True),
        sa.Column("auto_delete_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('uploaded', 'processing', 'processed', 'failed', 'deleted')",
            name=op.f("ck_photo_uploads_status_allowed"),
        ),
        sa.CheckConstraint(
            "view_type IN ('front', 'side', 'back', 'other')",
            name=op.f("ck_photo_uploads_view_type_allowed"),
        ),
        sa.ForeignKeyConstraint(
            ["avatar_id"],
            ["avatars.id"],
            name=op.f("fk_photo_uploads_avatar_id_avatars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_uploads")),
    )
    op.create_index(
        "idx_photo_uploads_auto_delete",
        "photo_uploads",
        ["auto_delete_at"],
        unique=False,
        postgresql_where=sa.text("deleted IS false"),
        sqlite_where=sa.text("deleted IS false"),
    )
    op.create_index("idx_photo_uploads_avatar_id", "photo_uploads", ["avatar_id"], unique=False)
    op.create_index("idx_photo_uploads_status", "photo_uploads", ["status"], unique=False)
    op.create_index("idx_photo_uploads_user_id", "photo_uploads", ["user_id"], unique=False)
    op.create_table(
        "avatar_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "measurement_profile_snapshot",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("model_file_id", sa.Uuid(), nullable=True),
        sa.Column(
            "body_analysis_snapshot",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("change_description", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.Uuid(), nullable=False),
        sa.Column("change_type", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "change_type IN ('measurement_update', 'regeneration', 'customization', 'initial')",
            name=op.f("ck_avatar_versions_change_type_allowed"),
        ),
        sa.ForeignKeyConstraint(
            ["avatar_id"],
            ["avatars.id"],
            name=op.f("fk_avatar_versions_avatar_id_avatars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["model_file_id"],
            ["model_files.id"],
            name=op.f("fk_avatar_versions_model_file_id_model_files"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_avatar_versions")),
        sa.UniqueConstraint("avatar_id", "version", name="unique_avatar_version"),
    )
    op.create_index("idx_avatar_versions_avatar_id", "avatar_versions", ["avatar_id"], unique=False)
    op.create_index(
        "idx_avatar_versions_created_at",
        "avatar_versions",
        [sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_table(
        "body_analyses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("measurement_profile_id", sa.Uuid(), nullable=False),
        sa.Column("body_type", sa.String(length=50), nullable=False),
        sa.Column(
            "body_type_confidence",
            sa.Numeric(precision=4, scale=3, asdecimal=False),
            nullable=False,
        ),
        sa.Column(
            "shoulder_to_hip_ratio",
            sa.Numeric(precision=5, scale=3, asdecimal=False),
            nullable=True,
        ),
        sa.Column(
            "waist_to_hip_ratio", sa.Numeric(precision=5, scale=3, asdecimal=False), nullable=True
        ),
        sa.Column(
            "waist_to_height_ratio",
            sa.Numeric(precision=5, scale=3, asdecimal=False),
            nullable=True,
        ),
        sa.Column(
            "proportion_analysis",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "symmetry_score", sa.Numeric(precision=4, scale=3, asdecimal=False), nullable=True
        ),
        sa.Column("symmetry_issues", TEXT_LIST, nullable=False),
        sa.Column(
            "fit_preferences",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "size_recommendations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["avatar_id"],
            ["avatars.id"],
            name=op.f("fk_body_analyses_avatar_id_avatars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["measurement_profile_id"],
            ["measurement_profiles.id"],
            name=op.f("fk_body_analyses_measurement_profile_id_measurement_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_analyses")),
        sa.UniqueConstraint("avatar_id", name="unique_avatar_body_analysis"),
    )
    op.create_index("idx_body_analyses_avatar_id", "body_analyses", ["avatar_id"], unique=False)
    op.create_index("idx_body_analyses_body_type", "body_analyses", ["body_type"], unique=False)


def downgrade() -> None:
    op.drop_index("idx_body_analyses_body_type", table_name="body_analyses")
    op.drop_index("idx_body_analyses_avatar_id", table_name="body_analyses")
    op.drop_table("body_analyses")
    op.drop_index("idx_avatar_versions_created_at", table_name="avatar_versions")
    op.drop_index("idx_avatar_versions_avatar_id", table_name="avatar_versions")
    op.drop_table("avatar_versions")
    op.drop_index("idx_photo_uploads_user_id", table_name="photo_uploads")
    op.drop_index("idx_photo_uploads_status", table_name="photo_uploads")
    op.drop_index("idx_photo_uploads_avatar_id", table_name="photo_uploads")
    op.drop_index(
        "idx_photo_uploads_auto_delete",
        table_name="photo_uploads",
        postgresql_where=sa.text("deleted IS false"),
        sqlite_where=sa.text("deleted IS false"),
    )
    op.drop_table("photo_uploads")
    op.drop_index("idx_model_files_lod_level", table_name="model_files")
    op.drop_index("idx_model_files_avatar_id", table_name="model_files")
    op.drop_table("model_files")
    op.drop_index("idx_measurement_profiles_avatar_id", table_name="measurement_profiles")
    op.drop_table("measurement_profiles")
    op.drop_index("idx_avatars_user_id", table_name="avatars")
    op.drop_index("idx_avatars_user_created", table_name="avatars")
    op.drop_index("idx_avatars_tags", table_name="avatars", postgresql_using="gin")
    op.drop_index("idx_avatars_status", table_name="avatars")
    op.drop_index("idx_avatars_created_at", table_name="avatars")
    op.drop_table("avatars")
