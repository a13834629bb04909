"""The scrape flow: one task per due source, retried only on transient failures.

Fetch tasks never use Prefect's result cache (``NO_CACHE``): a cached fetch would be
stale evidence. Per-host politeness (concurrency, delay, Retry-After pauses) lives in
the fetcher inside each task.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from resdesk.runtime import init_db
from resdesk.scraping import due, scrape
from resdesk.settings import Settings, get_settings

#: Error kinds worth another try (see scrapers.errors): timeouts, 429/5xx, resets.
TRANSIENT_KINDS = frozenset({"transient"})


class TransientSourceFailure(RuntimeError):
    """Raised by a task so Prefect retries it; the failure is already recorded."""


def _settings(database_url: str | None) -> Settings:
    base = get_settings()
    return base.model_copy(update={"database_url": database_url}) if database_url else base


def _retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    try:
        state.result()
    except TransientSourceFailure:
        return True
    except Exception:
        return False
    return False


@task(
    name="scrape-source",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=_retry_transient,
    task_run_name="scrape-{source}",
)
def scrape_source_task(source: str, database_url: str | None = None) -> dict[str, Any]:
    """Scrape one source once; raise only for a transient failure (so it is retried)."""
    settings = _settings(database_url)
    [report] = scrape(settings, due(settings, only=source))
    if report.error_kind in TRANSIENT_KINDS:
        raise TransientSourceFailure(f"{source}: {report.error}")
    return report.as_dict()


def summary_markdown(reports: list[dict[str, Any]]) -> str:
    lines = [
        "# Scrape run",
        "",
        "| source | fetched | not modified | new | new versions | unchanged | failed and why |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        why = r.get("error") or "; ".join(r.get("failures", [])[:3]) or ""
        lines.append(
            f"| {r['source']} | {r.get('fetched', 0)} | {r.get('not_modified', 0)} | "
            f"{r.get('new', 0)} | {r.get('versions', 0)} | {r.get('unchanged', 0)} | "
            f"{why.replace('|', '/')} |"
        )
    return "\n".join(lines)


@flow(name="scrape-sources", log_prints=True)
def scrape_sources(
    database_url: str | None = None, source: str | None = None, force: bool = False
) -> list[dict[str, Any]]:
    """Scrape every due source (or the one named) once; a failing source never stops
    the others, and each failure is reported with its reason."""
    settings = _settings(database_url)
    init_db(settings)
    names = [e.name for e in due(settings, only=source, force=force)]
    futures = [scrape_source_task.submit(name, database_url) for name in names]
    reports: list[dict[str, Any]] = []
    for name, fut in zip(names, futures, strict=True):
        state = fut.wait() or fut.state
        if state.is_completed():
            reports.append(fut.result())
        else:
            reports.append(
                {"source": name, "error": str(state.message or state.name), "error_kind": "failed"}
            )
    create_markdown_artifact(
        key="scrape-summary",
        markdown=summary_markdown(reports),
        description="Per source: fetched, new, unchanged, failed and why.",
    )
    return reports
