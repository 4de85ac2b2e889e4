"""DataFrames out of reports, rankings, 预警清单, rotas and the calendar; ledgers in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from xinfang_rules import report
from xinfang_rules.formats.alerts import alerts
from xinfang_rules.formats.frames import FrameError, calendar_frame, petitions_from_frame, to_frame
from xinfang_rules.formats.ledger import LedgerError, read_ledger_csv

D = dt.date
EXAMPLE = Path(__file__).parent.parent / "examples" / "ledger.csv"
UNIT = "某县信访局"


def petitions() -> list:  # type: ignore[type-arg]
    """The example ledger's six petitions."""
    return list(read_ledger_csv(EXAMPLE, receiving_unit=UNIT).petitions)


class TestOut:
    """Frames hold the same numbers as the objects; no value stays missing, not 0."""

    def test_report_and_ranking(self) -> None:
        """Every figure per unit; percent a float, missing where the denominator is 0."""
        rep = report(petitions(), D(2025, 8, 1), D(2025, 11, 30))
        frame = to_frame(rep)
        assert list(frame.columns) == [
            "unit", "figure", "title", "numerator", "denominator", "percent",
        ]  # fmt: skip
        assert len(frame) == len(rep.rows())
        total = frame[(frame.unit == "合计") & (frame.figure == "on_time_reply")].iloc[0]
        rate = rep.total["on_time_reply"]
        assert (total.numerator, total.denominator) == (rate.numerator, rate.denominator)
        assert total.percent == pytest.approx(float(rate.percent() or 0))
        empty = frame[frame.denominator == 0]
        assert len(empty) > 0 and empty.percent.isna().all()
        ranking = to_frame(rep.rank("timely_acceptance_unit"))
        assert list(ranking.columns) == ["rank", "unit", "numerator", "denominator", "percent"]
        assert str(ranking["rank"].dtype) == "Int64"

    def test_alerts_rota_calendar(self) -> None:
        """The 预警清单, a rota and a year of the calendar."""
        frame = to_frame(alerts(petitions(), D(2025, 11, 20)))
        assert list(frame["信访编号"]) == ["XF2025-006", "XF2025-005", "XF2025-002", "XF2025-002"]
        assert list(frame["超期/剩余天数"]) == [24, 3, 51, 38]
        from xinfang_rules.formats.rota_io import load_rota_config

        config = load_rota_config(Path(__file__).parent.parent / "examples" / "rota-xiapu.toml")
        rota = config.generate(D(2026, 9, 14), D(2026, 9, 15))
        rows = to_frame(rota)
        assert len(rows) == sum(len(a.leaders) for a in rota.assignments)
        assert set(rows.columns) >= {"date", "place", "leader", "layer"}
        days = calendar_frame(D(2025, 10, 1), D(2025, 10, 12))
        assert list(days.is_workday) == [False] * 8 + [True, True, True, False]
        with pytest.raises(FrameError, match="cannot make a DataFrame of int"):
            to_frame(3)


class TestIn:
    """A ledger in a DataFrame reads as the file does."""

    def test_as_the_file(self) -> None:
        """The example ledger read with pandas gives the same petitions."""
        frame = pd.read_csv(EXAMPLE, dtype=str)
        result = petitions_from_frame(frame, receiving_unit=UNIT)
        assert [p.id for p in result.petitions] == [p.id for p in petitions()]
        assert result.petitions == tuple(petitions())

    def test_timestamps_numbers_and_gaps(self) -> None:
        """Timestamps and NaT, numpy integers and NaN, as pandas.read_excel gives them."""
        frame = pd.DataFrame(
            {
                "信访编号": ["A-1", "A-2"],
                "登记日期": pd.to_datetime(["2025-08-01", "2025-08-02"]),
                "信访形式": ["来信", "来访"],
                "问题类别": ["申诉求决类", "申诉求决类"],
                "信访人": ["张三", "李四"],
                "人数": [1.0, float("nan")],
                "受理日期": pd.to_datetime(["2025-08-04", None]),
            }
        )
        a1, a2 = petitions_from_frame(frame, receiving_unit=UNIT).petitions
        assert (a1.received, a1.events[0].date, a1.headcount) == (D(2025, 8, 1), D(2025, 8, 4), 1)
        assert (a2.events, a2.headcount) == ((), 1)
        bad = frame.assign(受理日期=["2025/13/01", None])
        with pytest.raises(LedgerError, match="第 2 行「受理日期」：'2025/13/01' 不是有效日期"):
            petitions_from_frame(bad, receiving_unit=UNIT)
        with pytest.raises(FrameError, match="expected a pandas DataFrame, got list"):
            petitions_from_frame([], receiving_unit=UNIT)
