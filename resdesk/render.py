"""Proposals rendered for a person at a terminal (``queue show``, ``demo``)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _short(text: str, width: int = 150) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def print_breakdown(out: Console, breakdown: dict[str, Any], confidence: float) -> None:
    """The matcher's score breakdown and evidence matrix, for a person to read."""
    if not breakdown:
        out.print("  (no score breakdown: this proposal was not made by the matcher)")
        return
    pen = breakdown.get("penalties", {})
    parts = [
        f"support {breakdown.get('support', 0):.2f}",
        f"relevance {breakdown.get('relevance', 0):.2f}",
        "authority " + ("named source" if breakdown.get("authority") else "none"),
        f"agreement {breakdown.get('agreement', 0):.2f}",
        f"corroboration {breakdown.get('corroboration', 0):.2f}",
        f"conflict −{pen.get('conflict', 0):.2f}",
        f"against −{pen.get('against', 0):.2f}",
    ]
    out.print("  score: " + " · ".join(parts), markup=False)
    out.print(
        f"  raw {breakdown.get('raw_score', 0):.2f} → confidence {confidence:.2f}"
        f" (calibration {breakdown.get('calibration', '?')},"
        f" matcher {breakdown.get('matcher', '?')})",
        markup=False,
    )
    n, named = breakdown.get("findings", 0), breakdown.get("named_source_findings", 0)
    line = f"  findings: {n} ({named} from the question's named sources)"
    if breakdown.get("conflicting"):
        line += "; CONFLICTING: named sources also support " + ", ".join(
            breakdown.get("conflicting_outcomes", [])
        )
    out.print(line, markup=False)
    if breakdown.get("other_note"):
        out.print(f"  'Other' means here: {breakdown['other_note']}", markup=False)
    matrix: dict[str, dict[str, list[dict[str, Any]]]] = breakdown.get("evidence") or {}
    if not matrix:
        return
    table = Table(title="evidence matrix", title_justify="left", show_lines=True)
    table.add_column("outcome")
    for slot in ("for", "against", "not yet"):
        table.add_column(slot)
    for label, cells in matrix.items():
        row = [label]
        for slot in ("for", "against", "not_yet"):
            items = cells.get(slot, [])
            lines = [
                f"#{e['finding_id']} {e.get('strength', 0):.1f}"
                + (" named" if e.get("named_source") else "")
                + f": “{_short(e.get('quote', ''), 90)}”"
                + (f" ({e['note']})" if e.get("note") else "")
                for e in items[:2]
            ]
            if len(items) > 2:
                lines.append(f"… and {len(items) - 2} more")
            row.append("\n".join(lines) or "—")
        table.add_row(*row)
    out.print(table)
