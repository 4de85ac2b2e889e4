"""The example 台账 of the docs (examples/ledger-2025.*): 240 rows, 9 planted bad ones.

The same ledger as a workbook, as CSV in UTF-8 with BOM and as CSV in GB18030 gives the
same petitions, the same 预警清单 and the same figures; ``ledger check`` and ``metrics`` take
it to their workbooks in one command each, and the workbooks are read back.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xinfang_rules import report
from xinfang_rules.cli import main
from xinfang_rules.formats.alerts import alerts
from xinfang_rules.formats.ledger import (
    SHOWN_ISSUES,
    LedgerError,
    LedgerResult,
    open_ledger,
    read_ledger_csv,
    read_ledger_xlsx,
)

D = dt.date
EXAMPLES = Path(__file__).parent.parent / "examples"
CSV = EXAMPLES / "ledger-2025.csv"
XLSX = EXAMPLES / "ledger-2025.xlsx"
UNIT = "某县信访局"
#: The planted bad rows (tools/make_example_ledger.py): row → (column, start of the reason).
BAD = {
    15: ("受理日期", "'2025/13/01' 不是有效日期"),
    38: ("信访形式", "'飞鸽传书' 不是可识别的信访形式"),
    61: ("人数", "'三人' 不是人数"),
    84: ("答复日期", "答复日期 2025-01-02 早于受理日期 2025-05-13"),
    107: ("身份证号", "'9900**********0010' 不是有效的身份证号"),
    130: ("满意度", "'很好' 不是可识别的满意度"),
    153: ("信访编号", "信访编号 'XF2025-0100' 与第 101 行重复"),
    176: ("登记日期", "登记日期为空"),
    199: ("受理日期", "'9900**********0027' 不是有效日期"),
}


@pytest.fixture(scope="module")
def from_csv() -> LedgerResult:
    """The CSV, bad rows skipped."""
    return read_ledger_csv(CSV, receiving_unit=UNIT, skip_bad=True)


class TestRead:
    """Every row read, every bad one rejected with its row, column and reason."""

    def test_counts_and_reasons(self, from_csv: LedgerResult) -> None:
        """240 read, 231 used, the 9 planted rows rejected, nothing else."""
        assert (from_csv.rows, len(from_csv.petitions), len(from_csv.issues)) == (240, 231, 9)
        assert from_csv.summary() == "读取 240 行，使用 231 行，拒绝 9 行"
        got = {i.row: (i.column, i.message) for i in from_csv.issues}
        assert got.keys() == BAD.keys()
        for row, (column, reason) in BAD.items():
            assert got[row][0] == column
            assert got[row][1].startswith(reason), (row, got[row][1])
        ids = [p.id for p in from_csv.petitions]
        assert len(set(ids)) == len(ids) == 231

    def test_no_personal_data_in_reasons(self, from_csv: LedgerResult) -> None:
        """The ID numbers typed into the wrong places appear masked only; names never.

        (A mistyped word of a vocabulary, 飞鸽传书, is shown: it cannot be personal data.)
        """
        text = "\n".join(i.text(lang) for i in from_csv.issues for lang in ("zh", "en"))
        assert "990000198001010010" not in text and "990000197506150027" not in text
        names = {p.petitioners[0].name for p in from_csv.petitions if p.petitioners}
        assert not any(name in text for name in names)
        assert "'飞鸽传书'" in text

    def test_without_skip_every_bad_row_is_named(self) -> None:
        """One error naming all nine rows (a clerk fixes them at once), not just the first."""
        with pytest.raises(LedgerError) as info:
            read_ledger_csv(CSV, receiving_unit=UNIT)
        assert [i.row for i in info.value.issues] == list(BAD)
        message = str(info.value)
        assert message.startswith(f"{CSV}: 台账有 9 行无法使用")
        assert all(f"第 {row} 行「{col}」" in message for row, (col, _) in BAD.items())
        assert len(BAD) < SHOWN_ISSUES

    def test_workbook_gives_the_same_petitions(self, from_csv: LedgerResult) -> None:
        """Date cells and numbers in the workbook read as the CSV's text does."""
        book = read_ledger_xlsx(XLSX, receiving_unit=UNIT, skip_bad=True)
        assert book.petitions == from_csv.petitions
        assert [(i.row, i.column, i.message) for i in book.issues] == [
            (i.row, i.column, i.message) for i in from_csv.issues
        ]

    def test_gb18030_gives_the_same_everything(
        self, from_csv: LedgerResult, tmp_path: Path
    ) -> None:
        """Saved by WPS as GB18030 (no BOM): found by trying, same petitions, list, figures."""
        gbk = tmp_path / "台账.csv"
        gbk.write_bytes(CSV.read_text(encoding="utf-8-sig").encode("gb18030"))
        again = read_ledger_csv(gbk, receiving_unit=UNIT, skip_bad=True)
        assert again.petitions == from_csv.petitions
        on = D(2025, 12, 1)
        assert alerts(again.petitions, on) == alerts(from_csv.petitions, on)
        period = (D(2025, 1, 1), D(2025, 11, 30))
        assert report(again.petitions, *period).rows() == report(from_csv.petitions, *period).rows()


