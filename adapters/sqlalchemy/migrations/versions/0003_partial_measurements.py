"""Measurement profiles from a body fit: only the height is required; gender; estimated names.

A measurement-based avatar may be created from any subset of the measurements (at least
the height); the body fit fills the rest and records which values it estimated.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:55:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TEXT_LIST = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
LENGTH = sa.Numeric(10, 4, asdecimal=False)
NOW_OPTIONAL = (
    "chest",
    "waist",
    "hips",
    "shoulder_width",
    "arm_length",
    "inseam",
    "neck_circumference",
)


def upgrade() -> None:
    with op.batch_alter_table("measurement_profiles") as batch:
        for column in NOW_OPTIONAL:
            batch.alter_column(column, existing_type=LENGTH, nullable=True)
        batch.add_column(sa.Column("gender", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("estimated", TEXT_LIST, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measurement_profiles") as batch:
        batch.drop_column("estimated")
        batch.drop_column("gender")
        for column in NOW_OPTIONAL:
            batch.alter_column(column, existing_type=LENGTH, nullable=False)
