"""预警清单: overdue and due-soon duties, as text, CSV for Excel and a workbook for print."""

from __future__ import annotations

import csv
import datetime as dt
import warnings
from pathlib import Path

import pytest

from xinfang_rules import (
    Accepted,
    Category,
    Channel,
    Petition,
    Petitioner,
    ProvisionalCalendarWarning,
)
from xinfang_rules.cli import main
from xinfang_rules.formats.alerts import (
    ALERT_COLUMNS,
    Alert,
    alerts,
    write_alerts_csv,
    write_alerts_xlsx,
)
from xinfang_rules.formats.ledger import read_ledger_csv

D = dt.date
EXAMPLE = Path(__file__).parent.parent / "examples" / "ledger.csv"
ON = D(2025, 11, 20)


def example() -> list[Petition]:
    return list(read_ledger_csv(EXAMPLE, receiving_unit="某县信访局").petitions)


def accepted(pid: str, day: dt.date, unit: str = "=县局") -> Petition:
    return Petition(
        id=pid,
        received=day,
        channel=Channel.LETTER,
        category=Category.COMPLAINT,
        receiving_unit=unit,
        petitioners=(Petitioner("张三"),),
    ).apply(Accepted(day))


class TestAlerts:
    """Which duties, in which order, with what days."""

    def test_the_example(self) -> None:
        """Four overdue duties on 2025-11-20, by unit, overdue first, with days over."""
        items = alerts(example(), ON)
        assert [(a.unit, a.petition_id, a.state, a.due, a.days) for a in items] == [
            ("县医保局", "XF2025-006", "超期", D(2025, 10, 27), 24),
            ("县生态环境局", "XF2025-005", "超期", D(2025, 11, 17), 3),
            ("县自然资源局", "XF2025-002", "超期", D(2025, 9, 30), 51),
            ("县自然资源局", "XF2025-002", "超期", D(2025, 10, 13), 38),
        ]
        assert items[1].text() == (
            "[超期] XF2025-005  办理申诉求决类事项（出具信访处理意见书），截止 2025-11-17"
            "（超期 3 日；《信访工作条例》第三十四条）"
        )

    def test_due_soon_and_days_left(self) -> None:
        """Handling due Thu 10-09 (国庆 before it): due soon from 09-28, 1 day left on 10-08."""
        p = accepted("XF-1", D(2025, 8, 4))
        (a,) = alerts([p], D(2025, 10, 8))
        assert (a.state, a.due, a.days) == ("临期", D(2025, 10, 9), 1)
        assert alerts([p], D(2025, 9, 26)) == []
        assert alerts([p], D(2025, 9, 26), warn_within=4)[0].state == "临期"

    def test_provisional_marked(self) -> None:
        """Accepted 2026-11-10: 60 days end in 2027, a year without its notice: 暂定."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            (a,) = alerts([accepted("XF-2", D(2026, 11, 10))], D(2027, 1, 20))
        assert a.provisional and a.text().endswith("；暂定）")


class TestFiles:
    """The list as CSV for Excel and as a workbook for print."""

    def items(self) -> list[Alert]:
        """The example's four and one provisional, for a unit named like a formula."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalCalendarWarning)
            late = alerts([accepted("XF-2", D(2026, 11, 10))], D(2027, 1, 20))
        return [*alerts(example(), ON), *late]

    def test_csv(self, tmp_path: Path) -> None:
        """UTF-8 with BOM; the formula-like unit neutralised; 暂定 in its column."""
        out = tmp_path / "预警.csv"
        assert write_alerts_csv(self.items(), out) == 5
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        with out.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert tuple(rows[0]) == ALERT_COLUMNS
        assert rows[1][:6] == ["县医保局", "XF2025-006", "超期", rows[1][3], "2025-10-27", "24"]
        assert rows[-1][0] == "'=县局" and rows[-1][-1] == "暂定"

    def test_workbook(self, tmp_path: Path) -> None:
        """Title, header, colours, dates as dates, A4 landscape, header repeated and frozen."""
        from openpyxl import load_workbook

        out = tmp_path / "预警.xlsx"
        write_alerts_xlsx(self.items(), out, on=ON)
        ws = load_workbook(out).active
        assert ws is not None
        title = ws["A1"].value
        assert title.startswith("信访事项预警清单（截至 2025-11-20：超期 5 项，临期 0 项）")
        assert "含暂定结果" in title
        assert tuple(c.value for c in ws[2]) == ALERT_COLUMNS
        assert ws["B3"].value == "XF2025-006" and ws["F3"].value == 24
        assert ws["E3"].value.date() == D(2025, 10, 27) and ws["E3"].number_format == "yyyy-mm-dd"
        assert ws["A3"].fill.fgColor.rgb.endswith("F4CCCC")
        assert ws["A7"].value == "'=县局" and ws["H7"].value == "暂定"
        assert ws.freeze_panes == "A3"
        assert ws.print_title_rows == "$2:$2"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"  # A4
        assert ws.page_setup.orientation == "landscape"
        assert ws.column_dimensions["D"].width == 40

    def test_a_failed_write_leaves_the_file(self, tmp_path: Path) -> None:
        """A write that fails halfway leaves the file that was there."""
        out = tmp_path / "keep.xlsx"
        out.write_bytes(b"old")
        bad = Alert("单位", "X", "?", "事项", D(2025, 1, 1), 1, "依据")  # type: ignore[arg-type]
        with pytest.raises(KeyError):
            write_alerts_xlsx([bad], out, on=ON)
        assert out.read_bytes() == b"old"


class TestCommandLine:
    """``ledger check -o``: the list to a workbook or a CSV as well as on screen."""

    @pytest.mark.parametrize("name", ["预警清单.xlsx", "预警清单.csv"])
    def test_output(self, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Exit 3 (overdue), the list on screen and in the file."""
        out = tmp_path / name
        args = ["ledger", "check", str(EXAMPLE), "--unit", "某县信访局", "--on", "2025-11-20"]
        assert main([*args, "-o", str(out)]) == 3
        assert "超期 4 项" in capsys.readouterr().out
        assert out.exists() and out.stat().st_size > 0
