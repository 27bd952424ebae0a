"""question triage: what staff decided about groups of unanswered questions

The staff console's "what citizens asked" page (bot/learning/) records, per group of
similar questions the bot did not answer, asked back on or got 👎 for, what an editor did:
attached it to a procedure, added a synonym, marked it "not a procedure we handle" with a
short reply the bot then gives to matching questions, or dismissed it. Rows are kept for
the audit trail; reopening a group only clears ``active``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-21 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('question_triage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_key', sa.String(length=300), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.Column('reply_vi', sa.Text(), nullable=False),
    sa.Column('reply_en', sa.Text(), nullable=False),
    sa.Column('procedure_code', sa.String(length=40), nullable=True),
    sa.Column('catalog_version', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_triage'))
    )
    op.create_index(op.f('ix_question_triage_active'), 'question_triage', ['active'], unique=False)
    op.create_index(op.f('ix_question_triage_group_key'), 'question_triage', ['group_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_question_triage_group_key'), table_name='question_triage')
    op.drop_index(op.f('ix_question_triage_active'), table_name='question_triage')
    op.drop_table('question_triage')
