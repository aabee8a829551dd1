"""Encryption at rest of body data: a wrapped data key per user (user_data_keys) and a sealed
column beside the body values of measurement profiles, body analyses, versions and photo
hints; the clear columns become nullable (NULL once a row is sealed).

Rows written before stay readable in clear; `avatar-service keys rotate` seals them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TEXT_LIST = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
LENGTH = sa.Numeric(10, 4, asdecimal=False)
ANALYSIS_NOW_OPTIONAL = (
    ("body_type_confidence", sa.Numeric(4, 3, asdecimal=False)),
    ("proportion_analysis", JSON_DOCUMENT),
    ("symmetry_issues", TEXT_LIST),
    ("fit_preferences", JSON_DOCUMENT),
    ("size_recommendations", JSON_DOCUMENT),
)
SEALED_TABLES = ("measurement_profiles", "body_analyses", "avatar_versions", "photo_body_hints")


def upgrade() -> None:
    op.create_table(
        "user_data_keys",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_data_keys")),
    )
    op.create_index("idx_user_data_keys_key_id", "user_data_keys", ["key_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite rebuilds a table to change a column, and dropping the old measurement_profiles
        # would cascade to body_analyses (foreign keys are on): keep its rows aside.
        op.execute("CREATE TEMP TABLE keep_body_analyses AS SELECT * FROM body_analyses")
    with op.batch_alter_table("measurement_profiles") as batch:
        batch.alter_column("height", existing_type=LENGTH, nullable=True)
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    if sqlite:
        op.execute("DELETE FROM body_analyses")
        op.execute("INSERT INTO body_analyses SELECT * FROM keep_body_analyses")
        op.execute("DROP TABLE keep_body_analyses")
    with op.batch_alter_table("body_analyses") as batch:
        for name, kind in ANALYSIS_NOW_OPTIONAL:
            batch.alter_column(name, existing_type=kind, nullable=True)
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("avatar_versions") as batch:
        batch.alter_column(
            "measurement_profile_snapshot", existing_type=JSON_DOCUMENT, nullable=True
        )
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("photo_body_hints") as batch:
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    bind = op.get_bind()
    for table in SEALED_TABLES:
        sealed = bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE sealed IS NOT NULL"))
        if sealed.scalar_one():
            raise RuntimeError(
                f"{table} holds sealed rows: downgrading below 0012 would lose them "
                "(the values are only in the sealed column)"
            )
    with op.batch_alter_table("photo_body_hints") as batch:
        batch.drop_column("sealed")
    with op.batch_alter_table("avatar_versions") as batch:
        batch.drop_column("sealed")
        batch.alter_column(
            "measurement_profile_snapshot", existing_type=JSON_DOCUMENT, nullable=False
        )
    with op.batch_alter_table("body_analyses") as batch:
        batch.drop_column("sealed")
        for name, kind in ANALYSIS_NOW_OPTIONAL:
            batch.alter_column(name, existing_type=kind, nullable=False)
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMP TABLE keep_body_analyses AS SELECT * FROM body_analyses")
    with op.batch_alter_table("measurement_profiles") as batch:
        batch.drop_column("sealed")
        batch.alter_column("height", existing_type=LENGTH, nullable=False)
    if sqlite:
        op.execute("DELETE FROM body_analyses")
        op.execute("INSERT INTO body_analyses SELECT * FROM keep_body_analyses")
        op.execute("DROP TABLE keep_body_analyses")
    op.drop_index("idx_user_data_keys_key_id", table_name="user_data_keys")
    op.drop_table("user_data_keys")
