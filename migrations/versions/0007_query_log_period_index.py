"""query_log: one covering index for the figures of a period, by decision

The console's dashboard and /stats count questions per Vietnamese day by decision, the
people who asked and the procedures answered, over up to a year of ``query_log``. The index
(decision, created_at, intent, top_code, user_hash) serves each of those as a range scan of
the index alone (no table rows read), on SQLite and PostgreSQL. It replaces the index on
``decision`` alone, which is its prefix, so a logged question still updates three indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-22 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ['decision', 'created_at', 'intent', 'top_code', 'user_hash']


def upgrade() -> None:
    op.create_index('ix_query_log_decision_period', 'query_log', COLUMNS, unique=False)
    op.drop_index('ix_query_log_decision', table_name='query_log')


def downgrade() -> None:
    op.create_index('ix_query_log_decision', 'query_log', ['decision'], unique=False)
    op.drop_index('ix_query_log_decision_period', table_name='query_log')
