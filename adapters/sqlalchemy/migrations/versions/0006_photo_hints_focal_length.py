"""Photo avatars' gender and clothing hints; each photo's focal length from its EXIF.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("photo_body_hints") as batch:
        batch.add_column(sa.Column("gender", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("clothing", sa.String(length=20), nullable=True))
    with op.batch_alter_table("photo_uploads") as batch:
        batch.add_column(sa.Column("focal_length_35mm", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("photo_uploads") as batch:
        batch.drop_column("focal_length_35mm")
    with op.batch_alter_table("photo_body_hints") as batch:
        batch.drop_column("clothing")
        batch.drop_column("gender")
