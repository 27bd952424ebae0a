"""console: staff roles, one-time sign-in links, console sessions, audit source

Staff get a role (viewer < editor < admin; existing rows become viewers, who may read what
/unanswered and /stats showed them). ``staff_audit`` records where a change was made
(web, cli, telegram; existing rows came from the catalog CLI). The staff console's
one-time sign-in links and its sessions are kept only as hashes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-20 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_members') as batch:
        batch.add_column(
            sa.Column('role', sa.String(length=10), server_default='viewer', nullable=False)
        )
    with op.batch_alter_table('staff_audit') as batch:
        batch.add_column(
            sa.Column('source', sa.String(length=20), server_default='cli', nullable=False)
        )
    op.create_table('console_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_console_links_token_hash'))
    )
    op.create_table('console_sessions',
    sa.Column('session_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('session_hash', name=op.f('pk_console_sessions'))
    )
    op.create_index(op.f('ix_console_sessions_expires_at'), 'console_sessions', ['expires_at'], unique=False)
    op.create_index(op.f('ix_console_sessions_user_id'), 'console_sessions', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_console_sessions_user_id'), table_name='console_sessions')
    op.drop_index(op.f('ix_console_sessions_expires_at'), table_name='console_sessions')
    op.drop_table('console_sessions')
    op.drop_table('console_links')
    with op.batch_alter_table('staff_audit') as batch:
        batch.drop_column('source')
    with op.batch_alter_table('staff_members') as batch:
        batch.drop_column('role')
