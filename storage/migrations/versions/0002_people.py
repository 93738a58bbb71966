"""people: who has signed in through ID-porten (production)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Ids start at 60 000 000 (an identity column on PostgreSQL), above Altinn localtest's test
    # users and parties. SQLite has no identity columns and counts from 1; it is only used in
    # local mode, where people come from localtest's files and this table stays empty.
    op.create_table('people',
    sa.Column('id', sa.Integer(), sa.Identity(always=False, start=60000000), nullable=False),
    sa.Column('ssn', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ssn', name='uq_people_ssn')
    )


def downgrade() -> None:
    op.drop_table('people')
