"""The core system's identifiers on the records (issue 17): the household's 8-digit village
code and the savings account's TK 105 number, indexed so they can be searched. The seed put
both in its operations' payloads (`household.register`, `savings.open`) before: they are
copied from the journal here, so a book seeded before this revision finds them too.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 18:00:00
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# kind -> (table, payload field of the row's id, payload field, column)
FROM_JOURNAL = {"household.register": ("household", "household_id", "village_code",
                                       "village_code"),
                "savings.open": ("savings_account", "savings_account_id", "book_no", "book_no")}


def upgrade() -> None:      # nullable columns: SQLite adds them in place
    op.add_column("household", sa.Column("village_code", sa.String(length=20), nullable=True))
    op.add_column("savings_account", sa.Column("book_no", sa.String(length=40), nullable=True))
    op.create_index("ix_household_village_code", "household", ["village_code"])
    op.create_index("ix_savings_account_book_no", "savings_account", ["book_no"])
    conn = op.get_bind()
    for kind, (table, key, field, column) in FROM_JOURNAL.items():
        values = []
        for (payload,) in conn.execute(sa.text("SELECT payload FROM operation WHERE kind = :k"),
                                       {"k": kind}):
            p = json.loads(bytes(payload))
            if p.get(field) and p.get(key):
                values.append({"v": p[field], "id": p[key]})
        if values:
            conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"), values)


def downgrade() -> None:
    op.drop_index("ix_savings_account_book_no", "savings_account")
    op.drop_index("ix_household_village_code", "household")
    with op.batch_alter_table("savings_account") as batch:
        batch.drop_column("book_no")
    with op.batch_alter_table("household") as batch:
        batch.drop_column("village_code")
