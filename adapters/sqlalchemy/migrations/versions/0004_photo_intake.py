"""Photo intake: keys of the keypoints and mask, the malware scan, the body hints.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 03:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("photo_uploads", sa.Column("keypoints_key", sa.String(length=500)))
    op.add_column("photo_uploads", sa.Column("mask_key", sa.String(length=500)))
    op.add_column(
        "photo_uploads",
        sa.Column(
            "malware_scan", sa.String(length=20), server_default="not_scanned", nullable=False
        ),
    )
    op.add_column("photo_uploads", sa.Column("malware_scanner", sa.String(length=100)))
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a constraint in place
        op.create_check_constraint(
            op.f("ck_photo_uploads_malware_scan_allowed"),
            "photo_uploads",
            "malware_scan IN ('clean', 'not_scanned')",
        )
    op.create_table(
        "photo_body_hints",
        sa.Column("avatar_id", sa.Uuid(), nullable=False),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["avatar_id"],
            ["avatars.id"],
            name=op.f("fk_photo_body_hints_avatar_id_avatars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("avatar_id", name=op.f("pk_photo_body_hints")),
    )


def downgrade() -> None:
    op.drop_table("photo_body_hints")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("ck_photo_uploads_malware_scan_allowed"), "photo_uploads", type_="check"
        )
    for column in ("malware_scanner", "malware_scan", "mask_key", "keypoints_key"):
        op.drop_column("photo_uploads", column)
