"""The current processing run of an avatar: its job id (polled at GET /api/v1/jobs/{id}), its
stage, its progress and whether a failure may be retried.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("avatars") as batch:
        batch.add_column(sa.Column("processing_job_id", sa.Uuid, nullable=True))
        batch.add_column(sa.Column("processing_stage", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("processing_progress", sa.SmallInteger, nullable=True))
        batch.add_column(sa.Column("processing_retryable", sa.Boolean, nullable=True))
    op.create_index("idx_avatars_processing_job_id", "avatars", ["processing_job_id"])


def downgrade() -> None:
    op.drop_index("idx_avatars_processing_job_id", table_name="avatars")
    with op.batch_alter_table("avatars") as batch:
        for column in (
            "processing_retryable",
            "processing_progress",
            "processing_stage",
            "processing_job_id",
        ):
            batch.drop_column(column)
