"""Size charts added by admins; fit feedback and the fit preferences learned from it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 22:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen here, not imported from the application: a migration must not change with the code.
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "size_charts",
        sa.Column("brand_key", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("gender", sa.String(length=20), nullable=False),
        sa.Column("document", JSON_DOCUMENT, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("brand_key", "category", "gender", name=op.f("pk_size_charts")),
    )
    op.create_table(
        "fit_preferences",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("offset_cm", sa.Float(), nullable=False),
        sa.Column("feedback_count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "category", name=op.f("pk_fit_preferences")),
    )
    op.create_table(
        "fit_feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("size_worn", sa.String(length=50), nullable=False),
        sa.Column("areas", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_feedback")),
    )
    op.create_index(
        "idx_fit_feedback_user_id", "fit_feedback", ["user_id", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("idx_fit_feedback_user_id", table_name="fit_feedback")
    op.drop_table("fit_feedback")
    op.drop_table("fit_preferences")
    op.drop_table("size_charts")
