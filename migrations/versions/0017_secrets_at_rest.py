"""authenticator keys encrypted at rest, calendar feed tokens hashed

Revision ID: 0017_secrets_at_rest
Revises: 0015_training_bank

The keys are encrypted with the app's TWO_FACTOR_ENCRYPTION_KEYS (the migration runs inside
the app, as ``flask db upgrade`` does); existing feed tokens are replaced by their SHA-256, so
the addresses people already subscribed to keep working.
"""

import hashlib

import sqlalchemy as sa
from alembic import op

from mentoring.security.encryption import decrypt, encrypt

revision = "0017_secrets_at_rest"
down_revision = "0015_training_bank"
branch_labels = None
depends_on = None


def _rewrite_secrets(change):
    bind = op.get_bind()
    for user_id, secret in bind.execute(sa.text("SELECT user_id, secret FROM two_factor")).all():
        bind.execute(
            sa.text("UPDATE two_factor SET secret = :secret WHERE user_id = :user_id"),
            {"secret": change(secret), "user_id": user_id},
        )


def upgrade():
    with op.batch_alter_table("two_factor") as batch:
        batch.alter_column(
            "secret", existing_type=sa.String(64), type_=sa.String(500), existing_nullable=False
        )
    _rewrite_secrets(encrypt)

    with op.batch_alter_table("calendar_feeds") as batch:
        batch.add_column(sa.Column("token_hash", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    for user_id, token in bind.execute(sa.text("SELECT user_id, token FROM calendar_feeds")).all():
        bind.execute(
            sa.text("UPDATE calendar_feeds SET token_hash = :digest WHERE user_id = :user_id"),
            {"digest": hashlib.sha256(token.encode()).hexdigest(), "user_id": user_id},
        )
    with op.batch_alter_table("calendar_feeds") as batch:
        batch.drop_constraint("uq_calendar_feeds_token", type_="unique")
        batch.drop_column("token")
        batch.alter_column("token_hash", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_calendar_feeds_token_hash", ["token_hash"])


def downgrade():
    # The feed tokens cannot be recovered from their hashes: every feed is dropped.
    op.execute("DELETE FROM calendar_feeds")
    with op.batch_alter_table("calendar_feeds") as batch:
        batch.drop_constraint("uq_calendar_feeds_token_hash", type_="unique")
        batch.drop_column("token_hash")
        batch.add_column(sa.Column("token", sa.String(length=64), nullable=False))
        batch.create_unique_constraint("uq_calendar_feeds_token", ["token"])
    _rewrite_secrets(decrypt)
    with op.batch_alter_table("two_factor") as batch:
        batch.alter_column(
            "secret", existing_type=sa.String(500), type_=sa.String(64), existing_nullable=False
        )
