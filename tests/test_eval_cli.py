"""``resdesk eval`` and ``resdesk outcomes cue`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from resdesk.cli import app
from tests.dbfixtures import HANDOVER, SEED_1, seed_question_id

runner = CliRunner()


def rd(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_eval_scores_the_queue_against_labels(env: str, tmp_path: Path) -> None:
    qid = seed_question_id()
    assert rd("questions", "import", str(SEED_1))[0] == 0
    findings = tmp_path / "f.jsonl"
    findings.write_text(
        json.dumps(
            {
                "url": "https://mofa.example/1",
                "source": "Iraqi Ministry of Foreign Affairs",
                "published_at": "2024-12-19T10:00:00Z",
                "title": "Handover",
                "text": HANDOVER,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert rd("findings", "import", str(findings))[0] == 0
    assert rd("match")[0] == 0
    labels = tmp_path / "labels.json"
    labels.write_text(
        json.dumps(
            [
                {"question_id": qid, "outcome": "Returned to Syria"},
                {"question_id": "unknown-question", "outcome": None},
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = rd("eval", str(labels), "--json", "--report", "--baseline")
    assert code == 0
    data = json.loads(out)
    assert (data["precision"], data["recall"], data["proposals"], data["questions"]) == (
        1.0,
        1.0,
        1,
        2,
    )
    assert data["citation_fidelity"] == 1.0 and "ece" in data
    assert {r["verdict"] for r in data["per_question"]} == {"right", "right: nothing proposed"}
    assert "precision" in data["baseline"]
    code, out, _ = rd("eval", str(labels))
    assert code == 0 and out.startswith("precision 1.000")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, out, err = rd("eval", str(bad))
    assert code == 2 and out == "" and "bad.json" in err


def test_outcomes_cue_needs_a_user_and_a_real_outcome(env: str) -> None:
    qid = seed_question_id()
    assert rd("questions", "import", str(SEED_1))[0] == 0
    code, _, err = rd("outcomes", "cue", qid, "Returned to Syria", "escorted home", "--as", "ghost")
    assert code == 2 and "unknown user" in err
    assert rd("users", "add", "rita", "--role", "reviewer")[0] == 0
    code, out, _ = rd(
        "outcomes", "cue", qid, "Returned to Syria", "escorted home", "--as", "rita", "--json"
    )
    assert code == 0 and json.loads(out)["cues"] == ["escorted home"]
    code, _, err = rd("outcomes", "cue", qid, "Nope", "x", "--as", "rita")
    assert code == 2 and "OUTCOME" in err


def test_outcomes_cue_from_a_citation_that_is_not_approved_is_refused(env: str) -> None:
    qid = seed_question_id()
    assert rd("questions", "import", str(SEED_1))[0] == 0
    assert rd("users", "add", "rita", "--role", "reviewer")[0] == 0
    code, _, err = rd(
        "outcomes", "cue", qid, "Returned to Syria", "handed over", "--as", "rita",
        "--from-citation", "12345",
    )  # fmt: skip
    assert code == 2 and "--from-citation" in err and "no citation with id 12345" in err