class TestCommands:
    """One command each to the 预警清单 and the 通报 workbooks, read back."""

    def test_ledger_check_to_workbook(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Exit 3 (overdue); the list sheet with colours and dates; the rejected sheet whole."""
        out = tmp_path / "预警.xlsx"
        rejected = tmp_path / "拒绝.csv"
        status = main(["ledger", "check", str(XLSX), "--unit", UNIT, "--on", "2025-12-01",
                       "--skip-bad", "-o", str(out), "--rejected", str(rejected)])  # fmt: skip
        captured = capsys.readouterr()
        assert status == 3
        assert captured.out.startswith("2025-12-01 共 231 件：超期 14 项，临期（3 个工作日内）1 项")
        assert "读取 240 行，使用 231 行，拒绝 9 行" in captured.err
        assert "990000198001010010" not in captured.err + captured.out
        wb = load_workbook(out)
        assert wb.sheetnames == ["预警清单", "拒绝行"]
        ws = wb["预警清单"]
        assert ws["A1"].value == "信访事项预警清单（截至 2025-12-01：超期 14 项，临期 1 项）"
        body = list(ws.iter_rows(min_row=3))
        assert len(body) == 15
        states = [r[2].value for r in body]
        assert states.count("超期") == 14 and states.count("临期") == 1
        for r in body:
            assert r[0].fill.fgColor.rgb.endswith("F4CCCC" if r[2].value == "超期" else "FFF2CC")
            assert isinstance(r[4].value, dt.datetime) and r[4].number_format == "yyyy-mm-dd"
        assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
        rs = wb["拒绝行"]
        assert [c.value for c in rs[2]][:4] == ["原行号", "原因", "信访编号", "登记日期"]
        rows = {r[0].value: r for r in rs.iter_rows(min_row=3)}
        assert list(rows) == list(BAD)
        assert rows[15][1].value.startswith("第 15 行「受理日期」：'2025/13/01' 不是有效日期")
        assert rows[153][2].value == "XF2025-0100"
        with rejected.open(encoding="utf-8-sig", newline="") as f:
            assert [int(r["原行号"]) for r in csv.DictReader(f)] == list(BAD)

    def test_metrics_to_workbook(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The 通报 with its ranking and the rows left out of the figures."""
        out = tmp_path / "通报.xlsx"
        args = ["metrics", str(XLSX), "--unit", UNIT, "--from", "2025-01-01", "--to",
                "2025-11-30", "--skip-bad", "--rank", "on_time_reply", "-o", str(out)]  # fmt: skip
        assert main(args) == 0
        capsys.readouterr()
        wb = load_workbook(out)
        assert wb.sheetnames == ["通报", "排名", "拒绝行"]
        stream = open_ledger(XLSX, receiving_unit=UNIT, skip_bad=True)
        rep = report(stream, D(2025, 1, 1), D(2025, 11, 30), unrecorded=stream.unrecorded)
        assert set(rep.left_out) == {"participation_bureau", "satisfaction_bureau",
                                     "one_time_resolution", "assigned_resolution",
                                     "backlog_resolution"}  # fmt: skip
        ws = wb["通报"]
        total = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "合计"]
        expected = [r for r in rep.rows() if r["unit"] == "合计"]
        assert [(r[1], r[2], r[3]) for r in total] == [
            (r["title"], r["numerator"], r["denominator"]) for r in expected
        ]
        notes = [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if r[1] is None and r[0]]
        assert notes == [rep.left_out_text()]
        assert "一次性化解率" not in {r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
        assert len(list(wb["拒绝行"].iter_rows(min_row=3))) == 9

    def test_bad_rows_stop_both_commands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --skip-bad: exit 1, each bad row on its own line, no traceback."""
        for args in (
            ["ledger", "check", str(CSV), "--unit", UNIT, "--on", "2025-12-01"],
            ["metrics", str(CSV), "--input-format", "ledger", "--unit", UNIT,
             "--from", "2025-01-01", "--to", "2025-11-30"],
        ):  # fmt: skip
            assert main(args) == 1
            err = capsys.readouterr().err
            assert "Traceback" not in err
            lines = err.splitlines()
            assert lines[0] == (
                f"xinfang: 错误：{CSV}：台账有 9 行无法使用"
                "（加 --skip-bad 可跳过，--rejected 另存）："
            )
            assert [line.split("」")[0] for line in lines[1:]] == [
                f"  第 {row} 行「{col}" for row, (col, _) in BAD.items()
            ]
        assert main([*args, "--lang", "en"]) == 1
        assert "row 15, column '受理日期': '2025/13/01' is not a date" in capsys.readouterr().err


class TestStream:
    """open_ledger: row by row, counts afterwards, every bad row named at the end."""

    def test_stream_counts_and_reiterates(self, from_csv: LedgerResult) -> None:
        """The same petitions as the collected read; a second pass reads the file again."""
        for path in (CSV, XLSX):
            stream = open_ledger(path, receiving_unit=UNIT, skip_bad=True)
            assert stream.rows == 0 and stream.issues == []
            first = list(stream)
            assert tuple(first) == from_csv.petitions
            assert stream.summary() == "读取 240 行，使用 231 行，拒绝 9 行"
            assert stream.summary("en") == "240 row(s) read, 231 used, 9 rejected"
            assert [i.row for i in stream.issues] == list(BAD)
            assert list(stream) == first and stream.rows == 240

    def test_without_skip_the_error_comes_after_the_good_rows(self) -> None:
        """231 petitions, then one error for the nine bad rows."""
        got: list[str] = []

        def read() -> None:
            for p in open_ledger(CSV, receiving_unit=UNIT):
                got.append(p.id)

        with pytest.raises(LedgerError) as info:
            read()
        assert len(got) == 231
        assert [i.row for i in info.value.issues] == list(BAD)

    def test_errors_before_any_row(self, tmp_path: Path) -> None:
        """A wrong sheet, a missing file, a wrong encoding: said when opened."""
        with pytest.raises(LedgerError, match=r"no sheet '台\*'; sheets: 2025年信访台账"):
            open_ledger(XLSX, sheet="台账")
        with pytest.raises(LedgerError, match="cannot read the file"):
            open_ledger(tmp_path / "无.csv")
        gbk = tmp_path / "台账.csv"
        gbk.write_bytes("信访编号,登记日期\nXF-1,2025年8月1日\n".encode("gb18030"))
        with pytest.raises(LedgerError, match=r"not utf-8 text \(byte 1\)"):
            open_ledger(gbk, encoding="utf-8")
        assert open_ledger(gbk).where == str(gbk)  # found by trying
