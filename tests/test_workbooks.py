"""The 通报 as a workbook for print, and the figures of a 信访台账 from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xinfang_rules import report
from xinfang_rules.cli import main
from xinfang_rules.formats.ledger import read_ledger_csv
from xinfang_rules.formats.workbooks import write_report_xlsx
from xinfang_rules.metrics import Report

D = dt.date
EXAMPLE = Path(__file__).parent.parent / "examples" / "ledger.csv"
PERIOD = ("2025-08-01", "2025-11-30")


def the_report() -> Report:
    """The example ledger's figures for August to November 2025."""
    petitions = read_ledger_csv(EXAMPLE, receiving_unit="某县信访局").petitions
    return report(petitions, D(2025, 8, 1), D(2025, 11, 30))


class TestReportWorkbook:
    """Numbers as numbers, rates in % format, no value left blank, ranks with ties."""

    def test_sheets(self, tmp_path: Path) -> None:
        """The 通报 sheet row for row as report.rows(); the ranking sheet with its ties."""
        rep = the_report()
        out = tmp_path / "通报.xlsx"
        write_report_xlsx(rep, out, ranking=rep.rank("on_time_reply"))
        wb = load_workbook(out)
        assert wb.sheetnames == ["通报", "排名"]
        ws = wb["通报"]
        assert ws["A1"].value == "信访工作主要指标通报（2025-08-01 至 2025-11-30，截至 2025-11-30）"
        assert [c.value for c in ws[2]] == ["单位", "指标", "分子", "分母", "比率"]
        rows = rep.rows()
        assert ws.max_row == 2 + len(rows)
        for i, row in enumerate(rows, start=3):
            assert ws.cell(i, 3).value == row["numerator"]
            assert ws.cell(i, 4).value == row["denominator"]
            rate = ws.cell(i, 5)
            assert rate.number_format == "0.00%"
            if row["denominator"] == 0:
                assert rate.value is None  # no value, not 0 %
            else:
                assert rate.value == pytest.approx(row["numerator"] / row["denominator"])
        assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
        ranking = wb["排名"]
        assert ranking["A1"].value.startswith("按期答复率排名（2025-08-01 至 2025-11-30")
        ranks = [(r[0].value, r[1].value) for r in ranking.iter_rows(min_row=3)]
        assert ranks[:3] == [(1, "县人社局"), (2, "县生态环境局"), (2, "县自然资源局")]
        assert ranks[3][0] == "—"


class TestCommandLine:
    """``xinfang metrics`` on a 台账, to the screen and to a 通报.xlsx."""

    def test_ledger_metrics(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The ledger through --input-format ledger; the workbook with -o; the table too."""
        out = tmp_path / "通报.xlsx"
        args = ["metrics", str(EXAMPLE), "--input-format", "ledger", "--unit", "某县信访局",
                "--from", PERIOD[0], "--to", PERIOD[1]]  # fmt: skip
        assert main([*args, "--rank", "on_time_reply", "-o", str(out)]) == 0
        captured = capsys.readouterr()
        assert "按期答复率排名（2025-08-01 至 2025-11-30，截至 2025-11-30）" in captured.out
        assert "    1  县人社局  100.00%（1/1）" in captured.out
        assert "读取 6 行，使用 6 行，拒绝 0 行" in captured.err
        assert load_workbook(out).sheetnames == ["通报", "排名"]
        assert main([*args, "--format", "csv"]) == 0
        assert capsys.readouterr().out.startswith("\ufeffunit,figure")


class TestNoticeWorkbook:
    """The 公示 for print; years without an official notice named in it."""

    ROTA = str(Path(__file__).parent.parent / "examples" / "rota-xiapu.toml")

    def test_xlsx_and_markdown(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Over the turn of 2026/2027 the 公示 says 2027's dates are provisional."""
        out = tmp_path / "公示.xlsx"
        args = ["rota", "generate", self.ROTA, "--from", "2026-12-01", "--to", "2027-01-31"]
        assert main([*args, "--format", "xlsx", "-o", str(out)]) == 0
        ws = load_workbook(out).active
        assert ws is not None
        assert ws["A1"].value.endswith("注意：2027 年未收录国务院办公厅放假通知，该年日期为暂定")
        assert [c.value for c in ws[2]] == [
            "姓名",
            "职务",
            "分管工作",
            "日期",
            "时间",
            "地点",
            "形式",
        ]
        assert ws.max_row > 3 and ws.print_title_rows == "$2:$2"
        capsys.readouterr()
        assert main([*args, "--format", "notice"]) == 0
        assert (
            "注意：2027 年未收录国务院办公厅放假通知，该年日期为暂定。" in capsys.readouterr().out
        )
        assert (
            main([*args[:3], "--from", "2026-09-14", "--to", "2026-09-15", "--format", "notice"])
            == 0
        )
        assert "暂定" not in capsys.readouterr().out
        assert main([*args, "--format", "xlsx"]) == 1  # binary: needs -o

    def test_csv_and_ics_mark_provisional_days(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A day in 2027 (no notice yet) is marked in the rota CSV, the 公示 CSV and the ICS."""
        import csv
        import io

        args = ["rota", "generate", self.ROTA, "--from", "2026-12-01", "--to", "2027-01-31"]
        assert main([*args, "--format", "csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
        assert {r["provisional"] for r in rows if r["date"].startswith("2027")} == {"true"}
        assert {r["provisional"] for r in rows if r["date"].startswith("2026")} == {"false"}
        assert main([*args, "--format", "notice-csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
        assert {r["备注"] for r in rows if r["日期"].startswith("2027")} == {
            "暂定（2027 年未收录放假通知）"
        }
        assert {r["备注"] for r in rows if r["日期"].startswith("2026")} == {""}
        out = tmp_path / "rota.ics"
        assert main([*args, "--format", "ics", "-o", str(out)]) == 0
        text = out.read_text("utf-8").replace("\r\n ", "")
        assert "X-WR-CALDESC:注意：2027 年未收录国务院办公厅放假通知" in text
        assert "暂定：2027 年未收录国务院办公厅放假通知" in text
