"""The clerk's week: a county office's 台账 through the documented path, in Chinese.

Each class holds what one step of docs/zh/ledger.md promises, with the case that used to
go wrong (a mistyped year stopping the ledger, figures without data shown as 0 %, a
GB18030 CSV refused by ``metrics``, the 待修正 file unreadable, messages in English).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from xinfang_rules import Category
from xinfang_rules.cli import main
from xinfang_rules.formats.ledger import petitions_from_rows, read_ledger_csv
from xinfang_rules.metrics import MetricError, Unrecorded, report

D = dt.date
EXAMPLES = Path(__file__).parent.parent / "examples"
UNIT = "某县信访局"
HEADER = ["信访编号", "登记日期", "信访形式", "问题类别", "责任单位", "受理日期", "答复日期",
          "办理结果", "办结日期"]  # fmt: skip


def ledger_rows(n: int = 3, **extra: list[str]) -> list[dict[str, str]]:
    """``n`` first-time 申诉求决类 matters, replied and closed, with columns added."""
    rows = []
    for i in range(n):
        cells = {"信访编号": f"XF-{i + 1}", "登记日期": "2025-03-03", "信访形式": "来信",
                 "问题类别": "申诉求决类", "责任单位": "县住建局", "受理日期": "2025-03-05",
                 "答复日期": "2025-04-01", "办理结果": "予以支持",
                 "办结日期": "2025-04-02"}  # fmt: skip
        for column, values in extra.items():
            cells[column] = values[i]
        rows.append(cells)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


class TestBadDateIsABadRow:
    """Item 1: a mistyped year, or a 登记日期 after the day checked, is a rejected row."""

    @pytest.mark.parametrize("typed", ["2205-03-01", "1899-12-31", "2100-01-01"])
    def test_year_out_of_the_calendar(self, tmp_path: Path, typed: str) -> None:
        """The row is rejected naming 登记日期 and the year; the others are read."""
        rows = ledger_rows()
        rows[1]["登记日期"] = typed
        result = read_ledger_csv(write_csv(tmp_path / "a.csv", rows), receiving_unit=UNIT,
                                 skip_bad=True)  # fmt: skip
        assert [p.id for p in result.petitions] == ["XF-1", "XF-3"]
        (issue,) = result.issues
        assert (issue.row, issue.column) == (3, "登记日期")
        assert "超出日历范围" in issue.message and "请核对年份" in issue.message

    def test_registered_after_the_day_checked(self, tmp_path: Path) -> None:
        """as_of: a 登记日期 after it is a bad row (later dates of handling are not)."""
        rows = ledger_rows()
        rows[2]["登记日期"] = "2025-12-03"
        rows[2]["受理日期"] = rows[2]["答复日期"] = rows[2]["办结日期"] = ""
        path = write_csv(tmp_path / "a.csv", rows)
        result = read_ledger_csv(path, receiving_unit=UNIT, skip_bad=True, as_of=D(2025, 12, 1))
        (issue,) = result.issues
        assert issue.text() == (
            "第 4 行「登记日期」：登记日期 2025-12-03 晚于检查基准日 2025-12-01（未来的日期）；"
            "请核对年份和月份"
        )
        assert "is after the day checked, 2025-12-01" in issue.text("en")
        # the day itself is not after it; without as_of nothing is checked
        assert not read_ledger_csv(path, receiving_unit=UNIT, as_of=D(2025, 12, 3)).issues
        assert not read_ledger_csv(path, receiving_unit=UNIT).issues

    def test_ledger_check_rejects_the_future_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ledger check --skip-bad goes on, naming the row; without it, exit 1."""
        rows = ledger_rows()
        rows[0]["登记日期"] = "2026-03-03"
        rows[0]["受理日期"] = rows[0]["答复日期"] = rows[0]["办结日期"] = ""
        path = write_csv(tmp_path / "a.csv", rows)
        args = ["ledger", "check", str(path), "--unit", UNIT, "--on", "2025-12-01"]
        assert main(args) == 1
        assert "第 2 行「登记日期」：登记日期 2026-03-03 晚于检查基准日" in capsys.readouterr().err
        assert main([*args, "--skip-bad"]) == 0
        assert "读取 3 行，使用 2 行，拒绝 1 行" in capsys.readouterr().err


