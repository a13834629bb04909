"""The ``resdesk`` command end to end (in-process), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from db.engine import create_db_engine
from resdesk.cli import app
from tests.dbfixtures import HANDOVER, SEED_1

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = sorted((PROJECT / "resdesk" / "data" / "seeds").glob("*.txt"))
runner = CliRunner()


def rd(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_findings(path: Path, *docs: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def test_whole_path_through_the_cli(env: str, tmp_path: Path) -> None:
    assert rd("init")[0] == 0
    assert rd("init")[0] == 0  # safe to repeat
    code, out, _ = rd("questions", "import", *map(str, SEEDS), "--json")
    assert code == 0 and [len(r["created"]) for r in json.loads(out)] == [1, 1]
    code, out, _ = rd("questions", "import", *map(str, SEEDS), "--json")
    assert [len(r["unchanged"]) for r in json.loads(out)] == [1, 1]
    code, out, _ = rd("questions", "list", "--json")
    qs = json.loads(out)
    assert len(qs) == 2 and all(len(q["outcomes"]) == 4 for q in qs)
    findings = write_findings(
        tmp_path / "f.jsonl",
        {
            "url": "https://mofa.example/1",
            "source": "Iraqi Ministry of Foreign Affairs",
            "published_at": "2024-12-19T10:00:00Z",
            "title": "Handover",
            "text": HANDOVER,
        },
        {
            "url": "https://agri.example/2",
            "source": "Ministry of Agriculture",
            "published_at": "2024-12-19T10:00:00Z",
            "title": "Wheat",
            "text": "The ministry set the wheat purchase price for the season.",
        },
    )
    assert rd("findings", "import", str(findings))[0] == 0
    code, out, _ = rd("match", "--json")
    assert code == 0 and len(json.loads(out)["proposals_created"]) == 1
    assert json.loads(rd("match", "--json")[1])["proposals_created"] == []
    code, out, _ = rd("queue", "list", "--json")
    [p] = json.loads(out)
    assert p["outcome"] == "Returned to Syria" and p["status"] == "pending"
    assert p["citations"][0]["quote"] == HANDOVER
    assert set(p) >= {"id", "question_id", "outcome", "confidence", "status", "citations"}
    assert set(p["citations"][0]) >= {"url", "source", "published_at", "quote", "snapshot_sha256"}
    code, out, _ = rd("queue", "show", str(p["id"]))
    assert code == 0 and "score: support 1.00" in out and "authority named source" in out
    assert "evidence matrix" in out and "Granted asylum in Iraq" in out and "(handed" in out
    assert rd("users", "add", "alice", "--role", "reviewer")[0] == 0
    code, out, _ = rd("queue", "approve", str(p["id"]), "--as", "alice", "--note", "ok", "--json")
    assert code == 0 and json.loads(out)["status"] == "approved"
    code, out, _ = rd("questions", "show", p["question_id"], "--json")
    assert json.loads(out)["status"] == "resolved"
    code, out, _ = rd("audit", "log", p["question_id"], "--json")
    actions = [e["action"] for e in json.loads(out)]
    assert actions[-2:] == ["proposal.approved", "question.resolved"]
    assert rd("audit", "verify")[0] == 0
    code, out, err = rd("dispute", p["question_id"], "--as", "alice", "--reason", "new report")
    assert code == 0, err
    assert (
        json.loads(rd("questions", "show", p["question_id"], "--json")[1])["status"] == "disputed"
    )


def test_audit_verify_fails_on_a_tampered_row(env: str) -> None:
    rd("questions", "import", str(SEED_1))
    rd("users", "add", "alice", "--role", "reviewer")
    code, out, _ = rd("audit", "checkpoint")
    checkpoint = json.loads(out)
    assert code == 0 and checkpoint["events"] >= 2
    engine = create_db_engine(env)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))
        conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1"))
    code, _, err = rd("audit", "verify")
    assert code == 1 and "event 1" in err and "edited" in err


def test_bad_input_exits_2_naming_file_and_line(env: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Will X?\nYes • 50%\nNo •\nSource\n", encoding="utf-8")
    code, out, err = rd("questions", "import", str(bad))
    assert code == 2 and f"{bad}:3:" in err and "without a percentage" in err
    assert out == ""
    code, _, err = rd("queue", "approve", "42", "--as", "nobody")
    assert code == 2 and "unknown user" in err
    rd("users", "add", "alice", "--role", "reviewer")
    code, _, err = rd("queue", "approve", "42", "--as", "alice")
    assert code == 2 and "no proposal with id 42" in err
    code, _, err = rd("users", "add", "bad\x07name", "--role", "reviewer")
    assert code == 2 and "invalid user name" in err
    code, _, err = rd("users", "add", "carol", "--role", "superuser")
    assert code == 2 and "unknown role" in err
    code, _, err = rd("questions", "list", "--status", "weird")
    assert code == 2 and "unknown status" in err
    code, _, err = rd("queue", "list", "--status", "weird")
    assert code == 2 and "unknown status" in err


def test_users_token_is_printed_once_and_stored_hashed(env: str) -> None:
    rd("users", "add", "alice", "--role", "reviewer")
    code, out, _ = rd("users", "token", "alice")
    token = out.strip()
    assert code == 0 and token.startswith("rd_") and len(token) > 30
    engine = create_db_engine(env)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT token_sha256 FROM api_tokens")).scalar_one()
    assert token not in stored and len(stored) == 64


def test_questions_leads_shows_a_near_miss_and_how_to_teach_it(env: str, tmp_path: Path) -> None:
    rd("questions", "import", str(SEED_1))
    qid = json.loads(rd("questions", "list", "--json")[1])[0]["id"]
    near = (
        "The Iraqi authorities completed the transfer of the Syrian soldiers to the Syrian "
        "side at the Al-Qaim crossing on Thursday."
    )
    findings = write_findings(
        tmp_path / "f.jsonl",
        {
            "url": "https://mofa.example/near",
            "source": "Iraqi Ministry of Foreign Affairs",
            "published_at": "2024-12-19T10:00:00Z",
            "title": "Soldiers",
            "text": "Statement of the ministry. " + near,
        },
    )
    assert rd("findings", "import", str(findings))[0] == 0
    assert json.loads(rd("match", "--json")[1])["proposals_created"] == []
    code, out, err = rd("questions", "leads", qid, "--json")
    assert code == 0, err
    data = json.loads(out)
    [lead] = data["leads"]
    assert data["status"] == "open" and lead["reason"] == "no cue matched"
    assert lead["quote"] == near and lead["named_source"] and lead["in_window"]
    assert ("Statement of the ministry. " + near)[lead["start"] : lead["end"]] == near
    code, out, _ = rd("questions", "leads", qid)
    assert code == 0 and "no cue matched" in " ".join(out.split())
    assert "resdesk outcomes cue " + qid in out
    code, _, err = rd("questions", "leads", "no-such-question")
    assert code == 2 and "no question with id 'no-such-question'" in err
