"""The avatar's skin tone: the base colour of its model files' material.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("avatars") as batch:
        batch.add_column(sa.Column("skin_tone", sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("avatars") as batch:
        batch.drop_column("skin_tone")