class TestFigureWithoutData:
    """Item 2: a figure the records cannot give is left out, never 0 %."""

    def test_ledger_without_the_columns(self, tmp_path: Path) -> None:
        """No 是否化解 / 信访部门满意度 column: those figures left out, saying why."""
        stream_path = write_csv(tmp_path / "a.csv", ledger_rows())
        from xinfang_rules.formats.ledger import open_ledger

        stream = open_ledger(stream_path, receiving_unit=UNIT)
        rep = report(stream, D(2025, 1, 1), D(2025, 6, 30), unrecorded=stream.unrecorded)
        assert set(rep.left_out) == {
            "one_time_resolution", "assigned_resolution", "backlog_resolution",
            "participation_bureau", "satisfaction_bureau", "participation_unit",
            "satisfaction_unit",
        }  # fmt: skip
        assert rep.left_out["one_time_resolution"][0] == "台账无「是否化解」列"
        figures = {r["figure"] for r in rep.rows()}
        assert "one_time_resolution" not in figures and "on_time_reply" in figures
        assert rep.left_out_text() is not None
        assert "一次性化解率" in rep.left_out_text()  # type: ignore[operator]
        with pytest.raises(MetricError) as caught:
            rep.rank("one_time_resolution")
        assert caught.value.text() == "无法按一次性化解率排名：台账无「是否化解」列，无从计算"
        assert "no record holds" in caught.value.text("en")

    def test_blank_is_not_no(self) -> None:
        """是 counts, 否 counts as not resolved, a blank cell is left out (and counted)."""
        rows = ledger_rows(3, 是否化解=["是", "否", ""])
        seen: dict[str, frozenset[str]] = {}
        petitions = petitions_from_rows(rows, receiving_unit=UNIT)
        from xinfang_rules.formats.ledger import LedgerStream

        stream = LedgerStream("", lambda: (list(rows[0]), iter(rows), 1), receiving_unit=UNIT)
        rep = report(stream, D(2025, 1, 1), D(2025, 6, 30), unrecorded=stream.unrecorded)
        seen = dict(stream.blanks)
        assert seen == {"XF-3": frozenset({"resolution"})}
        rate = rep.total["one_time_resolution"]
        assert (rate.numerator, rate.denominator) == (1, 2)
        assert rep.total.unknown == {"one_time_resolution": 1}
        assert "one_time_resolution" not in rep.left_out
        # read as if blank meant no, the same records give 1/3
        plain = report(petitions, D(2025, 1, 1), D(2025, 6, 30))
        assert plain.total["one_time_resolution"].denominator == 3
        assert [p.category for p in petitions] == [Category.COMPLAINT] * 3

    def test_unrecorded_by_hand(self) -> None:
        """An unknown fact is refused, in both languages."""
        with pytest.raises(MetricError) as caught:
            Unrecorded({"mood": ("无", "none")})
        assert (
            caught.value.text()
            == "未知的事实 'mood'；可用：resolution、backlog、unit_rating、bureau_rating"
        )

    def test_metrics_command(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The table says which figures and why; JSON lists them under left_out; no 0.00%."""
        path = write_csv(tmp_path / "a.csv", ledger_rows(3, 满意度=["满意", "", "不满意"]))
        base = ["metrics", str(path), "--unit", UNIT, "--from", "2025-01-01", "--to",
                "2025-06-30"]  # fmt: skip
        assert main(base) == 0
        out = capsys.readouterr().out
        assert "未列出信访部门参评率、信访部门参评满意率：台账无「信访部门满意度」列" in out
        assert "一次性化解率" not in out.split("\n", 2)[2]
        assert "信访部门参评率  " not in out and "交办化解率  " not in out
        assert main([*base, "--format", "json"]) == 0
        captured = capsys.readouterr()
        import json

        data: dict[str, Any] = json.loads(captured.out)
        assert {x["figure"] for x in data["left_out"]} >= {"one_time_resolution"}
        assert "未列出" in captured.err
        assert main([*base, "--rank", "on_time_reply"]) == 0  # the ranking on the screen
        assert "提示：未列出信访部门参评率" in capsys.readouterr().err


class TestOneWayToReadALedger:
    """Item 3: metrics reads a ledger CSV as ledger check does (GB18030 too)."""

    def test_gb18030_ledger_csv(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """No --input-format, no --encoding: found as a ledger, decoded by trying."""
        text = (EXAMPLES / "ledger-2025.csv").read_text("utf-8-sig")
        path = tmp_path / "台账.csv"
        path.write_bytes(text.encode("gb18030"))
        args = ["metrics", str(path), "--unit", UNIT, "--from", "2025-01-01", "--to",
                "2025-11-30", "--skip-bad"]  # fmt: skip
        assert main(args) == 0
        captured = capsys.readouterr()
        assert "读取 240 行，使用 231 行，拒绝 9 行" in captured.err
        assert "县住建局" in captured.out and "按期答复率" in captured.out


class TestRejectedRoundTrip:
    """Item 4: the 待修正 file reads again as a ledger once fixed; masked where it is sent."""

    def test_fix_a_row_and_read_it_again(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Workbook: the header found below the title, dates and numbers typed, fixed row used."""
        from openpyxl import load_workbook

        fix = tmp_path / "待修正.xlsx"
        alerts = tmp_path / "预警清单.xlsx"
        args = ["ledger", "check", str(EXAMPLES / "ledger-2025.csv"), "--unit", UNIT, "--on",
                "2025-12-01", "--skip-bad", "-o", str(alerts), "--rejected", str(fix)]  # fmt: skip
        assert main(args) == 3
        capsys.readouterr()
        wb = load_workbook(fix)
        ws = wb.active
        assert ws.title == "待修正"
        header = [c.value for c in ws[2]]
        assert header[:5] == ["原行号", "原因", "信访编号", "登记日期", "信访形式"]
        rows = {r[2].value: r for r in ws.iter_rows(min_row=3)}
        bad = rows["XF2025-0037"]  # 信访形式 飞鸽传书
        assert isinstance(bad[3].value, dt.datetime) and bad[3].number_format == "yyyy-mm-dd"
        assert isinstance(bad[header.index("人数")].value, int)
        assert bad[header.index("身份证号")].value == "990000195609126220"  # the clerk's: whole
        bad[header.index("信访形式")].value = "来信"
        wb.save(fix)
        assert main(["ledger", "check", str(fix), "--unit", UNIT, "--on", "2025-12-01",
                     "--skip-bad", "--no-fail"]) == 0  # fmt: skip
        err = capsys.readouterr().err
        assert "读取 9 行，使用 2 行，拒绝 7 行" in err  # 0037 fixed; 0100 no longer repeats
        assert "第 3 行「受理日期」：'2025/13/01' 不是有效日期" in err  # rows as the file shows
        # the 预警清单 goes to the units: ID and phone numbers masked in its 拒绝行
        sent = load_workbook(alerts)["拒绝行"]
        values = [str(c) for r in sent.iter_rows(values_only=True) for c in r if c]
        assert "9900**********6220" in values and "990000195609126220" not in values
        assert not any(v.isdigit() and len(v) >= 11 for v in values)

    def test_csv_round_trip(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The CSV 待修正 (header in row 1) reads again, the fixed row used."""
        fix = tmp_path / "待修正.csv"
        args = ["ledger", "check", str(EXAMPLES / "ledger-2025.csv"), "--unit", UNIT, "--on",
                "2025-12-01", "--skip-bad", "--no-fail", "--rejected", str(fix)]  # fmt: skip
        assert main(args) == 0
        text = fix.read_text("utf-8-sig").replace(",很好,", ",满意,")
        fix.write_text(text, "utf-8-sig")
        capsys.readouterr()
        assert main(["ledger", "check", str(fix), "--unit", UNIT, "--on", "2025-12-01",
                     "--skip-bad", "--no-fail"]) == 0  # fmt: skip
        assert "读取 9 行，使用 2 行，拒绝 7 行" in capsys.readouterr().err


class TestMaskingShowsTheMistake:
    """Item 7: a vocabulary's mistyped word is shown; a name or number never is."""

    @pytest.mark.parametrize(
        ("cells", "shown", "hidden"),
        [
            ({"信访形式": "飞鸽传书"}, "'飞鸽传书' 不是可识别的信访形式（可用：来信", None),
            ({"信访形式": "张三丰"}, "'张**' 不是可识别的信访形式", "张三丰"),
            ({"信访形式": "13812345678"}, "'138****5678'", "13812345678"),
            ({"人数": "三人"}, "'三人' 不是人数", None),
            ({"受理日期": "11010519491231002X"}, "'1101**********002X' 不是有效日期", "1949"),
        ],
    )
    def test_shown_or_hidden(self, cells: dict[str, str], shown: str, hidden: str | None) -> None:
        """Each message says what is wrong; personal data stays masked."""
        row = ledger_rows(1)[0] | cells
        (issue,) = petitions_or_issues(row)
        assert shown in issue.message
        assert shown.split(" ")[0] in issue.message_en  # the same value, in English too
        if hidden:
            assert hidden not in issue.message and hidden not in issue.message_en


def petitions_or_issues(row: dict[str, str]) -> list[Any]:
    from xinfang_rules.formats.ledger import LedgerStream

    stream = LedgerStream("", lambda: (list(row), iter([row]), 1), receiving_unit=UNIT,
                          skip_bad=True)  # fmt: skip
    stream.collect()
    return list(stream.issues)


class TestBadDateInRecords:
    """Item 1 for records: cases check names the line and field; the status names the record."""

    def test_cases_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """登记日期 2205: 第 2 行 received; a deadline past 2099: the petition named."""
        import json

        from xinfang_rules import Channel, Petition
        from xinfang_rules.formats.case_io import petition_to_dict

        first = Petition(id="X1", received=D(2025, 3, 1), channel=Channel.LETTER,
                         category=Category.COMPLAINT, receiving_unit=UNIT)  # fmt: skip
        base = petition_to_dict(first)
        records = [base, {**base, "id": "X2", "received": "2205-03-01"}]
        path = tmp_path / "c.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
        assert main(["cases", "check", str(path), "--on", "2025-12-01"]) == 1
        assert "第 2 行 received：登记日期 2205-03-01 超出日历范围" in capsys.readouterr().err
        assert main(["cases", "check", str(path), "--on", "2025-12-01", "--skip-bad"]) == 0
        assert "xinfang: 跳过第 2 行：received：登记日期 2205-03-01 超出日历范围" in (
            capsys.readouterr().err
        )
        path.write_text(json.dumps({**base, "id": "X3", "received": "2099-12-25"}), "utf-8")
        assert main(["cases", "check", str(path), "--on", "2099-12-30"]) == 1
        err = capsys.readouterr().err
        assert "信访事项 'X3'：received：由本件日期推算的期限超出日历范围" in err


def _all_chinese(err: str) -> None:
    """Every line the clerk reads on standard error is Chinese (no English behind 错误：)."""
    import re

    for line in err.splitlines():
        assert re.search(r"[\u4e00-\u9fff]", line), line
        assert "error:" not in line and "warning:" not in line, line


class TestTheClerksWeek:
    """docs/zh/ledger.md, step by step, on the example 台账, as a county clerk runs it."""

    def test_the_week(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """预警清单, 通报, 待修正 fixed and read again, next year's notice imported and used."""
        from openpyxl import load_workbook

        monkeypatch.chdir(tmp_path)
        ledger = str(EXAMPLES / "ledger-2025.xlsx")
        unit = ["--unit", UNIT]

        # 一、二 预警清单: the list, the bad rows named, both files written
        args = ["ledger", "check", ledger, *unit, "--on", "2025-12-01", "--skip-bad",
                "-o", "预警清单.xlsx", "--rejected", "待修正.xlsx"]  # fmt: skip
        assert main(args) == 3  # overdue duties: exit 3 for a scheduled job's alarm
        out, err = capsys.readouterr()
        assert out.splitlines()[0] == "2025-12-01 共 231 件：超期 14 项，临期（3 个工作日内）1 项"
        assert "读取 240 行，使用 231 行，拒绝 9 行" in err
        assert "第 38 行「信访形式」：'飞鸽传书' 不是可识别的信访形式（可用：来信" in err
        _all_chinese(err)
        book = load_workbook("预警清单.xlsx")
        assert book.sheetnames == ["预警清单", "拒绝行"]
        sent = [str(c) for r in book["拒绝行"].iter_rows(values_only=True) for c in r if c]
        assert not any(c.isdigit() and len(c) >= 11 for c in sent)  # no whole ID or phone

        # 三 通报: ranked, the figures the ledger cannot give left out and said why
        args = ["metrics", ledger, *unit, "--from", "2025-01-01", "--to", "2025-11-30",
                "--skip-bad", "--rank", "on_time_reply", "-o", "通报.xlsx"]  # fmt: skip
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert out.splitlines()[1] == "    1  县住建局  94.12%（16/17）"
        assert "提示：未列出信访部门参评率、信访部门参评满意率：台账无「信访部门满意度」列" in err
        _all_chinese(err)
        sheet = load_workbook("通报.xlsx")["通报"]
        titles = {r[1] for r in sheet.iter_rows(min_row=3, values_only=True)}
        assert "按期答复率" in titles and "一次性化解率" not in titles

        # 四 fix a rejected row in 待修正.xlsx and read it again
        fix = load_workbook("待修正.xlsx")
        ws = fix.active
        header = [c.value for c in ws[2]]
        for row in ws.iter_rows(min_row=3):
            if row[header.index("信访形式")].value == "飞鸽传书":
                row[header.index("信访形式")].value = "来信"
        fix.save("待修正.xlsx")
        args = ["ledger", "check", "待修正.xlsx", *unit, "--on", "2025-12-01", "--skip-bad",
                "--no-fail"]  # fmt: skip
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert "读取 9 行，使用 2 行，拒绝 7 行" in err
        _all_chinese(err)

        # 五 next year's notice: what it changes, imported, then used
        notice = str(Path(__file__).parent / "notices" / "2027-invented.txt")
        args = ["calendar", "notice", "import", notice, "--diff", "-o", "2027.toml"]
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert out.splitlines()[0].endswith("：放假或上班有变的 10 天")
        assert out.splitlines()[-1] == "另有 355 天由暂定改为正式，放假或上班不变"
        assert (
            err
            == "xinfang: 读取 2027 年放假通知：7 项，放假 28 天，调休上班 5 天；已写入 2027.toml\n"
        )
        assert main(["calendar", "2027-02", "--notice", "2027.toml"]) == 0
        out, err = capsys.readouterr()
        assert "14班" in out and "11休" in out and "暂定" not in out
        assert err == ""


class TestEdgesOfTheNewRules:
    """Each new rule on both sides of its line."""

    def test_typed_cells(self) -> None:
        """Dates and small whole numbers typed; IDs, leading zeros and bad dates kept as text."""
        from xinfang_rules.formats.ledger import typed_cell

        assert typed_cell("3") == 3 and typed_cell("999999") == 999999
        assert typed_cell("1000000") == "1000000"  # seven digits: not a count
        assert typed_cell("007") == "007" and typed_cell("0") == "0"
        assert typed_cell("11010519491231002X") == "11010519491231002X"
        assert typed_cell("2025/8/4") == D(2025, 8, 4) and typed_cell("2025年8月4日") == D(
            2025, 8, 4
        )
        assert typed_cell("2025/13/01") == "2025/13/01"
        assert typed_cell("2205-03-01") == "2205-03-01"  # beyond the calendar: as typed
        assert typed_cell(dt.datetime(2025, 8, 4)) == D(2025, 8, 4)
        moment = dt.datetime(2025, 8, 4, 9, 30)
        assert typed_cell(moment) == moment
        assert typed_cell(3.0) == 3 and typed_cell(2.5) == 2.5

    @pytest.mark.parametrize(("above", "found"), [(0, True), (9, True), (10, False)])
    def test_header_below_a_title(self, tmp_path: Path, above: int, found: bool) -> None:
        """The header is found in the first 10 rows (9 rows above it), not below them."""
        rows = ledger_rows(2)
        path = tmp_path / "a.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            for n in range(above):
                w.writerow([f"某县信访局 2025 年信访台账（第 {n + 1} 行说明）"])
            w.writerow(list(rows[0]))
            w.writerows([list(r.values()) for r in rows])
        if found:
            result = read_ledger_csv(path, receiving_unit=UNIT)
            assert [p.id for p in result.petitions] == ["XF-1", "XF-2"]
            return
        from xinfang_rules.formats.ledger import LedgerError

        with pytest.raises(LedgerError) as caught:
            read_ledger_csv(path, receiving_unit=UNIT)
        assert "台账缺少「信访编号」列" in caught.value.text()

    def test_rows_numbered_as_the_file_shows(self, tmp_path: Path) -> None:
        """With a title above the header, a bad row is named by its row in the file."""
        rows = ledger_rows(2)
        rows[1]["登记日期"] = "2025/13/01"
        path = tmp_path / "a.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(["某县信访局 2025 年信访台账"])
            w.writerow([])
            w.writerow(list(rows[0]))
            w.writerows([list(r.values()) for r in rows])
        result = read_ledger_csv(path, receiving_unit=UNIT, skip_bad=True)
        assert [(i.row, i.column) for i in result.issues] == [(5, "登记日期")]

    def test_a_ledger_csv_or_the_case_csv(self, tmp_path: Path) -> None:
        """Metrics tells a 台账 from the library's case CSV by its header."""
        import io

        from xinfang_rules.formats.case_csv import write_petitions_csv
        from xinfang_rules.formats.ledger import is_ledger_csv

        ledger = write_csv(tmp_path / "台账.csv", ledger_rows(1), encoding="gb18030")
        assert is_ledger_csv(ledger)
        buf = io.StringIO()
        write_petitions_csv(petitions_from_rows(ledger_rows(1), receiving_unit=UNIT), buf)
        cases = tmp_path / "cases.csv"
        cases.write_text(buf.getvalue(), "utf-8")
        assert not is_ledger_csv(cases)


class TestBlanksInDetail:
    """Blank cells: explained like any petition, and a blank 是否积案 counted as unknown."""

    def test_explain_keeps_the_ids_of_a_petition_with_a_blank(self) -> None:
        """With explain=True, a petition with a blank cell is still behind its other figures."""
        from xinfang_rules.formats.ledger import LedgerStream

        rows = ledger_rows(2, 是否化解=["是", ""])
        stream = LedgerStream("", lambda: (list(rows[0]), iter(rows), 1), receiving_unit=UNIT)
        rep = report(stream, D(2025, 1, 1), D(2025, 6, 30), unrecorded=stream.unrecorded,
                     explain=True)  # fmt: skip
        assert rep.total.ids is not None
        assert rep.total.ids["on_time_reply"][1] == ("XF-1", "XF-2")
        assert rep.total.ids["one_time_resolution"] == (("XF-1",), ("XF-1",))

    def test_a_blank_backlog_cell_is_unknown(self) -> None:
        """是否积案 left blank: the record may belong in 积案化解率, so it is counted as unknown."""
        from xinfang_rules.formats.ledger import LedgerStream

        rows = ledger_rows(3, 是否积案=["是", "否", ""], 是否化解=["是", "是", "是"])
        stream = LedgerStream("", lambda: (list(rows[0]), iter(rows), 1), receiving_unit=UNIT)
        rep = report(stream, D(2025, 1, 1), D(2025, 6, 30), unrecorded=stream.unrecorded)
        rate = rep.total["backlog_resolution"]
        assert (rate.numerator, rate.denominator) == (1, 1)
        assert rep.total.unknown == {"backlog_resolution": 1}
