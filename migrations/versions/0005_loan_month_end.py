"""Month-end portfolio figures of each loan (decision 0042): a cache the portfolio report
fills for a past month end and posting drops for a loan it rebuilds from the journal.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 09:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loan_month_end",
        sa.Column("month_end", sa.Date(), nullable=False),
        sa.Column("loan_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("programme_code", sa.String(length=40), nullable=True),
        sa.Column("group_id", sa.String(length=36), nullable=True),
        sa.Column("funding_source", sa.String(length=20), nullable=True),
        sa.Column("outstanding", sa.BigInteger(), nullable=False),
        sa.Column("principal_overdue", sa.BigInteger(), nullable=False),
        sa.Column("principal_frozen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month_end", "loan_id", name=op.f("pk_loan_month_end")),
    )
    op.create_index(op.f("ix_loan_month_end_loan_id"), "loan_month_end", ["loan_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_loan_month_end_loan_id"), table_name="loan_month_end")
    op.drop_table("loan_month_end")
