"""pending step payload: what a dialogue step is about, and its secret (encrypted)

The owner-ID dialogue of a dossier look-up (which code, whether to follow it) and the
encrypted owner ID kept for the status card's 🔔 button move from PTB's per-process
``user_data`` into ``pending_steps``, so that any instance can take the next message.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-12 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('pending_steps') as batch:
        batch.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('secret', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pending_steps') as batch:
        batch.drop_column('secret')
        batch.drop_column('payload')
