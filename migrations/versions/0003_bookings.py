"""bookings: host availability, bookings, notes, calendar feeds, group sessions

Revision ID: 0003_bookings
Revises: 0002_matching
Create Date: 2026-11-25 07:11:27.741201

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_bookings'
down_revision = '0002_matching'
branch_labels = None
depends_on = None

# Same statements as mentoring/bookings/models.py runs after create_all on PostgreSQL.
POSTGRES_EXCLUSIONS = (
    "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_host_overlap EXCLUDE USING gist "
    "(host_id WITH =, tsrange(starts_at, ends_at) WITH &&) WHERE (status = 'active')",
    "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_participant_overlap EXCLUDE USING gist "
    "(participant_id WITH =, tsrange(starts_at, ends_at) WITH &&) WHERE (status = 'active')",
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table('booking_hosts',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('notice_hours', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('max_per_day', sa.Integer(), nullable=True),
    sa.Column('max_per_week', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('buffer_minutes BETWEEN 0 AND 240', name=op.f('ck_booking_hosts_buffer_range')),
    sa.CheckConstraint('horizon_days BETWEEN 1 AND 366', name=op.f('ck_booking_hosts_horizon_range')),
    sa.CheckConstraint('notice_hours BETWEEN 0 AND 720', name=op.f('ck_booking_hosts_notice_range')),
    sa.CheckConstraint('session_minutes BETWEEN 15 AND 480', name=op.f('ck_booking_hosts_session_length')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_booking_hosts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_booking_hosts'))
    )

    op.create_table('booking_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.CheckConstraint('start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute', name=op.f('ck_booking_windows_minutes_ordered')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_booking_windows_weekday_range')),
    sa.ForeignKeyConstraint(['host_id'], ['booking_hosts.user_id'], name=op.f('fk_booking_windows_host_id_booking_hosts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_windows'))
    )
    with op.batch_alter_table('booking_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_windows_host_id'), ['host_id'], unique=False)

    op.create_table('booking_exceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_booking_exceptions_dates_ordered')),
    sa.ForeignKeyConstraint(['host_id'], ['booking_hosts.user_id'], name=op.f('fk_booking_exceptions_host_id_booking_hosts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_exceptions'))
    )
    with op.batch_alter_table('booking_exceptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_exceptions_host_id'), ['host_id'], unique=False)

    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('request_key', sa.String(length=64), nullable=True),
    sa.Column('attendance', sa.String(length=20), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_bookings_times_ordered')),
    sa.CheckConstraint('host_id <> participant_id', name=op.f('ck_bookings_not_self')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_bookings_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_id'], ['users.id'], name=op.f('fk_bookings_host_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['users.id'], name=op.f('fk_bookings_participant_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('participant_id', 'request_key', name=op.f('uq_bookings_participant_id_request_key'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('uq_bookings_host_active_start', ['host_id', 'starts_at'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
        batch_op.create_index('uq_bookings_participant_active_start', ['participant_id', 'starts_at'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.create_table('booking_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_booking_notes_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_booking_notes_booking_id_bookings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_notes'))
    )
    with op.batch_alter_table('booking_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_notes_booking_id'), ['booking_id'], unique=False)

    op.create_table('calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_feeds_token'))
    )

    op.create_table('group_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.Column('booked_count', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('series_key', sa.String(length=64), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('booked_count >= 0', name=op.f('ck_group_sessions_booked_count_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_group_sessions_times_ordered')),
    sa.CheckConstraint('seats IS NULL OR booked_count <= seats', name=op.f('ck_group_sessions_seats_limit')),
    sa.ForeignKeyConstraint(['host_id'], ['users.id'], name=op.f('fk_group_sessions_host_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_sessions'))
    )
    with op.batch_alter_table('group_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_sessions_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_sessions_series_key'), ['series_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('group_seats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('attendance', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['group_sessions.id'], name=op.f('fk_group_seats_session_id_group_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_seats_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_seats')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_group_seats_session_id_user_id'))
    )
    with op.batch_alter_table('group_seats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_seats_user_id'), ['user_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_EXCLUSIONS:
            op.execute(statement)


def downgrade():
    op.drop_table('group_seats')
    op.drop_table('group_sessions')
    op.drop_table('calendar_feeds')
    op.drop_table('booking_notes')
    op.drop_table('bookings')
    op.drop_table('booking_exceptions')
    op.drop_table('booking_windows')
    op.drop_table('booking_hosts')
