"""Real Prefect flow runs (Prefect's test harness: a temporary API server), not mocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from db.engine import session_scope
from db.models import Proposal
from flows.pipeline import pipeline
from resdesk.cli import app
from resdesk.settings import get_settings
from tests.dbfixtures import HANDOVER, add_findings, add_seed

pytestmark = pytest.mark.flow


async def _artifact_keys(flow_run_id: object) -> list[str]:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async with get_client() as client:
        runs = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
        assert runs and runs[0].state is not None and runs[0].state.is_completed()
        arts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
        return [a.key or "" for a in arts]


def test_pipeline_flow_run_queues_the_proposal(
    prefect_harness: None, session_factory: sessionmaker[Session], db_url: str
) -> None:
    import anyio

    add_seed(session_factory)
    add_findings(session_factory, HANDOVER)
    state = pipeline(database_url=db_url, return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert len(summary["match"]["proposals_created"]) == 1
    with session_scope(session_factory) as s:
        p = s.execute(select(Proposal)).scalar_one()
        assert p.outcome.label == "Returned to Syria"
    keys = anyio.run(_artifact_keys, state.state_details.flow_run_id)
    assert "pipeline-summary" in keys
    again = pipeline(database_url=db_url)  # a second run creates nothing new
    assert again["match"]["proposals_created"] == []


def test_demo_runs_offline_on_the_embedded_default(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("RESDESK_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "resdesk.db").exists()
    out = " ".join(result.stdout.split())
    assert "proposed outcome: Returned to Syria" in out
    assert "handed over 1,905 Syrian soldiers to the Syrian authorities" in out
    assert "resdesk queue approve 1 --as demo-reviewer" in out
    assert "the review queue (1 pending)" in out
    again = CliRunner().invoke(app, ["demo"])  # idempotent: same queue, nothing duplicated
    assert again.exit_code == 0 and "the review queue (1 pending)" in again.stdout
    get_settings.cache_clear()
