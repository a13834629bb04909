"""Real Prefect flow runs (Prefect's test harness: a temporary API server), not mocks."""

from __future__ import annotations

import os
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
PROJECT = Path(__file__).resolve().parents[2]


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
    state = pipeline(database_url=db_url, scrape=False, return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert len(summary["match"]["proposals_created"]) == 1
    with session_scope(session_factory) as s:
        p = s.execute(select(Proposal)).scalar_one()
        assert p.outcome.label == "Returned to Syria"
    keys = anyio.run(_artifact_keys, state.state_details.flow_run_id)
    assert "pipeline-summary" in keys
    again = pipeline(database_url=db_url, scrape=False)  # a second run creates nothing new
    assert again["match"]["proposals_created"] == []


def test_demo_runs_offline_on_the_embedded_default(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # the demo points RESDESK_SOURCES at its own catalogue: keep that out of later tests
    monkeypatch.setattr(os, "environ", os.environ.copy())
    monkeypatch.delenv("RESDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("RESDESK_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "resdesk.db").exists()
    out = " ".join(result.stdout.split())
    assert "Iraqi Ministry of Foreign Affairs: fetched 12, new 10" in out
    assert "proposed outcome: Returned to Syria" in out
    assert "handed over 1,934 Syrian military personnel to the Syrian authorities" in out
    assert "resdesk queue approve" in out and "--as demo-reviewer" in out
    assert "evidence matrix" in out and "authority named source" in out
    pending = out.split("the review queue (")[1].split(" pending")[0]
    again = CliRunner().invoke(app, ["demo"])  # idempotent: same queue, nothing duplicated
    again_out = " ".join(again.stdout.split())
    assert again.exit_code == 0, again.output
    assert f"the review queue ({pending} pending)" in again_out
    assert "new 0, not modified 1" in again_out
    get_settings.cache_clear()
    assert os.environ.get("RESDESK_SOURCES")  # set by the demo, undone after this test


def test_scrape_flow_runs_one_task_per_source_with_a_summary(
    prefect_harness: None, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import anyio

    from flows.scrape import scrape_sources
    from resdesk.localsite import serve_site

    template = (PROJECT / "resdesk" / "data" / "demo_sources.yaml").read_text(encoding="utf-8")
    with serve_site() as site:
        catalogue = tmp_path / "sources.yaml"
        catalogue.write_text(
            template.replace("{base}", site.base_url.rstrip("/")), encoding="utf-8"
        )
        monkeypatch.setenv("RESDESK_SOURCES", str(catalogue))
        monkeypatch.setenv("RESDESK_FETCH_DELAY", "0")
        monkeypatch.setenv("RESDESK_HOME", str(tmp_path / "home"))
        get_settings.cache_clear()
        site.fail("/reliefweb/v1/reports", 404, times=None)  # a permanent failure: no retry
        state = scrape_sources(database_url=db_url, return_state=True)
    get_settings.cache_clear()
    assert state.is_completed()
    reports = {r["source"]: r for r in state.result()}
    assert len(reports) == 5
    assert reports["UNHCR"]["new"] == 7 and reports["UNHCR"]["error"] is None
    assert "404" in reports["ReliefWeb"]["error"]
    keys = anyio.run(_artifact_keys, state.state_details.flow_run_id)
    assert "scrape-summary" in keys
