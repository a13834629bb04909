"""The Resolution Desk pipeline as a Prefect flow: (scrape →) match → queue.

Tasks are coarse (one per stage) and open their own database session from the URL
they are given, so a worker on another machine runs them the same way. Nothing here
parses, matches or decides: it calls ``matchers.store.run_matching`` and friends.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.scrape import scrape_sources
from matchers.store import run_matching
from resdesk.runtime import init_db, match_settings, transaction
from resdesk.settings import Settings, get_settings


def _settings(database_url: str | None) -> Settings:
    base = get_settings()
    if database_url:
        return base.model_copy(update={"database_url": database_url})
    return base


@task(name="match-findings", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def match_findings(database_url: str | None = None) -> dict[str, Any]:
    """Match unmatched findings against open questions; queue proposals."""
    settings = _settings(database_url)
    with transaction(settings) as session:
        report = run_matching(session, match_settings(settings), actor="flow:pipeline")
    return {
        "questions": report.questions,
        "findings_considered": report.findings_considered,
        "proposals_created": report.proposals_created,
        "citations_added": report.citations_added,
        "rejections": report.rejections,
    }


def _summary_markdown(summary: dict[str, Any]) -> str:
    m = summary["match"]
    scraped = summary.get("scrape", [])
    new = sum(r.get("new", 0) + r.get("versions", 0) for r in scraped)
    lines = [
        "# Resolution Desk pipeline run",
        "",
        "| stage | figure | value |",
        "|---|---|---|",
        f"| scrape | sources scraped | {len(scraped)} |",
        f"| scrape | new findings | {new} |",
        f"| scrape | failed sources | {sum(1 for r in scraped if r.get('error'))} |",
        f"| match | open questions | {m['questions']} |",
        f"| match | findings considered | {m['findings_considered']} |",
        f"| match | proposals created | {len(m['proposals_created'])} |",
        f"| match | citations added | {m['citations_added']} |",
    ]
    for reason, n in sorted(m["rejections"].items()):
        lines.append(f"| match | set aside: {reason} | {n} |")
    return "\n".join(lines)


@flow(name="resolution-pipeline", log_prints=True)
def pipeline(
    database_url: str | None = None, scrape: bool = True, force_scrape: bool = False
) -> dict[str, Any]:
    """Run the whole pipeline once: scrape due sources (a subflow), then match.

    ``force_scrape`` polls every source, due or not (conditional requests keep it cheap).
    """
    init_db(_settings(database_url))
    summary: dict[str, Any] = {}
    if scrape:
        summary["scrape"] = scrape_sources(database_url=database_url, force=force_scrape)
    summary["match"] = match_findings(database_url)
    create_markdown_artifact(
        key="pipeline-summary",
        markdown=_summary_markdown(summary),
        description="What this pipeline run matched and queued.",
    )
    return summary
