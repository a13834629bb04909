"""outcomes.reviewer_cues: reviewers' cue phrases, kept apart so a re-import keeps them

Until now ``resdesk outcomes cue`` appended to ``outcomes.cues``, which the importer
replaces with the imported file's cues: importing a question again lost the reviewers'
phrases. Their phrases move to their own column; which phrases are theirs is read from
the audit trail (``outcome.cue_added`` events), the record of who added what.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 06:35:00
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [c for c in value or [] if isinstance(c, str)] if isinstance(value, list) else []


def upgrade() -> None:
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reviewer_cues', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
    conn = op.get_bind()
    events = conn.execute(
        sa.text(
            "SELECT subject_id, payload FROM audit_events "
            "WHERE action = 'outcome.cue_added' ORDER BY seq"
        )
    ).all()
    added: dict[int, list[str]] = {}
    for subject_id, payload in events:
        data = json.loads(payload) if isinstance(payload, str) else payload
        cue = (data or {}).get('cue')
        if isinstance(cue, str) and str(subject_id).isdigit():
            added.setdefault(int(subject_id), []).append(cue)
    for outcome_id, phrases in added.items():
        row = conn.execute(
            sa.text("SELECT cues FROM outcomes WHERE id = :id"), {"id": outcome_id}
        ).first()
        if row is None:
            continue
        cues = _as_list(row[0])
        mine = [c for c in dict.fromkeys(phrases) if c in cues]
        conn.execute(
            sa.text("UPDATE outcomes SET cues = :cues, reviewer_cues = :mine WHERE id = :id"),
            {
                "cues": json.dumps([c for c in cues if c not in mine]),
                "mine": json.dumps(mine),
                "id": outcome_id,
            },
        )


def downgrade() -> None:
    conn = op.get_bind()
    for outcome_id, cues, mine in conn.execute(
        sa.text("SELECT id, cues, reviewer_cues FROM outcomes")
    ).all():
        extra = _as_list(mine)
        if extra:
            merged = list(dict.fromkeys([*_as_list(cues), *extra]))
            conn.execute(
                sa.text("UPDATE outcomes SET cues = :cues WHERE id = :id"),
                {"cues": json.dumps(merged), "id": outcome_id},
            )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_column('reviewer_cues')
