"""hand-offs to the one-stop centre's staff, and what staff taught the bot from them

A citizen who needs a person is handed to the staff support group: one forum topic per
conversation (``handoffs``: the topic, times, procedure and the citizen's rating; no
message text). A question staff mark "the bot should know this" goes to the console's
inbox with their answer (``handoff_lessons``, number-masked).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('handoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('support_chat_id', sa.BigInteger(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('procedure_code', sa.String(length=40), nullable=True),
    sa.Column('query_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_reply_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=100), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_handoffs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoffs')),
    sa.UniqueConstraint('reference', name=op.f('uq_handoffs_reference'))
    )
    op.create_index(op.f('ix_handoffs_user_id'), 'handoffs', ['user_id'], unique=False)
    op.create_index('ix_handoffs_topic', 'handoffs', ['support_chat_id', 'thread_id'], unique=False)
    op.create_index('uq_handoffs_open_user', 'handoffs', ['user_id'], unique=True,
                    sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
    op.create_table('handoff_lessons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('user_hash', sa.String(length=64), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('procedure_code', sa.String(length=40), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_lessons'))
    )
    op.create_index(op.f('ix_handoff_lessons_reference'), 'handoff_lessons', ['reference'], unique=False)
    op.create_index(op.f('ix_handoff_lessons_user_hash'), 'handoff_lessons', ['user_hash'], unique=False)
    op.create_index(op.f('ix_handoff_lessons_created_at'), 'handoff_lessons', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_table('handoff_lessons')
    op.drop_index('uq_handoffs_open_user', table_name='handoffs')
    op.drop_index('ix_handoffs_topic', table_name='handoffs')
    op.drop_index(op.f('ix_handoffs_user_id'), table_name='handoffs')
    op.drop_table('handoffs')
