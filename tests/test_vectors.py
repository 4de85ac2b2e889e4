"""The conformance vectors: reproduced byte for byte, true to an independent calendar, by hand.

vectors/ holds the published set (2004–2026). Regenerating it must give the same bytes;
the calendar vectors must agree with the chinese-calendar package (the one documented
2005-12-31 difference aside); the arithmetic vectors must count right by that package's
calendar too; every period a deadline rule lists must give the rule's answers; and a few
vectors are worked by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from xinfang_rules.cli import main
from xinfang_rules.law.deadlines import compute_deadline
from xinfang_rules.law.rules import regimes
from xinfang_rules.vectors import (
    VECTORS_FORMAT,
    VectorsError,
    calendar_vectors,
    iter_vectors,
    write_vectors,
)

D = dt.date
PUBLISHED = Path(__file__).parent.parent / "vectors"
NAMES = ("calendar.jsonl", "workdays.jsonl", "deadlines.jsonl")
#: The one day the library and chinese-calendar disagree on (docs/calendar.md).
KNOWN_DIFFERENCE = "2005-12-31"


def load(name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A published file's header and vectors."""
    header, *vectors = iter_vectors(PUBLISHED / name)
    return header, vectors


class TestReproduced:
    """The published vectors are the library's answers today, byte for byte."""

    def test_regenerated_bytes(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`xinfang vectors -o DIR` writes exactly the committed files."""
        assert main(["vectors", "-o", str(tmp_path)]) == 0
        assert "calendar.jsonl：8401 条" in capsys.readouterr().out
        for name in NAMES:
            assert (tmp_path / name).read_bytes() == (PUBLISHED / name).read_bytes(), name

    def test_headers(self) -> None:
        """Each file says its format, kind, years and fields."""
        for name in NAMES:
            header, vectors = load(name)
            assert header["format"] == VECTORS_FORMAT
            assert header["kind"] == name.removesuffix(".jsonl")
            assert header["years"] == [2004, 2026]
            assert set(vectors[0]) == set(header["fields"])

    def test_only_official_years(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A year without an official notice is refused, not guessed."""
        with pytest.raises(VectorsError, match="no official holiday notice for 2027"):
            calendar_vectors(2026, 2027)
        with pytest.raises(VectorsError, match="before the first"):
            calendar_vectors(2026, 2025)
        assert main(["vectors", "-o", "unused", "--last", "2027"]) == 1
        assert "测试向量只为有正式通知的年份生成" in capsys.readouterr().err


class TestIndependently:
    """Checked against chinese-calendar, which shares no code or data with the library."""

    def test_calendar_days(self) -> None:
        """Every day 2004–2026: working or not as chinese-calendar says (one known day)."""
        _, days = load("calendar.jsonl")
        assert len(days) == (D(2026, 12, 31) - D(2004, 1, 1)).days + 1
        differ = [
            v["date"]
            for v in days
            if v["workday"] != chinese_calendar.is_workday(D.fromisoformat(v["date"]))
        ]
        assert differ == [KNOWN_DIFFERENCE]
        for v in days:
            day = D.fromisoformat(v["date"])
            if v["kind"] == "makeup_workday":
                assert day.weekday() >= 5 and v["workday"]
            if v["kind"] == "holiday":
                assert v["holiday"] and not v["workday"]

    def test_workday_arithmetic(self) -> None:
        """The expected day is the n-th that chinese-calendar counts as working after start."""
        _, vectors = load("workdays.jsonl")
        assert len(vectors) > 3000
        for v in vectors:
            start, expected = D.fromisoformat(v["start"]), D.fromisoformat(v["expected"])
            if start.isoformat() < KNOWN_DIFFERENCE < expected.isoformat():
                continue  # counted across the one day the two calendars disagree on
            days = [start + dt.timedelta(days=i) for i in range(1, (expected - start).days + 1)]
            working = [d for d in days if chinese_calendar.is_workday(d)]
            assert len(working) == v["n"] and working[-1] == expected, v
            rest = [d for d in days if not chinese_calendar.is_workday(d)]
            named = sum(
                (D.fromisoformat(run.split()[0].split("..")[-1]) - D.fromisoformat(
                    run.split()[0].split("..")[0])).days + 1
                for run in v["skipped"]
            )  # fmt: skip
            assert named == len(rest), v

    def test_every_listed_period_follows_its_rule(self) -> None:
        """Each period a rule names gives the rule's due date for every start."""
        header, vectors = load("deadlines.jsonl")
        by_rule: dict[str, list[dict[str, Any]]] = {}
        for v in vectors:
            by_rule.setdefault(v["rule"], []).append(v)
        found = {r.id: r for r in regimes().values()}
        listed = 0
        for rule in header["rules"]:
            assert by_rule[rule["id"]], rule["id"]
            for ref in rule["periods"]:
                regime_id, period_id = ref.split(":")
                regime = found[regime_id]
                period = regime[period_id]
                assert (period.length, period.unit.value) == (rule["length"], rule["unit"])
                assert regime.count_days_as == rule["count_days_as"]
                for v in by_rule[rule["id"]][::7]:
                    d = compute_deadline(period, D.fromisoformat(v["start"]), regime=regime)
                    assert d.due.isoformat() == v["due"], (ref, v)
                listed += 1
        assert listed >= 60


class TestByHand:
    """Vectors worked from the calendar by hand (2025: 国庆 10-01..10-08, 10-11 worked)."""

    @pytest.mark.parametrize(
        ("rule", "start", "last_day", "due"),
        [
            # 15 日 from 09-30: 10-15 is a Wednesday, a working day
            ("15-days", "2025-09-30", "2025-10-15", "2025-10-15"),
            # 60 日 from 09-30: 11-29 is a Saturday, so the next working day, 12-01
            ("60-days", "2025-09-30", "2025-11-29", "2025-12-01"),
            # 5 日 from 10-01 (the holiday's first day): 10-06 is inside it, so 10-09
            ("5-days", "2025-10-01", "2025-10-06", "2025-10-09"),
            # 5 工作日 from 09-30: 10-09, 10-10, 10-11 (a worked Saturday), 10-13, 10-14
            ("5-workdays", "2025-09-30", "2025-10-14", "2025-10-14"),
        ],
    )
    def test_deadline(self, rule: str, start: str, last_day: str, due: str) -> None:
        """The published vector says what the hand count says."""
        _, vectors = load("deadlines.jsonl")
        (v,) = [x for x in vectors if x["rule"] == rule and x["start"] == start]
        assert (v["last_day"], v["due"]) == (last_day, due)

    def test_workdays_across_national_day(self) -> None:
        """3 working days after 2025-09-30: 10-09, 10-10, 10-11; skipping the holiday."""
        _, vectors = load("workdays.jsonl")
        (v,) = [x for x in vectors if x["start"] == "2025-09-30" and x["n"] == 3]
        assert v["expected"] == "2025-10-11"
        assert v["skipped"] == ["2025-10-01..2025-10-08 国庆节、中秋节"]

    def test_write_is_whole_files(self, tmp_path: Path) -> None:
        """A one-year set: three files, each a header and its vectors."""
        counts = write_vectors(tmp_path, 2025, 2025)
        assert counts["calendar.jsonl"] == 365
        for name in NAMES:
            lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
            assert len(lines) == counts[name] + 1
            assert json.loads(lines[0])["years"] == [2025, 2025]
