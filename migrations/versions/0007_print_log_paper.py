"""The print register keeps each print's paper (issue 15): "a4", "a5" or "thermal". Rows
written before have none (NULL: not known).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:      # a nullable column: SQLite adds it in place
    op.add_column("print_log", sa.Column("paper", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("print_log") as batch:
        batch.drop_column("paper")
