"""The transactional outbox and the record of processed job messages (docs/adr/0012).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:53:28.340256
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("message_key", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "channel IN ('events', 'jobs')", name=op.f("ck_outbox_messages_channel_allowed")
        ),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("id", name="unique_outbox_message_id"),
    )
    op.create_table(
        "processed_messages",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_processed_messages")),
    )
    op.create_index(
        "idx_processed_messages_processed_at", "processed_messages", ["processed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("idx_processed_messages_processed_at", table_name="processed_messages")
    op.drop_table("processed_messages")
    op.drop_table("outbox_messages")
