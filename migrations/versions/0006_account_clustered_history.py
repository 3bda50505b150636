"""Account-ordered history tables (decision 0046): `operation_account` keyed by
(account_kind, account_id, op_id) and `savings_movement` by (account_id, op_id). On SQLite
both become WITHOUT ROWID tables — one b-tree per row to write where there were three, and
an account's rows side by side for a replay or a statement; the account indexes they needed
go, `operation_account` gains one on op_id (the office's verdicts look operations up).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:30:00
"""
from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OA_COLUMNS = "op_id, account_kind, account_id"
SM_COLUMNS = "op_id, account_id, business_date, amount, kind"


def _oa_table(name: str, key: str, without_rowid: bool) -> str:
    return f"""CREATE TABLE {name} (
    op_id VARCHAR(36) NOT NULL,
    account_kind VARCHAR(20) NOT NULL,
    account_id VARCHAR(36) NOT NULL,
    CONSTRAINT pk_operation_account PRIMARY KEY ({key}),
    CONSTRAINT fk_operation_account_op_id_operation FOREIGN KEY(op_id)
        REFERENCES operation (op_id)
){" WITHOUT ROWID" if without_rowid else ""}"""


def _sm_table(name: str, key: str, without_rowid: bool) -> str:
    return f"""CREATE TABLE {name} (
    op_id VARCHAR(36) NOT NULL,
    account_id VARCHAR(36) NOT NULL,
    business_date DATE NOT NULL,
    amount BIGINT NOT NULL,
    kind VARCHAR(40) NOT NULL,
    CONSTRAINT pk_savings_movement PRIMARY KEY ({key}),
    CONSTRAINT fk_savings_movement_account_id_savings_account FOREIGN KEY(account_id)
        REFERENCES savings_account (id)
){" WITHOUT ROWID" if without_rowid else ""}"""


def _rebuild(table: str, ddl: str, columns: str, order: str) -> None:
    """SQLite cannot change a primary key in place: copy into the new shape, in key order."""
    op.execute(ddl.replace(f"CREATE TABLE {table} (", f"CREATE TABLE _new_{table} (", 1))
    op.execute(f"INSERT INTO _new_{table} ({columns}) SELECT {columns} FROM {table} "
               f"ORDER BY {order}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE _new_{table} RENAME TO {table}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_operation_account_account", table_name="operation_account")
        _rebuild("operation_account", _oa_table("operation_account",
                                                "account_kind, account_id, op_id", True),
                 OA_COLUMNS, "account_kind, account_id, op_id")
        op.drop_index("ix_savings_movement_account_id", table_name="savings_movement")
        _rebuild("savings_movement", _sm_table("savings_movement", "account_id, op_id", True),
                 SM_COLUMNS, "account_id, op_id")
    else:
        op.drop_index("ix_operation_account_account", table_name="operation_account")
        op.drop_constraint("pk_operation_account", "operation_account", type_="primary")
        op.create_primary_key("pk_operation_account", "operation_account",
                              ["account_kind", "account_id", "op_id"])
        op.drop_index("ix_savings_movement_account_id", table_name="savings_movement")
        op.drop_constraint("pk_savings_movement", "savings_movement", type_="primary")
        op.create_primary_key("pk_savings_movement", "savings_movement",
                              ["account_id", "op_id"])
    op.create_index("ix_operation_account_op_id", "operation_account", ["op_id"])


def downgrade() -> None:
    op.drop_index("ix_operation_account_op_id", table_name="operation_account")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("operation_account", _oa_table("operation_account",
                                                "op_id, account_kind, account_id", False),
                 OA_COLUMNS, "op_id, account_kind, account_id")
        _rebuild("savings_movement", _sm_table("savings_movement", "op_id, account_id", False),
                 SM_COLUMNS, "op_id, account_id")
    else:
        op.drop_constraint("pk_operation_account", "operation_account", type_="primary")
        op.create_primary_key("pk_operation_account", "operation_account",
                              ["op_id", "account_kind", "account_id"])
        op.drop_constraint("pk_savings_movement", "savings_movement", type_="primary")
        op.create_primary_key("pk_savings_movement", "savings_movement",
                              ["op_id", "account_id"])
    op.create_index("ix_operation_account_account", "operation_account",
                    ["account_kind", "account_id"])
    op.create_index("ix_savings_movement_account_id", "savings_movement", ["account_id"])
