"""The office's verdict on a laptop's own operations (decision 0022): two nullable columns on
`operation`, filled on a laptop from the `verdicts` line of each office bundle; `outcome`
keeps what applying the row gave locally.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("operation", sa.Column("office_outcome", sa.String(length=10), nullable=True))
    op.add_column("operation", sa.Column("office_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("operation") as batch:
        batch.drop_column("office_reason")
        batch.drop_column("office_outcome")
