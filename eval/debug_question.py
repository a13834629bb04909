"""Tuning aid: what the matcher reads in each devset or blind finding for one question.

Usage: .venv/bin/python eval/debug_question.py QUESTION_ID
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quick import load

from matchers.core import in_window, prepare, read_doc
from matchers.evidence import read_evidence, relevance
from matchers.index import doc_keys
from matchers.spec import describe_spec


def main() -> None:
    qid = sys.argv[1]
    qs, fs, labels, ann = load()
    kinds = {f["url"]: f for f in ann["findings"]}
    q = next(q for q in qs if q.id == qid)
    p = prepare(q)
    print("\n".join(describe_spec(p.compiled.spec)))
    print("LABEL", labels[qid])
    for f in fs:
        a = kinds[f.url]
        if a["question_id"] != qid and "--all" not in sys.argv:
            continue
        view = read_doc(f)
        keys = doc_keys(f"{f.title}\n{f.text}\n{f.source}")
        share = sum(w for k, w in p.keys.keys.items() if k in keys) / sum(p.keys.keys.values())
        auth = p.authoritative(f.source)
        rel = relevance(p.compiled, view, authoritative=auth)
        win = in_window(f.published_at, q)
        items, blocked = read_evidence(p.compiled, view, authoritative=auth)
        print(
            f"\n-- [{a['kind']}] {f.source} | {f.published_at:%Y-%m-%d} | share={share:.2f} "
            f"rel={rel} win={win} auth={auth} lang={view.lang}"
        )
        print("   ", f.title)
        for e in items:
            print(
                f"    {e.stance:8} {e.outcome:30} {e.strength} {e.kind} {e.note!r} :: "
                f"{e.span.text[:110]}"
            )
        if blocked:
            print("    blocked:", blocked)


if __name__ == "__main__":
    main()
