"""voice judging: chunked recording uploads, judge assignments, mark sheets, pinned comments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 05:41:18.703696

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('voice_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('recording', sa.String(length=16), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_voice_assignment_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['judge_id'], ['user.id'], name=op.f('fk_voice_assignment_judge_id_user')),
    sa.ForeignKeyConstraint(['session_id'], ['module_session.id'], name=op.f('fk_voice_assignment_session_id_module_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_assignment')),
    sa.UniqueConstraint('attempt_id', 'recording', 'judge_id', 'round', name=op.f('uq_voice_assignment_attempt_id_recording_judge_id_round'))
    )
    with op.batch_alter_table('voice_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_voice_assignment_judge', ['judge_id', 'session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_assignment_review_id'), ['review_id'], unique=False)

    op.create_table('voice_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('recording', sa.String(length=16), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('sheet', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_voice_mark_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['judge_id'], ['user.id'], name=op.f('fk_voice_mark_judge_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_mark')),
    sa.UniqueConstraint('attempt_id', 'recording', 'judge_id', 'round', name=op.f('uq_voice_mark_attempt_id_recording_judge_id_round'))
    )
    with op.batch_alter_table('voice_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_mark_attempt_id'), ['attempt_id'], unique=False)

    op.create_table('voice_pin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('recording', sa.String(length=16), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('at_s', sa.Float(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_voice_pin_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['judge_id'], ['user.id'], name=op.f('fk_voice_pin_judge_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_pin'))
    )
    with op.batch_alter_table('voice_pin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_pin_attempt_id'), ['attempt_id'], unique=False)

    op.create_table('voice_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('recording', sa.String(length=16), nullable=False),
    sa.Column('take_id', sa.String(length=64), nullable=False),
    sa.Column('declared_size', sa.Integer(), nullable=False),
    sa.Column('declared_sha256', sa.String(length=64), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('next_chunk', sa.Integer(), nullable=False),
    sa.Column('bytes_received', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('refusal', sa.String(length=200), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_voice_upload_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_file.id'], name=op.f('fk_voice_upload_stored_file_id_stored_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_upload')),
    sa.UniqueConstraint('attempt_id', 'take_id', name=op.f('uq_voice_upload_attempt_id_take_id'))
    )


def downgrade():
    op.drop_table('voice_upload')
    with op.batch_alter_table('voice_pin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_pin_attempt_id'))

    op.drop_table('voice_pin')
    with op.batch_alter_table('voice_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_mark_attempt_id'))

    op.drop_table('voice_mark')
    with op.batch_alter_table('voice_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_assignment_review_id'))
        batch_op.drop_index('ix_voice_assignment_judge')

    op.drop_table('voice_assignment')
