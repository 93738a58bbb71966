"""instances: soft delete and completion by the app owner

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 23:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('soft_deleted', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('completed_by_owner', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_column('completed_by_owner')
        batch_op.drop_column('soft_deleted')
