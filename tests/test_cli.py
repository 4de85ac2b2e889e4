"""The xinfang command."""

from __future__ import annotations

from pathlib import Path

import pytest

from xinfang_rules.cli import main


class TestCli:
    """Outputs of the main jobs."""

    def test_calendar_month(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The month shows holidays (休), make-up days (班) and the source."""
        assert main(["calendar", "2025-01"]) == 0
        out = capsys.readouterr().out
        assert "26班" in out and "28休" in out
        assert "2025-01-26  星期日，调休上班（春节）" in out
        assert "工作日 19 天，休息日 12 天。" in out
        assert "国务院办公厅关于2025年部分节假日安排的通知" in out

    def test_calendar_month_in_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang en, before or after the command: the grid, its marks and legend in English."""
        for args in (["--lang", "en", "calendar", "2025-01"], ["calendar", "2025-01", "--lang=en"]):
            assert main(args) == 0
            lines = capsys.readouterr().out.splitlines()
            assert lines[0].strip() == "January 2025"
            assert lines[1] == " Mo   Tu   We   Th   Fr   Sa   Su"
            assert "26W" in lines[5] and "28H" in lines[6]
            assert "H = day off (holiday, 调休)  W = make-up working day" in "\n".join(lines)
            assert "休" not in lines[6] and "班" not in lines[5]

    def test_workdays_add(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Add prints the answer and the days skipped."""
        assert main(["workdays", "add", "2025-01-20", "15"]) == 0
        out = capsys.readouterr().out
        assert "2025-01-20 后第 15 个工作日是 2025-02-14" in out
        assert "2025-01-28 至 2025-02-04（8 天）：春节" in out

    def test_workdays_between_en(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Between counts and explains, in English on request."""
        assert main(["workdays", "between", "2025-09-26", "2025-10-09", "--lang", "en"]) == 0
        assert "Working day 4 after 2025-09-26 is 2025-10-09" in capsys.readouterr().out

    def test_provisional_warning_and_strict(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A provisional year warns on stderr; --strict makes it an error (exit 1)."""
        assert main(["calendar", "2091-02"]) == 0
        captured = capsys.readouterr()
        assert "暂定" in captured.out
        assert "xinfang: 警告：未收录 2091 年国务院办公厅放假通知" in captured.err
        assert main(["calendar", "2091-02", "--lang", "en"]) == 0
        assert "xinfang: warning: no official holiday notice for 2091" in capsys.readouterr().err
        assert main(["calendar", "2091-02", "--strict"]) == 1
        assert "严格日历未收录 2091 年的国务院办公厅放假通知" in capsys.readouterr().err

    def test_bad_input(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Bad dates are usage errors; out-of-range dates library errors."""
        with pytest.raises(SystemExit) as exc:
            main(["workdays", "add", "2025-13-01", "5"])
        assert exc.value.code == 2
        assert main(["workdays", "add", "1990-01-01", "5"]) == 1
        assert "1990-01-01 超出日历范围（2000-01-01 至 2099-12-31" in capsys.readouterr().err

    def test_region(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--region adds the preset's local holidays."""
        assert main(["calendar", "2025-03", "--region", "广西"]) == 0
        assert "壮族三月三" in capsys.readouterr().out


class TestTimeline:
    """xinfang timeline: a petition's statutory deadlines."""

    def test_received_only(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Periods from receipt get dates; the others say what starts them."""
        assert main(["timeline", "--received", "2026-09-28"]) == 0
        out = capsys.readouterr().out
        assert "《信访工作条例》（2022）" in out
        assert "2026-10-13  route" in out
        assert "2026-10-10  object_wrong_addressee" in out  # 10-10 is a Saturday, worked
        assert "待定：自受理之日起算，用 --accepted 给出" in out

    def test_roll_and_regime(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The handling period rolls over National Day; --lang en says why."""
        args = ["timeline", "--received", "2025-08-01", "--accepted", "2025-08-04"]
        assert main([*args, "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "2025-10-09  handle" in out
        assert "rolled from 10-03 (国庆节) to 10-09; 《信访工作条例》 Art. 34" in out

    def test_2005_regime_and_workdays(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Receipt before 2022-05-01 picks the 2005 regime; --count workdays switches."""
        assert main(["timeline", "--received", "2022-04-30", "--count", "workdays"]) == 0
        out = capsys.readouterr().out
        assert "《信访条例》（2005" in out and "“日”按工作日计算" in out

    def test_regime_file_and_explain(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A regime file is used; --explain prints each derivation."""
        path = tmp_path / "r.toml"
        path.write_text(
            'schema = "xinfang_rules.regime/1"\nid = "r"\ntitle = "某县规程"\n'
            'source = { document = "某县规程" }\n[[periods]]\nid = "route"\ntitle = "转送"\n'
            'length = 3\nunit = "workdays"\nclock = "received"\n'
            'source = { document = "某县规程", article = 5 }\n',
            encoding="utf-8",
        )
        assert (
            main(["timeline", "--received", "2025-09-26", "--regime", str(path), "--explain"]) == 0
        )
        out = capsys.readouterr().out
        assert "2025-09-30  route" in out and "计入的调休上班日：2025-09-28" in out

    def test_errors(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown regime and a date before 2005-05-01 are errors with exit 1."""
        assert main(["timeline", "--received", "2025-01-02", "--regime", "1999"]) == 1
        assert "无法识别的规则 '1999'" in capsys.readouterr().err
        assert main(["timeline", "--received", "2004-01-02"]) == 1
        assert "2005-05-01" in capsys.readouterr().err

    def test_dates_out_of_order_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--accepted before --received, and --replied before --accepted, exit 1 with why."""
        args = ["timeline", "--received", "2025-09-26", "--accepted", "2025-09-20"]
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.startswith("xinfang: 错误：受理日期 2025-09-20 早于登记日期 2025-09-26")
        assert "Traceback" not in err
        args = ["timeline", "--received", "2025-09-01", "--accepted", "2025-09-10"]
        assert main([*args, "--replied", "2025-09-05"]) == 1
        assert "早于信访事项受理之日 2025-09-10" in capsys.readouterr().err
        assert main([*args, "--replied", "2025-09-10"]) == 0

    def test_provincial_regime_by_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--regime 山东 / shandong selects the province; its 3-working-day steps show."""
        assert main(["timeline", "--received", "2025-09-26", "--regime", "山东"]) == 0
        by_zh = capsys.readouterr().out
        assert main(["timeline", "--received", "2025-09-26", "--regime", "shandong"]) == 0
        assert capsys.readouterr().out == by_zh
        assert "《山东省信访条例》（2015）" in by_zh and "review_acceptance" in by_zh
        assert "2025-10-11  route" in by_zh  # 15 days: 10-11, a make-up Saturday


class TestRulesCommand:
    """xinfang rules list / show."""

    def test_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Seven regimes, one a line, with their names."""
        assert main(["rules", "list"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 7
        assert lines[4].startswith("shandong-2015") and "山东" in lines[4]

    def test_list_markdown_is_the_docs_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format markdown prints the reference table of docs/rules.md."""
        assert main(["rules", "list", "--format", "markdown"]) == 0
        out = capsys.readouterr().out
        docs = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
        assert out.strip() in docs

    def test_show_quotes_each_period(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Show prints every period with the words of its article."""
        assert main(["rules", "show", "浙江"]) == 0
        out = capsys.readouterr().out
        assert "《浙江省信访条例》第二十条第二款「有关国家机关应当自收到之日起五个工作日内" in out
        assert "援引：《信访工作条例》第三十五条「" in out
        assert "延长：≤60日（本国家机关负责人批准）" in out
        assert main(["rules", "show", "henan", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "extension: ≤60 days (≤90 in all)" in out

    def test_show_unknown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown name is an error listing the names, exit 1."""
        assert main(["rules", "show", "湖北"]) == 1
        err = capsys.readouterr().err
        assert "无法识别的规则 '湖*'" in err and "山东" in err


class TestCasesCheck:
    """xinfang cases check: overdue and due-soon petitions by unit."""

    def test_check(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An overdue and a due-soon petition are listed under their units; bad lines too."""
        import datetime as dt

        from xinfang_rules import Accepted, Category, Channel, Petition, write_petitions_jsonl

        def accepted(pid: str, unit: str, on: dt.date) -> Petition:
            p = Petition(
                pid, on, Channel.LETTER, Category.COMPLAINT, "县信访局", handling_unit=unit
            )
            return p.apply(Accepted(on))

        path = tmp_path / "cases.jsonl"
        write_petitions_jsonl(
            [
                accepted("A-1", "县住建局", dt.date(2025, 8, 4)),  # handle due 2025-10-09
                accepted("B-1", "县人社局", dt.date(2025, 8, 12)),  # due 2025-10-11 (Sat, worked)
                accepted("C-1", "县人社局", dt.date(2025, 9, 20)),  # due 2025-11-19
            ],
            path,
        )
        assert main(["cases", "check", str(path), "--on", "2025-10-10"]) == 0
        out = capsys.readouterr().out
        assert "共 3 件：超期 1 项，临期（3 个工作日内）1 项" in out
        assert (
            "[超期] A-1  办理申诉求决类事项（出具信访处理意见书），截止 2025-10-09（超期 1 日"
            in out
        )
        assert "县人社局\n  [临期] B-1" in out
        with path.open("a", encoding="utf-8") as fh:
            fh.write("{broken\n")
        assert main(["cases", "check", str(path), "--on", "2025-10-10"]) == 1
        assert "第 4 行：不是有效的 JSON" in capsys.readouterr().err
        assert main(["cases", "check", str(path), "--on", "2025-10-10", "--skip-bad"]) == 0
        assert "跳过第 4 行" in capsys.readouterr().err
        assert main(["cases", "check", str(tmp_path / "none.jsonl"), "--on", "2025-10-10"]) == 1

    def test_check_csv(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A CSV file (UTF-8 by suffix, or GB18030 by --encoding) gives the same report."""
        import datetime as dt

        from xinfang_rules import (
            CSV_COLUMNS,
            Accepted,
            Category,
            Channel,
            Petition,
            write_petitions_csv,
            write_petitions_jsonl,
        )

        p = Petition(
            "A-1", dt.date(2025, 8, 4), Channel.LETTER, Category.COMPLAINT, "县信访局",
            handling_unit="县住建局",
        ).apply(Accepted(dt.date(2025, 8, 4)))  # fmt: skip
        write_petitions_jsonl([p], tmp_path / "a.jsonl")
        assert main(["cases", "check", str(tmp_path / "a.jsonl"), "--on", "2025-10-10"]) == 0
        expected = capsys.readouterr().out
        assert "[超期] A-1" in expected
        write_petitions_csv([p], tmp_path / "a.csv", bom=True)
        assert main(["cases", "check", str(tmp_path / "a.csv"), "--on", "2025-10-10"]) == 0
        assert capsys.readouterr().out == expected
        text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
        (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
        args = ["cases", "check", str(tmp_path / "gbk.txt"), "--on", "2025-10-10"]
        assert main([*args, "--format", "csv", "--encoding", "gb18030"]) == 0
        assert capsys.readouterr().out == expected
        with (tmp_path / "a.csv").open("a", encoding="utf-8") as fh:
            cells = dict.fromkeys(CSV_COLUMNS, "")
            cells.update(id="B-1", record="event", type="accepted", date="2025-08-05")
            fh.write(",".join(cells.values()) + "\n")
        assert main(["cases", "check", str(tmp_path / "a.csv"), "--on", "2025-10-10"]) == 1
        assert "第 4 行：'B-1' 的 event 行在其 petition 行之前" in capsys.readouterr().err


class TestOutputForPeople:
    """CSV meant for people opens in Excel (UTF-8 with BOM); -o writes a file whole."""

    ROTA = str(Path(__file__).parent.parent / "examples" / "rota-xiapu.toml")
    RANGE = ("--from", "2026-09-14", "--to", "2026-09-15")

    def test_csv_has_a_byte_order_mark(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Standard output and -o alike; Excel's reading (utf-8-sig) gives the header."""
        import csv

        for fmt, first in (("csv", "date"), ("notice-csv", "姓名")):
            assert main(["rota", "generate", self.ROTA, *self.RANGE, "--format", fmt]) == 0
            assert capsys.readouterr().out.startswith("\ufeff" + first)
            out = tmp_path / f"{fmt}.csv"
            args = ["rota", "generate", self.ROTA, *self.RANGE, "--format", fmt, "-o", str(out)]
            assert main(args) == 0
            assert capsys.readouterr().out == ""
            assert out.read_bytes().startswith(b"\xef\xbb\xbf")
            with out.open(encoding="utf-8-sig", newline="") as f:
                assert next(csv.reader(f))[0] == first

    def test_other_formats_to_a_file(self, tmp_path: Path) -> None:
        """The table and the Markdown 公示 without a mark; iCalendar as bytes."""
        for fmt, starts in (
            ("table", b"2026-09-14"),
            ("notice", b"#"),
            ("ics", b"BEGIN:VCALENDAR"),
        ):
            out = tmp_path / f"rota.{fmt}"
            args = ["rota", "generate", self.ROTA, *self.RANGE, "--format", fmt, "-o", str(out)]
            assert main(args) == 0
            assert out.read_bytes().startswith(starts), fmt

    def test_a_failed_write_leaves_the_file(self, tmp_path: Path) -> None:
        """A rota that cannot be made leaves an existing file as it was."""
        out = tmp_path / "keep.csv"
        out.write_text("old", "utf-8")
        args = ["rota", "generate", self.ROTA, "--from", "2026-09-14", "--format", "csv"]
        assert main([*args, "-o", str(out)]) == 1
        assert out.read_text("utf-8") == "old"

    def test_metrics_to_a_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o takes every format; the CSV keeps its byte-order mark."""
        ledger = tmp_path / "cases.jsonl"
        from xinfang_rules import write_petitions_jsonl
        from xinfang_rules.formats.ledger import read_ledger_csv

        example = Path(__file__).parent.parent / "examples" / "ledger.csv"
        write_petitions_jsonl(read_ledger_csv(example, receiving_unit="县信访局").petitions, ledger)
        base = ["metrics", str(ledger), "--from", "2025-08-01", "--to", "2025-11-30"]
        for fmt, starts in (("csv", b"\xef\xbb\xbfunit,"), ("json", b"{"), ("table", b"2025")):
            out = tmp_path / f"figures.{fmt}"
            assert main([*base, "--format", fmt, "-o", str(out)]) == 0
            assert out.read_bytes().startswith(starts), fmt
            assert capsys.readouterr().out == ""


class TestProgress:
    """A progress bar on standard error, only when it is a terminal."""

    class Terminal:
        """A stream that says it is a terminal, keeping what is written."""

        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            """A terminal."""
            return True

        def write(self, s: str) -> int:
            """Keep it."""
            self.text += s
            return len(s)

        def flush(self) -> None:
            """Nothing to flush."""

    def test_bar_on_a_terminal_only(self) -> None:
        """The items pass through unchanged; a terminal sees a bar, a pipe or file none."""
        from xinfang_rules.cli._common import _progress

        terminal = self.Terminal()
        assert list(_progress(range(5), "件", stream=terminal, delay=0)) == [0, 1, 2, 3, 4]
        assert "件" in terminal.text
        import io

        items = [1, 2]
        assert _progress(items, "件", stream=io.StringIO(), delay=0) is items


def test_old_module_paths_still_import() -> None:
    """The formats moved to xinfang_rules.formats; code importing the old paths still runs."""
    import importlib

    import xinfang_rules

    for name in ("case_io", "case_csv", "rota_io", "warehouse", "ledger", "alerts",
                 "workbooks", "frames"):  # fmt: skip
        old = importlib.import_module(f"xinfang_rules.{name}")
        assert old is importlib.import_module(f"xinfang_rules.formats.{name}")
    assert xinfang_rules.iter_petitions_jsonl.__module__ == "xinfang_rules.formats.case_io"


class TestLanguage:
    """Chinese by default (help, argparse's errors, prefixes); English on request."""

    def test_every_help_text_has_its_chinese(self) -> None:
        """No help text, description or command summary is left in English."""
        from xinfang_rules.cli import build_parser
        from xinfang_rules.cli._zh import HELP_ZH, texts

        english = list(texts(build_parser("en")))
        assert len(english) > 80
        missing = [t for t in english if t not in HELP_ZH]
        assert missing == []
        for text in texts(build_parser("zh")):
            ascii_letters = sum(c.isascii() and c.isalpha() for c in text)
            chinese = sum("\u4e00" <= c <= "\u9fff" for c in text)
            assert chinese >= 2, text
            assert text in HELP_ZH.values() or ascii_letters == 0, text

    def test_help(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """用法/选项 and Chinese texts; XINFANG_LANG=en or --lang en gives English."""
        with pytest.raises(SystemExit) as done:
            main(["ledger", "check", "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：xinfang ledger check")
        assert "选项" in out and "跳过有误的行（逐行报告原因），继续处理" in out
        assert "退出码：0 无超期；3 有超期" in out
        monkeypatch.setenv("XINFANG_LANG", "en")
        with pytest.raises(SystemExit):
            main(["ledger", "check", "--help"])
        out = capsys.readouterr().out
        assert out.startswith("usage: xinfang ledger check") and "go on past bad rows" in out
        monkeypatch.delenv("XINFANG_LANG")
        with pytest.raises(SystemExit):
            main(["metrics", "--lang", "en", "--help"])
        assert "rank the units by a figure" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("argv", "zh", "en"),
        [
            (
                ["timeline", "--accepted", "2025-01-02"],
                "xinfang: 错误：缺少必需的参数：--received",
                "xinfang: error: the following arguments are required: --received",
            ),
            (
                ["timeline", "--received", "2025-13-01"],
                "xinfang: 错误：参数 --received：'2025-13-01' 不是有效日期，请写作 YYYY-MM-DD",
                "xinfang: error: argument --received: '2025-13-01' is not a date; write YYYY-MM-DD",
            ),
            (
                ["metrics", "f", "--from", "2025-01-01", "--to", "2025-01-02", "--by", "x"],
                "xinfang: 错误：参数 --by：'x' 不是可选值（可选：",
                "xinfang: error: argument --by: invalid choice: 'x'",
            ),
            (
                ["calendar", "2025-01", "--nope"],
                "xinfang: 错误：无法识别的参数：--nope",
                "xinfang: error: unrecognized arguments: --nope",
            ),
            (
                ["metrics", "f", "--from", "2025-01-01", "--to", "2025-01-02", "--top", "x"],
                "xinfang: 错误：参数 --top：'x' 不是有效的值",
                "xinfang: error: argument --top: invalid int value: 'x'",
            ),
        ],
    )
    def test_usage_errors(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], zh: str, en: str
    ) -> None:
        """The parser's errors in Chinese, exit 2, usage first; the same in English."""
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("用法：xinfang")
        assert err.splitlines()[-1].startswith(zh)
        with pytest.raises(SystemExit):
            main([*argv, "--lang", "en"] if argv[0] != "calendar" else [*argv, "--lang=en"])
        assert capsys.readouterr().err.splitlines()[-1].startswith(en)

    def test_unknown_error_text_is_kept(self) -> None:
        """A message no pattern knows is passed on as is, not lost."""
        from xinfang_rules.cli._zh import error_zh

        assert error_zh("something new") == "something new"


class TestOutputFile:
    """-o on every command that prints: written whole, or not at all."""

    @pytest.mark.parametrize(
        ("argv", "needle"),
        [
            (["calendar", "2025-01"], "26班"),
            (["workdays", "add", "2025-01-20", "15"], "2025-02-14"),
            (["workdays", "between", "2025-01-20", "2025-02-14"], "15"),
            (["timeline", "--received", "2025-09-26"], "《信访工作条例》"),
            (["sql"], "SELECT"),
            (["rules", "list"], "xinfang-2022"),
            (["rules", "show", "山东"], "山东省信访条例"),
        ],
    )
    def test_to_file(
        self, argv: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text that would be printed, in the file; nothing on standard output."""
        out = tmp_path / "out.txt"
        assert main([*argv, "-o", str(out)]) == 0
        assert capsys.readouterr().out == ""
        text = out.read_text(encoding="utf-8")
        assert needle in text
        assert main(argv) == 0
        assert capsys.readouterr().out == text

    def test_failure_leaves_the_old_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A command that fails does not touch the file named with -o."""
        out = tmp_path / "keep.txt"
        out.write_text("old", encoding="utf-8")
        assert main(["timeline", "--received", "2025-09-26", "--regime", "nowhere",
                     "-o", str(out)]) == 1  # fmt: skip
        assert out.read_text(encoding="utf-8") == "old"
        assert "xinfang: 错误：" in capsys.readouterr().err


class TestOnDefaultsToToday:
    """``--on`` may be left out: the check is made on today's Beijing date, shown first."""

    @pytest.mark.parametrize(
        "command",
        [
            ["ledger", "check", "examples/ledger.csv", "--unit", "某县信访局", "--no-fail"],
            ["cases", "check", "{jsonl}"],
        ],
    )
    def test_today_in_beijing(
        self,
        command: list[str],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Without --on, the same output as --on with today's date (the day patched)."""
        import datetime as dt

        from xinfang_rules.cli import _common as cli
        from xinfang_rules.formats.case_io import write_petitions_jsonl
        from xinfang_rules.formats.ledger import read_ledger_csv

        root = Path(__file__).parent.parent
        petitions = read_ledger_csv(root / "examples" / "ledger.csv", receiving_unit="某县信访局")
        jsonl = tmp_path / "p.jsonl"
        write_petitions_jsonl(petitions.petitions, jsonl)
        monkeypatch.chdir(root)
        monkeypatch.setattr(cli, "_today", lambda: dt.date(2025, 12, 1))
        args = [a.replace("{jsonl}", str(jsonl)) for a in command]
        status = main(args)
        out = capsys.readouterr().out
        assert status in (0, 3)
        assert out.startswith("2025-12-01 共 6 件：")
        monkeypatch.undo()
        monkeypatch.chdir(root)
        main([*args, "--on", "2025-12-01"])
        assert capsys.readouterr().out == out  # the same as naming the day

    def test_today_is_the_beijing_date(self) -> None:
        """At 23:30 UTC it is already the next day in Beijing."""
        import datetime as dt
        from unittest import mock

        from xinfang_rules.cli import _common as cli

        class Clock(dt.datetime):
            @classmethod
            def now(cls, tz: dt.tzinfo | None = None) -> Clock:
                utc = dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.timezone.utc)
                moment = utc.astimezone(tz) if tz is not None else utc
                return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)

        with mock.patch.object(dt, "datetime", Clock):  # the module cli reads its clock from
            assert cli._today() == dt.date(2026, 1, 2)
