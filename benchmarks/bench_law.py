"""Benchmark: reading a regulation's text, drafting a regime from it, checking one against it.

Run: ``python benchmarks/bench_law.py [REPEATS]`` (default 20). For each of the seven texts
in ``tests/law/``: the best time of ``read_regulation`` (file → articles), ``draft_regime``
(articles → TOML), and ``check_regime`` (the shipped regime against the text), with the
draft's recall of the shipped periods (place, length and unit) and what it proposes beyond
them. A clerk's hour of reading, against these milliseconds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_law import TEXTS

from _timing import timed
from xinfang_rules import regimes
from xinfang_rules._files import tomllib
from xinfang_rules.law.check import check_regime
from xinfang_rules.law.draft import draft_regime
from xinfang_rules.law.rules import regime_from_dict
from xinfang_rules.law.text import read_regulation

LAW = Path(__file__).resolve().parent.parent / "tests" / "law"


def _same(p: Any, q: Any) -> bool:
    """The drafted period ``q`` has the shipped ``p``'s place, length and unit."""
    s, t = p.source, q.source
    return bool(
        t.article == s.article
        and (s.paragraph is None or t.paragraph in (None, s.paragraph))
        and (s.item is None or t.item == s.item)
        and q.length == p.length
        and q.unit is p.unit
    )


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"{'regime':<15}{'read ms':>9}{'draft ms':>10}{'check ms':>10}  recall   beyond")
    for regime in regimes().values():
        path = LAW / TEXTS[regime.source.document]
        t_read, law = timed(lambda path=path: read_regulation(path), repeats)
        t_draft, text = timed(lambda law=law, r=regime: draft_regime(law, regime_id=r.id), repeats)
        t_check, result = timed(lambda law=law, r=regime: check_regime(r, law), repeats)
        assert result.ok, result.report()
        draft = regime_from_dict(tomllib.loads(text))
        own = [p for p in regime.periods
               if p.source.document == regime.source.document and p.refers_to is None]  # fmt: skip
        found, used = set(), set()
        for p in own:
            for i, q in enumerate(draft.periods):
                if _same(p, q):
                    found.add(p.id)
                    used.add(i)
        print(f"{regime.id:<15}{t_read * 1000:9.2f}{t_draft * 1000:10.2f}{t_check * 1000:10.2f}"
              f"  {len(found):>2}/{len(own):<2}    {len(draft.periods) - len(used)}")  # fmt: skip


if __name__ == "__main__":
    main()
