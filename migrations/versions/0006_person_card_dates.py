"""The identity card's issue and expiry dates of each person (issue 13, decision 0155):
an expired card is flagged on the borrower page and the group sheet. Nullable columns added
in place (no table rebuild): persons registered before keep no dates until a card is
recorded.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("person", sa.Column("id_issued_on", sa.Date(), nullable=True))
    op.add_column("person", sa.Column("id_expiry", sa.Date(), nullable=True))
    op.add_column("person", sa.Column("id_card_op_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch_op:
        batch_op.drop_column("id_card_op_id")
        batch_op.drop_column("id_expiry")
        batch_op.drop_column("id_issued_on")
