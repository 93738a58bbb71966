"""outbox: jobs that must happen after a commit, and their attempts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 01:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outbox',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=100), nullable=False),
        sa.Column('instance_id', sa.String(length=36), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('after_id', sa.String(length=36), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('run_after', sa.DateTime(timezone=True), nullable=False),
        sa.Column('retrying_since', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=2000), nullable=True),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.Column('created', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['instance_id'], ['instances.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_outbox_due', 'outbox', ['status', 'run_after'], unique=False)
    op.create_index('ix_outbox_instance_id', 'outbox', ['instance_id'], unique=False)
    op.create_table(
        'job_attempts',
        sa.Column('id', sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column('job_id', sa.String(length=36), nullable=False),
        sa.Column('started', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended', sa.DateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('error', sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(['job_id'], ['outbox.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_job_attempts_job_id', 'job_attempts', ['job_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_job_attempts_job_id', table_name='job_attempts')
    op.drop_table('job_attempts')
    op.drop_index('ix_outbox_instance_id', table_name='outbox')
    op.drop_index('ix_outbox_due', table_name='outbox')
    op.drop_table('outbox')
