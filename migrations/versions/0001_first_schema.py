"""First schema: every table of sbpdesk 0.1 (generated from sbpdesk.db.models, then read).

Seeds the single `feed_head` row. Never edit this file once released: add a revision.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27 05:37:23.781318
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_snapshot',
    sa.Column('account_kind', sa.String(length=20), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('state', sa.LargeBinary(), nullable=False),
    sa.Column('last_op_id', sa.String(length=36), nullable=True),
    sa.Column('last_date', sa.Date(), nullable=True),
    sa.Column('point_code', sa.String(length=40), nullable=True),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('programme_code', sa.String(length=40), nullable=True),
    sa.Column('organisation_code', sa.String(length=40), nullable=True),
    sa.Column('funding_source', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('outstanding', sa.BigInteger(), nullable=False),
    sa.Column('principal_overdue', sa.BigInteger(), nullable=False),
    sa.Column('principal_frozen', sa.BigInteger(), nullable=False),
    sa.Column('suspense', sa.BigInteger(), nullable=False),
    sa.Column('needs_update', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('account_kind', 'account_id', name=op.f('pk_account_snapshot'))
    )
    with op.batch_alter_table('account_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_snapshot_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_snapshot_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_snapshot_organisation_code'), ['organisation_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_snapshot_point_code'), ['point_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_snapshot_programme_code'), ['programme_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_snapshot_status'), ['status'], unique=False)

    op.create_table('ack',
    sa.Column('peer', sa.String(length=64), nullable=False),
    sa.Column('highest', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('peer', name=op.f('pk_ack'))
    )
    op.create_table('admin_unit',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('parent_code', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_admin_unit'))
    )
    op.create_table('app_user',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_app_user'))
    )
    op.create_table('application',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('point_code', sa.String(length=40), nullable=True),
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('frequency_months', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=300), nullable=True),
    sa.Column('funding_source', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_household_id'), ['household_id'], unique=False)

    op.create_table('book_key',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('kdf', sa.String(length=200), nullable=False),
    sa.Column('salt', sa.LargeBinary(), nullable=False),
    sa.Column('nonce', sa.LargeBinary(), nullable=False),
    sa.Column('wrapped', sa.LargeBinary(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('username', 'purpose', name=op.f('pk_book_key'))
    )
    op.create_table('book_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_book_setting'))
    )
    op.create_table('device',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('sign_key', sa.Text(), nullable=True),
    sa.Column('seal_key', sa.Text(), nullable=True),
    sa.Column('fingerprint', sa.String(length=100), nullable=True),
    sa.Column('points', sa.Text(), nullable=True),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('revoked_last_seq', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device'))
    )
    op.create_table('feed_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_feed_no', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_head'))
    )
    op.create_table('group',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('point_code', sa.String(length=40), nullable=False),
    sa.Column('organisation_code', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('village', sa.String(length=200), nullable=True),
    sa.Column('leader_person_id', sa.String(length=36), nullable=True),
    sa.Column('leader_name', sa.String(length=200), nullable=True),
    sa.Column('deputy_name', sa.String(length=200), nullable=True),
    sa.Column('rating', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group'))
    )
    with op.batch_alter_table('group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_point_code'), ['point_code'], unique=False)

    op.create_table('household',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('point_code', sa.String(length=40), nullable=False),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('provisional_no', sa.String(length=40), nullable=True),
    sa.Column('customer_code', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('address_op_id', sa.String(length=36), nullable=True),
    sa.Column('village', sa.String(length=200), nullable=True),
    sa.Column('commune_code', sa.String(length=20), nullable=True),
    sa.Column('category', sa.String(length=10), nullable=True),
    sa.Column('category_year', sa.Integer(), nullable=True),
    sa.Column('alias_of', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household'))
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_customer_code'), ['customer_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_point_code'), ['point_code'], unique=False)

    op.create_table('loan',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=True),
    sa.Column('contract_no', sa.String(length=40), nullable=True),
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('purpose', sa.String(length=300), nullable=True),
    sa.Column('funding_source', sa.String(length=20), nullable=True),
    sa.Column('organisation_code', sa.String(length=40), nullable=True),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('point_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('approved_amount', sa.BigInteger(), nullable=False),
    sa.Column('disbursed', sa.BigInteger(), nullable=False),
    sa.Column('outstanding', sa.BigInteger(), nullable=False),
    sa.Column('principal_overdue', sa.BigInteger(), nullable=False),
    sa.Column('principal_frozen', sa.BigInteger(), nullable=False),
    sa.Column('next_due_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan'))
    )
    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_point_code'), ['point_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_loan_programme_code'), ['programme_code'], unique=False)

    op.create_table('office',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('branch_name', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_office'))
    )
    op.create_table('operation',
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('kind_version', sa.Integer(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('rules_version', sa.String(length=40), nullable=True),
    sa.Column('recorded_at', sa.String(length=40), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('feed_no', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_operation')),
    sa.UniqueConstraint('feed_no', name=op.f('uq_operation_feed_no')),
    sa.UniqueConstraint('origin', 'seq', name=op.f('uq_operation_origin_seq'))
    )
    with op.batch_alter_table('operation', schema=None) as batch_op:
        batch_op.create_index('ix_operation_business_date', ['business_date'], unique=False)
        batch_op.create_index('ix_operation_kind', ['kind'], unique=False)
        batch_op.create_index('ix_operation_session_id', ['session_id'], unique=False)

    op.create_table('organisation',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('point_code', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_organisation'))
    )
    op.create_table('origin_head',
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('origin', name=op.f('pk_origin_head'))
    )
    op.create_table('payable',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('payee_kind', sa.String(length=20), nullable=False),
    sa.Column('payee_id', sa.String(length=40), nullable=False),
    sa.Column('point_code', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payable'))
    )
    with op.batch_alter_table('payable', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payable_point_code'), ['point_code'], unique=False)

    op.create_table('point',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('office_code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('commune', sa.String(length=200), nullable=True),
    sa.Column('legacy_commune', sa.String(length=200), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('session_day', sa.Integer(), nullable=True),
    sa.Column('session_time', sa.String(length=5), nullable=True),
    sa.Column('lease_device_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_point'))
    )
    op.create_table('print_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('printed_at', sa.String(length=40), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_log'))
    )
    with op.batch_alter_table('print_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_log_key'), ['key'], unique=False)

    op.create_table('programme',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_vi', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('max_amount', sa.BigInteger(), nullable=True),
    sa.Column('max_term_months', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('funding_sources', sa.String(length=100), nullable=True),
    sa.Column('interest_due', sa.String(length=20), nullable=True),
    sa.Column('overdue_policy_from', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_programme'))
    )
    op.create_table('programme_rate',
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('annual_rate', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_programme_rate'))
    )
    with op.batch_alter_table('programme_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_rate_programme_code'), ['programme_code'], unique=False)

    op.create_table('rule_set',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('values', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_rule_set'))
    )
    op.create_table('savings_account',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('point_code', sa.String(length=40), nullable=True),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_savings_account'))
    )
    with op.batch_alter_table('savings_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_savings_account_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_savings_account_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_savings_account_person_id'), ['person_id'], unique=False)

    op.create_table('session',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('point_code', sa.String(length=40), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('teller', sa.String(length=64), nullable=False),
    sa.Column('controller', sa.String(length=64), nullable=True),
    sa.Column('opening_cash', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('counted', sa.LargeBinary(), nullable=True),
    sa.Column('counted_total', sa.BigInteger(), nullable=True),
    sa.Column('expected_total', sa.BigInteger(), nullable=True),
    sa.Column('head_seq', sa.Integer(), nullable=True),
    sa.Column('head_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session'))
    )
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_point_code'), ['point_code'], unique=False)

    op.create_table('authorisation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_authorisation_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authorisation'))
    )
    with op.batch_alter_table('authorisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorisation_household_id'), ['household_id'], unique=False)

    op.create_table('eligibility_list',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_eligibility_list_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_list'))
    )
    with op.batch_alter_table('eligibility_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eligibility_list_household_id'), ['household_id'], unique=False)

    op.create_table('instalment',
    sa.Column('loan_id', sa.String(length=36), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['loan_id'], ['loan.id'], name=op.f('fk_instalment_loan_id_loan')),
    sa.PrimaryKeyConstraint('loan_id', 'no', name=op.f('pk_instalment'))
    )
    op.create_table('operation_account',
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('account_kind', sa.String(length=20), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['op_id'], ['operation.op_id'], name=op.f('fk_operation_account_op_id_operation')),
    sa.PrimaryKeyConstraint('op_id', 'account_kind', 'account_id', name=op.f('pk_operation_account'))
    )
    with op.batch_alter_table('operation_account', schema=None) as batch_op:
        batch_op.create_index('ix_operation_account_account', ['account_kind', 'account_id'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('search_key', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('ethnicity', sa.String(length=40), nullable=True),
    sa.Column('relation', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('phone_op_id', sa.String(length=36), nullable=True),
    sa.Column('is_representative', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_person_household_id_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_search_key'), ['search_key'], unique=False)

    op.create_table('point_calendar_change',
    sa.Column('point_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('change', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['point_code'], ['point.code'], name=op.f('fk_point_calendar_change_point_code_point')),
    sa.PrimaryKeyConstraint('point_code', 'day', name=op.f('pk_point_calendar_change'))
    )
    op.create_table('receipt',
    sa.Column('receipt_no', sa.String(length=120), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('bl_no', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['op_id'], ['operation.op_id'], name=op.f('fk_receipt_op_id_operation')),
    sa.PrimaryKeyConstraint('receipt_no', name=op.f('pk_receipt'))
    )
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_op_id'), ['op_id'], unique=False)

    op.create_table('savings_movement',
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['savings_account.id'], name=op.f('fk_savings_movement_account_id_savings_account')),
    sa.PrimaryKeyConstraint('op_id', 'account_id', name=op.f('pk_savings_movement'))
    )

    feed_head = sa.table('feed_head', sa.column('id', sa.Integer), sa.column('last_feed_no', sa.BigInteger))
    op.bulk_insert(feed_head, [{'id': 1, 'last_feed_no': 0}])


def downgrade() -> None:
    op.drop_table('savings_movement')
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_op_id'))

    op.drop_table('receipt')
    op.drop_table('point_calendar_change')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_search_key'))
        batch_op.drop_index(batch_op.f('ix_person_id_number'))
        batch_op.drop_index(batch_op.f('ix_person_household_id'))

    op.drop_table('person')
    with op.batch_alter_table('operation_account', schema=None) as batch_op:
        batch_op.drop_index('ix_operation_account_account')

    op.drop_table('operation_account')
    op.drop_table('instalment')
    with op.batch_alter_table('eligibility_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eligibility_list_household_id'))

    op.drop_table('eligibility_list')
    with op.batch_alter_table('authorisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorisation_household_id'))

    op.drop_table('authorisation')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_point_code'))

    op.drop_table('session')
    with op.batch_alter_table('savings_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_savings_account_person_id'))
        batch_op.drop_index(batch_op.f('ix_savings_account_household_id'))
        batch_op.drop_index(batch_op.f('ix_savings_account_group_id'))

    op.drop_table('savings_account')
    op.drop_table('rule_set')
    with op.batch_alter_table('programme_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_rate_programme_code'))

    op.drop_table('programme_rate')
    op.drop_table('programme')
    with op.batch_alter_table('print_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_log_key'))

    op.drop_table('print_log')
    op.drop_table('point')
    with op.batch_alter_table('payable', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payable_point_code'))

    op.drop_table('payable')
    op.drop_table('origin_head')
    op.drop_table('organisation')
    with op.batch_alter_table('operation', schema=None) as batch_op:
        batch_op.drop_index('ix_operation_session_id')
        batch_op.drop_index('ix_operation_kind')
        batch_op.drop_index('ix_operation_business_date')

    op.drop_table('operation')
    op.drop_table('office')
    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_programme_code'))
        batch_op.drop_index(batch_op.f('ix_loan_point_code'))
        batch_op.drop_index(batch_op.f('ix_loan_household_id'))
        batch_op.drop_index(batch_op.f('ix_loan_group_id'))

    op.drop_table('loan')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_point_code'))
        batch_op.drop_index(batch_op.f('ix_household_group_id'))
        batch_op.drop_index(batch_op.f('ix_household_customer_code'))

    op.drop_table('household')
    with op.batch_alter_table('group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_point_code'))

    op.drop_table('group')
    op.drop_table('feed_head')
    op.drop_table('device')
    op.drop_table('book_setting')
    op.drop_table('book_key')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_household_id'))

    op.drop_table('application')
    op.drop_table('app_user')
    op.drop_table('admin_unit')
    op.drop_table('ack')
    with op.batch_alter_table('account_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_snapshot_status'))
        batch_op.drop_index(batch_op.f('ix_account_snapshot_programme_code'))
        batch_op.drop_index(batch_op.f('ix_account_snapshot_point_code'))
        batch_op.drop_index(batch_op.f('ix_account_snapshot_organisation_code'))
        batch_op.drop_index(batch_op.f('ix_account_snapshot_household_id'))
        batch_op.drop_index(batch_op.f('ix_account_snapshot_group_id'))

    op.drop_table('account_snapshot')
