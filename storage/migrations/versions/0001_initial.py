"""instances, data elements and instance events

Revision ID: 0001
Revises:
Create Date: 2026-12-04 20:23:58.495704
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('instances',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('app_id', sa.String(length=200), nullable=False),
    sa.Column('org', sa.String(length=100), nullable=False),
    sa.Column('instance_owner_party_id', sa.Integer(), nullable=False),
    sa.Column('current_task', sa.String(length=200), nullable=True),
    sa.Column('process', sa.JSON(), nullable=False),
    sa.Column('last_page', sa.String(length=200), nullable=True),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('last_changed', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_changed_by', sa.String(length=100), nullable=True),
    sa.Column('archived', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.create_index('ix_instances_owner_app', ['instance_owner_party_id', 'app_id'], unique=False)

    op.create_table('data_elements',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=False),
    sa.Column('data_type', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=500), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('blob', sa.LargeBinary(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('last_changed', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_changed_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['instances.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('data_elements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_elements_instance_id'), ['instance_id'], unique=False)

    op.create_table('instance_events',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.String(length=100), nullable=True),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('data_id', sa.String(length=36), nullable=True),
    sa.Column('process_info', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['instances.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('instance_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instance_events_instance_id'), ['instance_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('instance_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instance_events_instance_id'))

    op.drop_table('instance_events')
    with op.batch_alter_table('data_elements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_elements_instance_id'))

    op.drop_table('data_elements')
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_index('ix_instances_owner_app')

    op.drop_table('instances')
