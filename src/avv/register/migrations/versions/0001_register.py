"""The register: customers, their notice addresses, the hash-chained ledger, the address key.

The ledger is append-only in the database as well: a trigger refuses every UPDATE and DELETE
(`avv register verify` still checks the chain, for a register whose trigger was dropped).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

REFUSAL = "das Protokoll des Registers wird nur ergänzt, nie geändert"


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(400), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("signed", sa.String(32), nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("erased_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "addresses",
        sa.Column(
            "customer",
            sa.String(64),
            sa.ForeignKey("customers.id"),
            primary_key=True,
            nullable=False,
        ),
        sa.Column("position", sa.Integer, primary_key=True, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
    )
    op.create_table(
        "ledger",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("customer", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_ledger_version_kind", "ledger", ["version", "kind"])
    op.create_index("ix_ledger_customer", "ledger", ["customer"])
    op.create_table(
        "settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(256), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger "
            "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ledger_no_{action.lower()} BEFORE {action} ON ledger "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("the register's evidence is never dropped by a migration")
