"""Bad input of every kind gets one clear line and a non-zero exit.

Never a traceback, a silently wrong answer, a half-written file, a leaked ID number or a
formula run by a spreadsheet.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import xinfang_rules
from xinfang_rules import (
    CaseDataError,
    Category,
    Channel,
    DateOutOfRangeError,
    Petition,
    Petitioner,
    RotaInfeasible,
    RuleFileError,
    WorkdayCalendar,
    XinfangError,
    XinfangTypeError,
    iter_petitions_csv,
    iter_petitions_jsonl,
    load_regime,
    load_rota_config,
    petition_from_dict,
    petition_to_dict,
    write_petitions_csv,
    write_petitions_jsonl,
)
from xinfang_rules.cli import main
from xinfang_rules.formats.ledger import (
    LedgerError,
    load_ledger_mapping,
    read_ledger_csv,
    read_ledger_xlsx,
)
from xinfang_rules.formats.workbook_limits import WorkbookLimits
from xinfang_rules.privacy import echo, scrub, spreadsheet_cell, unspreadsheet_cell

D = dt.date
ID = "11010519491231002X"
PHONE = "13812341234"
EXAMPLE = Path(__file__).parent.parent / "examples" / "rota-xiapu.toml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command; its exit status, standard output and standard error."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_error(status: int, err: str, *needles: str) -> None:
    """Exit 1 and one line on standard error saying what and where."""
    assert status == 1, err
    lines = [x for x in err.splitlines() if x.startswith("xinfang: 错误：")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


def petition(**kw: Any) -> Petition:
    fields: dict[str, Any] = {
        "id": "XF-1",
        "received": D(2025, 8, 1),
        "channel": Channel.LETTER,
        "category": Category.COMPLAINT,
        "receiving_unit": "某县信访局",
        "petitioners": (Petitioner("张三", id_number=ID, phone=PHONE),),
    }
    return Petition(**(fields | kw))


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with a good JSON Lines file, a good CSV and their GB18030 twins."""
    write_petitions_jsonl([petition()], tmp_path / "ok.jsonl")
    write_petitions_csv([petition()], tmp_path / "ok.csv", bom=False)
    for name in ("ok.jsonl", "ok.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        (tmp_path / f"gbk-{name}").write_bytes(text.encode("gb18030"))
    return tmp_path


class TestNoTraceback:
    """Each input that ended in a Python traceback is one line and exit 1."""

    @pytest.mark.parametrize("skip", [[], ["--skip-bad"]])
    def test_gb18030_csv_read_as_utf8(
        self, files: Path, capsys: pytest.CaptureFixture[str], skip: list[str]
    ) -> None:
        """The line is named and the hint says --encoding gb18030; with it, the file reads."""
        path = str(files / "gbk-ok.csv")
        status, _, err = run(capsys, "cases", "check", path, "--on", "2026-01-01", *skip)
        one_error(status, err, "gbk-ok.csv：第 2 行：不是 utf-8-sig 编码", "--encoding gb18030")
        status, out, _ = run(
            capsys, "cases", "check", path, "--on", "2026-01-01", "--encoding", "gb18030"
        )
        assert status == 0 and "共 1 件" in out

    def test_gb18030_jsonl(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Metrics stops at the line; cases check --skip-bad reports it and goes on."""
        path = str(files / "gbk-ok.jsonl")
        status, _, err = run(capsys, "metrics", path, "--from", "2025-01-01", "--to", "2025-12-31")
        one_error(status, err, "第 1 行", "gb18030")
        status, out, err = run(capsys, "cases", "check", path, "--on", "2026-01-01", "--skip-bad")
        assert status == 0 and "共 0 件" in out and "跳过第 1 行" in err
        assert "Traceback" not in err

    def test_gb18030_rota_csv(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Rota check on a GB18030 file names the line and the encoding to use."""
        status, out, _ = run(
            capsys, "rota", "generate", str(EXAMPLE), "--from", "2026-01-01", "--to",
            "2026-01-31", "--format", "csv",
        )  # fmt: skip
        assert status == 0
        path = tmp_path / "rota.csv"
        path.write_bytes(out.removeprefix("\ufeff").encode("gb18030"))  # as Excel saves it
        status, _, err = run(capsys, "rota", "check", str(EXAMPLE), str(path))
        one_error(status, err, "rota.csv", "line 2", "gb18030")
        status, _, err = run(
            capsys, "rota", "check", str(EXAMPLE), str(path), "--encoding", "gb18030"
        )
        assert status == 0, err

    @pytest.mark.parametrize(
        "command",
        [
            ["cases", "check", "{f}", "--on", "2026-01-01"],
            ["metrics", "{f}", "--from", "2025-01-01", "--to", "2025-12-31"],
        ],
    )
    def test_unknown_encoding(
        self, files: Path, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        """An encoding Python does not know is named, with the ones to use."""
        args = [a.replace("{f}", str(files / "ok.csv")) for a in command]
        status, _, err = run(capsys, *args, "--encoding", "gbk-nope")
        one_error(status, err, "无法识别的编码名称 'gbk-nope'", "gb18030")

    def test_csv_cell_over_the_limit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A cell over the csv module's 128 KiB limit is a CSV error naming the line."""
        path = tmp_path / "big.csv"
        path.write_text("id,record,received\nX,petition," + "x" * 200_000 + "\n", encoding="utf-8")
        status, _, err = run(capsys, "cases", "check", str(path), "--on", "2026-01-01")
        one_error(status, err, "big.csv：第 2 行", "不是可读的 CSV")

    def test_deep_json_record(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Nesting past 32 levels, or deep enough to exhaust recursion, is refused."""
        data = petition_to_dict(petition())
        data["summary"] = json.loads("[" * 40 + "]" * 40)
        path = tmp_path / "deep.jsonl"
        path.write_text(
            json.dumps(data, ensure_ascii=False) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n",
            encoding="utf-8",
        )
        status, _, err = run(capsys, "cases", "check", str(path), "--on", "2026-01-01")
        one_error(status, err, "deep.jsonl：第 1 行", "嵌套过深")
        issues: list[Any] = []
        assert list(iter_petitions_jsonl(path, on_error="skip", issues=issues)) == []
        assert [i.line for i in issues] == [1, 2]

    @pytest.mark.parametrize("suffix", [".json"])
    def test_deep_regime_and_rota_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
    ) -> None:
        """A deeply nested regime or rota configuration is refused with the file named."""
        path = tmp_path / f"deep{suffix}"
        path.write_text('{"schema": "x", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
        with pytest.raises(RuleFileError, match="nested too deep"):
            load_regime(path)
        with pytest.raises(XinfangError, match="nested too deep"):
            load_rota_config(path)
        status, _, err = run(capsys, "timeline", "--received", "2025-09-26", "--regime", str(path))
        one_error(status, err, "deep.json", "嵌套过深")

    def test_huge_integer(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A 5,000-digit number in a record is refused, not a traceback."""
        text = json.dumps(petition_to_dict(petition()), ensure_ascii=False)
        path = tmp_path / "huge.jsonl"
        assert '"headcount":1' in text.replace(" ", "")
        text = text.replace('"headcount": 1', '"headcount": ' + "9" * 5000)
        path.write_text(text + "\n", encoding="utf-8")
        status, _, err = run(capsys, "cases", "check", str(path), "--on", "2026-01-01")
        one_error(status, err, "huge.jsonl：第 1 行", "位数过多")
        big = json.dumps(petition_to_dict(petition())).replace(
            '"headcount": 1', '"headcount": ' + "9" * 4000
        )
        with pytest.raises(CaseDataError, match="headcount"):
            petition_from_dict(json.loads(big))  # under Python's limit: refused by the model

    def test_huge_period_length(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A regime period of 1,000,000,000 days is refused, naming the entry."""
        path = tmp_path / "big.toml"
        path.write_text(
            'schema = "xinfang_rules.regime/1"\nid = "x"\ntitle = "x"\n'
            'source = { document = "x" }\n[[periods]]\nid = "handle"\ntitle = "办理"\n'
            'length = 1000000000\nunit = "days"\nclock = "accepted"\n'
            'source = { document = "x", article = 1 }\n',
            encoding="utf-8",
        )
        status, _, err = run(
            capsys, "timeline", "--received", "2025-09-26", "--accepted", "2025-09-28",
            "--regime", str(path),
        )  # fmt: skip
        one_error(status, err, "big.toml 的 periods[0]", "3660")

    def test_sql_into_a_closed_pipe(self) -> None:
        """`xinfang sql | head -3`: the reader is gone before the query is written; exit 0."""
        code = (
            "import time; time.sleep(0.3)\n"  # the reader closes first, as head does
            "from xinfang_rules.cli import main; raise SystemExit(main())"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "sql"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
        assert "Traceback" not in err and "BrokenPipeError" not in err

    def test_ics_name_with_line_breaks(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A configuration name with CR/LF stays one property: one END:VCALENDAR."""
        text = EXAMPLE.read_text(encoding="utf-8").replace(
            'name = "', 'name = "县\\r\\nEND:VCALENDAR\\r\\nX-EVIL:1\\r\\n', 1
        )
        path = tmp_path / "crlf.toml"
        path.write_text(text, encoding="utf-8")
        status, out, err = run(
            capsys, "rota", "generate", str(path), "--from", "2026-01-01", "--to", "2026-01-31",
            "--format", "ics",
        )  # fmt: skip
        assert status == 0, err
        lines = out.splitlines()
        assert lines.count("END:VCALENDAR") == 1 and not any(x == "X-EVIL:1" for x in lines)
        assert any(x.startswith("X-WR-CALNAME:县 END:VCALENDAR X-EVIL:1") for x in lines)


class TestNoSilentWrongAnswer:
    """Input that used to give a plausible but wrong answer is refused."""

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("first_time", "false", "expected true or false, got a string"),
            ("headcount", 2.7, "expected a whole number, got a number"),
            ("headcount", "3", "expected a whole number, got a string"),
            ("headcount", True, "expected a whole number, got true/false"),
            ("id", 5, "expected a string, got a number"),
            ("summary", ["a"], "expected a string, got a list"),
        ],
    )
    def test_record_types_not_coerced(self, field: str, value: Any, message: str) -> None:
        """No coercion: "false" is not true, 2.7 is not 2, "3" is not 3, 5 is not an id."""
        data = petition_to_dict(petition())
        data[field] = value
        with pytest.raises(CaseDataError, match=message) as err:
            petition_from_dict(data)
        assert err.value.path == field

    @pytest.mark.parametrize(
        ("key", "value", "path"),
        [("name", {"a": 1}, "petitioners[0].name"), ("phone", ["138"], "petitioners[0].phone")],
    )
    def test_person_fields_not_coerced(self, key: str, value: Any, path: str) -> None:
        """A name given as an object, or a phone as a list, is refused."""
        data = petition_to_dict(petition())
        data["petitioners"][0][key] = value
        with pytest.raises(CaseDataError, match="expected a string") as err:
            petition_from_dict(data)
        assert err.value.path == path

    def test_negative_top(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--top -1 is an error, not an empty ranking with exit 0."""
        status, _, err = run(
            capsys, "metrics", str(files / "ok.jsonl"), "--from", "2025-01-01", "--to",
            "2025-12-31", "--rank", "on_time_reply", "--top", "-1",
        )  # fmt: skip
        one_error(status, err, "top 应为不小于 1 的单位个数")

    def test_unreachable_minimum(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """40 receptions a month cannot be met: generate says so (exit 1), or lists it."""
        text = EXAMPLE.read_text(encoding="utf-8").replace(
            '[[minimum]]\npool = { levels = ["县"], principal = true }\ncount = 1',
            '[[minimum]]\npool = { levels = ["县"], principal = true }\ncount = 40',
        )
        assert "count = 40" in text
        path = tmp_path / "min40.toml"
        path.write_text(text, encoding="utf-8")
        args = ["rota", "generate", str(path), "--from", "2026-01-01", "--to", "2026-01-31"]
        status, _, err = run(capsys, *args)
        one_error(status, err, "排不出满足全部规则的接访安排", "--allow-gaps")
        assert "xinfang: 未达最少次数：" in err and "至少应 40 次" in err
        # and why: a count (in Chinese) the clerk can check against the configuration
        assert "xinfang: 冲突：" in err and "至少应接访 40 次" in err
        assert "Traceback" not in err
        status, _, err = run(capsys, *args, "--allow-gaps")
        assert status == 0 and "提示：未达最少次数：" in err

    def test_rota_from_the_first_days_of_2000(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A rota starting 2000-01-03 is generated (it looked back before 2000-01-01)."""
        status, out, err = run(
            capsys, "rota", "generate", str(EXAMPLE), "--from", "2000-01-03", "--to", "2000-01-31"
        )
        assert status == 0, err
        # Monday 01-03 is the 元旦 day off of provisional 2000: the Monday rule moves to 01-04
        assert "2000-01-04 星期二" in out and "未收录 2000 年国务院办公厅放假通知" in err


class TestWholeOrNothing:
    """A file a command or function writes is written whole or not at all."""

    def test_failed_export_keeps_the_old_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An export that fails (past 2099) leaves keep.csv as it was, and no temp file."""
        keep = tmp_path / "keep.csv"
        keep.write_text("keep\n", encoding="utf-8")
        status, _, err = run(
            capsys, "calendar", "export", "--from", "2099-12-01", "--to", "2100-01-31",
            "-o", str(keep),
        )  # fmt: skip
        one_error(status, err, "2100-01-31")
        assert keep.read_text(encoding="utf-8") == "keep\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]

    def test_failed_petitions_write_keeps_the_old_file(self, tmp_path: Path) -> None:
        """A generator that fails half way leaves the earlier file untouched."""
        path = tmp_path / "cases.csv"
        write_petitions_csv([petition()], path)
        before = path.read_bytes()

        def some() -> Any:
            yield petition(id="XF-2")
            raise RuntimeError("the source database went away")

        with pytest.raises(RuntimeError):
            write_petitions_csv(some(), path)
        with pytest.raises(RuntimeError):
            write_petitions_jsonl(some(), tmp_path / "cases.jsonl")
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv"]


class TestNoPersonalData:
    """No ID number, phone number or name appears whole in an error."""

    @pytest.mark.parametrize(
        ("column", "value"),
        [("received", ID), ("headcount", PHONE), ("channel", "王小明"), ("first_time", "王小明")],
    )
    def test_csv_errors_mask_the_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str
    ) -> None:
        """An ID in a date column, a phone in a count, a name in a shifted column: masked."""
        buf = io.StringIO()
        write_petitions_csv([petition()], buf)
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        rows[0][column] = value
        path = tmp_path / "bad.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        status, _, err = run(capsys, "cases", "check", str(path), "--on", "2026-01-01")
        one_error(status, err, "bad.csv：第 2 行", column)
        assert value not in err
        with pytest.raises(CaseDataError) as info:
            list(iter_petitions_csv(path))
        assert value not in str(info.value)

    def test_json_errors_mask_the_value(self) -> None:
        """The same through the JSON loader, for a vocabulary and a date."""
        for field, value in (("channel", "王小明"), ("received", ID)):
            data = petition_to_dict(petition())
            data[field] = value
            with pytest.raises(CaseDataError) as info:
                petition_from_dict(data)
            assert value not in str(info.value)

    def test_every_library_error_scrubs_long_numbers(self) -> None:
        """Whatever a message holds, ID and phone numbers come out masked."""
        exc = XinfangError(f"bad {ID} and {PHONE}")
        assert ID not in str(exc) and PHONE not in str(exc)
        assert "1101**********002X" in str(exc) and "138****1234" in str(exc)

    def test_echo(self) -> None:
        """echo() keeps a value recognisable, never whole when personal."""
        assert echo("2025/13/01") == "'2025/13/01'"
        assert echo("王小明") == "'王**'"
        assert echo(ID) == "'1101**********002X'"
        assert echo(10**5000) == "an integer of 5001 digits"
        assert echo({"a": 1}) == "a dict of 1 items"
        assert scrub("2025-08-04 line 12") == "2025-08-04 line 12"


class TestNoInjection:
    """Text from files cannot run as a formula, a markup, a calendar property or SQL."""

    EVIL = '=HYPERLINK("http://x.example","点我")'

    def test_cell_sanitiser(self) -> None:
        """Formula starts get an apostrophe; plain numbers and text do not; reading undoes it."""
        for text in ("=1+1", "+cmd", "-cmd", "@SUM(A1)", "\tx", "\rx", "'=x", "''x"):
            safe = spreadsheet_cell(text)
            assert safe.startswith("'") and unspreadsheet_cell(safe) == text
        for text in ("-5", "+3.2", "张三", "12%", "'plain"):
            assert spreadsheet_cell(text) == text and unspreadsheet_cell(text) == text

    def test_petitions_csv(self, tmp_path: Path) -> None:
        """A formula in a summary is neutralised on disk and read back as written."""
        p = petition(summary=self.EVIL)
        path = tmp_path / "p.csv"
        write_petitions_csv([p], path)
        cells = [c for row in csv.reader(path.open(encoding="utf-8")) for c in row]
        assert "'" + self.EVIL in cells and self.EVIL not in cells
        assert list(iter_petitions_csv(path)) == [p]

    def test_rota_notice_and_ics(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A leader named like a formula or markup: neutral in CSV, escaped in Markdown."""
        text = EXAMPLE.read_text(encoding="utf-8")
        first = text.index('name = "', text.index("[[leaders]]"))
        end = text.index('"', first + 8)
        evil_name = "=cmd|' /C calc'!A0<script>[x](javascript:alert(1))"
        path = tmp_path / "evil.toml"
        path.write_text(text[: first + 8] + evil_name.replace("'", "\\'") + text[end:], "utf-8")
        path.write_text(text[: first + 8] + evil_name + text[end:], encoding="utf-8")
        base = ["rota", "generate", str(path), "--from", "2026-01-01", "--to", "2026-12-31"]
        for fmt in ("csv", "notice-csv"):
            status, out, err = run(capsys, *base, "--format", fmt)
            assert status == 0, err
            cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
            assert any(c == "'" + evil_name for c in cells), fmt
            assert not any(c.startswith("=") for c in cells), fmt
        status, out, _ = run(capsys, *base, "--format", "notice")
        assert status == 0 and "<script>" not in out and "](javascript" not in out
        assert "&lt;script&gt;" in out
        csv_path = tmp_path / "rota.csv"
        status, out, _ = run(capsys, *base, "--format", "csv")
        csv_path.write_text(out, encoding="utf-8")
        status, _, err = run(capsys, "rota", "check", str(path), str(csv_path))
        assert status == 0, err  # the neutralised names are read back as the leaders

    def test_metrics_csv(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A unit named like a formula is neutralised in the figures' CSV."""
        path = tmp_path / "p.jsonl"
        write_petitions_jsonl([petition(receiving_unit="=2+5")], path)
        status, out, err = run(
            capsys, "metrics", str(path), "--from", "2025-01-01", "--to", "2025-12-31",
            "--format", "csv",
        )  # fmt: skip
        assert status == 0, err
        cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
        assert "'=2+5" in cells and "=2+5" not in cells

    def test_calendar_export_names_from_a_notice(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A holiday name from a notice file is neutralised in the exported CSV."""
        notice = tmp_path / "n.toml"
        notice.write_text(
            'schema = "xinfang_rules.notices/1"\n[[notice]]\nyear = 2027\n'
            'title = "t"\ndays_off = { "=cmd" = ["2027-01-01"] }\nworkdays = {}\n',
            encoding="utf-8",
        )
        status, out, err = run(
            capsys, "calendar", "export", "--from", "2027-01-01", "--to", "2027-01-01",
            "--notice", str(notice),
        )  # fmt: skip
        assert status == 0, err
        assert "'=cmd" in out and ",=cmd" not in out

    def test_sql_comment_cannot_be_escaped(self, tmp_path: Path) -> None:
        """A regime title with line breaks stays inside the SQL comment line."""
        from xinfang_rules import deadlines_sql

        path = tmp_path / "r.toml"
        path.write_text(
            'schema = "xinfang_rules.regime/1"\nid = "x"\n'
            'title = "县规程\\nDROP TABLE petitions;\\n--"\nsource = { document = "x" }\n'
            '[[periods]]\nid = "handle"\ntitle = "办理"\nlength = 30\nunit = "days"\n'
            'clock = "accepted"\nsource = { document = "x", article = 1 }\n',
            encoding="utf-8",
        )
        sql = deadlines_sql(load_regime(path))
        assert all(line.startswith("--") for line in sql.splitlines() if "DROP TABLE" in line), (
            sql.splitlines()[:3]
        )


def test_generator_names_its_own_minimums() -> None:
    """The library raises RotaInfeasible with the unmet minimums listed."""
    from xinfang_rules import generate_rota
    from xinfang_rules.formats.rota_io import load_rota_config

    config = load_rota_config(EXAMPLE)
    minimum = [m.__class__(m.pool, 40, m.per, m.source) for m in config.minimum]
    with pytest.raises(RotaInfeasible) as info:
        generate_rota(
            config.rules, config.leaders, D(2026, 1, 1), D(2026, 1, 31), minimum=minimum,
            maximum=config.maximum, unavailable=config.unavailable,
        )  # fmt: skip
    assert info.value.unmet and not info.value.gaps


def test_atomic_write_keeps_ordinary_permissions(tmp_path: Path) -> None:
    """A file written whole gets the mode open() would give, or keeps the old file's."""
    import os
    import stat

    new = tmp_path / "new.csv"
    write_petitions_csv([petition()], new)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    old = tmp_path / "old.csv"
    old.write_text("x", encoding="utf-8")
    old.chmod(0o640)
    write_petitions_csv([petition()], old)
    assert stat.S_IMODE(old.stat().st_mode) == 0o640


def test_an_internal_fault_is_one_masked_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug is exit 70 and one line, its text masked; XINFANG_DEBUG=1 shows the traceback."""
    import xinfang_rules.cli.command as cli

    def boom(args: Any) -> int:
        raise KeyError(f"王小明 {ID}")

    monkeypatch.setattr(cli, "_run", boom)
    status, _, err = run(capsys, "rules", "list")
    assert status == 70 and err.count("\n") == 1
    assert "internal error (KeyError" in err and "XINFANG_DEBUG=1" in err
    assert "王小明" not in err and ID not in err
    monkeypatch.setenv("XINFANG_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["rules", "list"])


def test_reference_table_escapes_a_users_regime() -> None:
    """A regime title with HTML or a column break stays text in the Markdown table."""
    import attrs

    from xinfang_rules import XINFANG_2022
    from xinfang_rules.law.reference import reference_table

    evil = attrs.evolve(XINFANG_2022, id="x<script>|y")
    table = reference_table([evil])
    assert "<script>" not in table and "x&lt;script&gt;\\|y" in table


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Files saved by Windows tools with a UTF-8 BOM read like any UTF-8 file."""
    jsonl = tmp_path / "bom.jsonl"
    write_petitions_jsonl([petition()], jsonl)
    jsonl.write_bytes(b"\xef\xbb\xbf" + jsonl.read_bytes())
    assert [p.id for p in iter_petitions_jsonl(jsonl)] == ["XF-1"]
    regime = tmp_path / "bom.toml"
    regime.write_bytes(
        b"\xef\xbb\xbf"
        + 'schema = "xinfang_rules.regime/1"\nid = "x"\ntitle = "x"\nsource = { document = "x" }\n'
        '[[periods]]\nid = "handle"\ntitle = "办理"\nlength = 30\nunit = "days"\n'
        'clock = "accepted"\nsource = { document = "x", article = 1 }\n'.encode()
    )
    assert load_regime(regime)["handle"].length == 30


class TestNewCommandsBadFiles:
    """The ledger, notice-import and ledger-metrics commands: bad files, one line, exit 1."""

    LEDGER = Path(__file__).parent.parent / "examples" / "ledger.csv"

    def bad_files(self, tmp_path: Path) -> dict[str, Path]:
        """A folder of files each wrong in its own way."""
        text = self.LEDGER.read_text("utf-8")
        files = {
            "gbk.csv": text.encode("gb18030"),
            "empty.csv": b"",
            "big.csv": ("信访编号,登记日期\nA," + "x" * 200_000 + "\n").encode(),
            "fake.xlsx": b"PK\x03\x04 not a workbook",
            "badrow.csv": text.replace("2025-09-16", "2025-19-16").encode(),
            "nohead.csv": "甲,乙\n1,2\n".encode(),
            "mapping.toml": b"schema = [[[",
            "deep.toml": ("x = " + "[" * 50 + "]" * 50).encode(),
            "notice.txt": (
                "国务院办公厅关于2026年部分节假日安排的通知\n"
                "一、元旦：1月1日至3日放假，1月5日照常上班。"
            ).encode(),
            "notice-gbk.txt": (
                "国务院办公厅关于2026年部分节假日安排的通知\n"
                "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。"
            ).encode("gb18030"),
        }
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
        return {name: tmp_path / name for name in files}

    @pytest.mark.parametrize(
        ("command", "needles"),
        [
            (["ledger", "check", "{gbk.csv}", "--encoding", "utf-8"], ["不是 utf-8", "gb18030"]),
            (["ledger", "check", "{gbk.csv}", "--encoding", "gbk-nope"], ["无法识别的编码名称"]),
            (["ledger", "check", "{empty.csv}"], ["文件是空的"]),
            (["ledger", "check", "{big.csv}"], ["big.csv"]),
            (["ledger", "check", "{fake.xlsx}"], ["不是可读的工作簿"]),
            (["ledger", "check", "{badrow.csv}"], ["第 6 行「转送/交办日期」"]),
            (["ledger", "check", "{nohead.csv}"], ["台账缺少「信访编号」列"]),
            (["ledger", "check", "{badrow.csv}", "--mapping", "{mapping.toml}"], ["mapping.toml"]),
            (["ledger", "check", "{badrow.csv}", "--mapping", "{deep.toml}"], ["deep.toml"]),
            (["calendar", "notice", "import", "{notice.txt}"], ["一、元旦：无法识别"]),
            (["calendar", "notice", "import", "{notice-gbk.txt}", "--encoding", "utf-8"],
             ["第 1 行", "gb18030"]),
            (["calendar", "notice", "import", "{missing.txt}"], ["missing.txt"]),
            (
                ["calendar", "notice", "import", "{notice-gbk.txt}", "--encoding", "gbk-nope"],
                ["无法识别的编码名称"],
            ),
            (
                ["metrics", "{badrow.csv}", "--input-format", "ledger", "--from", "2025-01-01",
                 "--to", "2025-12-31"],
                ["第 6 行"],
            ),
        ],
    )  # fmt: skip
    def test_one_line(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        command: list[str],
        needles: list[str],
    ) -> None:
        """Each: exit 1, one line naming the file or the row, no traceback."""
        files = self.bad_files(tmp_path)
        args = []
        for a in command:
            if a.startswith("{") and a.endswith("}"):
                a = str(files.get(a[1:-1], tmp_path / a[1:-1]))
            args.append(a)
        if command[0] in ("ledger", "metrics"):
            args += ["--unit", "某县信访局"]
        if command[:2] == ["ledger", "check"]:
            args += ["--on", "2025-11-20"]
        status, _, err = run(capsys, *args)
        one_error(status, err, *needles)


# --------------------------------------------------------------------------- the hostile review
# Each finding of the review of the ledgers, workbooks, notice text and service (146 bad
# inputs over every reader, writer and endpoint), with a test that failed before its fix.
# The suites over every surface are in tests/test_surfaces.py; the source scans in
# tests/test_safe_ways.py.

LEDGER_CSV = Path(__file__).parent.parent / "examples" / "ledger.csv"
LEAK_NAME, LEAK_PHONE = "王小明", "138-1234-5678"


def xlsx_cells(path: Path) -> list[Any]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def far_workbook(path: Path, *, dimension: str = "", far: bool = True) -> None:
    from tests.test_surfaces import _inline, workbook

    cells = '<row r="1">' + _inline("A1", "信访编号") + "</row>"
    if far:
        cells += '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>"
    path.write_bytes(workbook(cells, dimension=dimension))


class TestWorkbookBounds:
    """A workbook is measured before the reader is given it."""

    def test_a_far_cell_is_an_error_not_a_crash(self, tmp_path: Path) -> None:
        """One cell at XFD1048576 aborted the process (512 GiB asked for); now one line."""
        path = tmp_path / "far.xlsx"
        far_workbook(path)
        done = subprocess.run(
            [sys.executable, "-m", "xinfang_rules.cli", "ledger", "check", str(path), "--on",
             "2026-01-01"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        # the sheet named (masked, as any text from a file), its size, the bound
        assert "工作表 '台*' 的实际范围为 1,048,576 行 × 16,384 列，超过上限" in done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1

    def test_declared_extent(self, tmp_path: Path) -> None:
        """A <dimension> of the whole sheet is refused too, naming the declared extent."""
        path = tmp_path / "dim.xlsx"
        far_workbook(path, dimension="A1:XFD1048576", far=False)
        with pytest.raises(LedgerError, match="声明范围为 1,048,576 行 × 16,384 列"):
            read_ledger_xlsx(path)

    def test_limits_can_be_raised_or_lowered(self, tmp_path: Path) -> None:
        """WorkbookLimits bounds what is read; the example ledger fits the defaults."""
        book = Path(__file__).parent.parent / "examples" / "ledger-2025.xlsx"
        assert read_ledger_xlsx(book, skip_bad=True).rows > 200
        with pytest.raises(LedgerError, match="声明范围为 241 行 × 22 列"):
            read_ledger_xlsx(book, skip_bad=True, limits=WorkbookLimits(max_rows=100))
        with pytest.raises(LedgerError, match="超过上限"):
            read_ledger_xlsx(book, skip_bad=True, limits=WorkbookLimits(max_cells=1000))
        with pytest.raises(ValueError, match="max_rows must be a whole number"):
            WorkbookLimits(max_rows=0)

    def test_an_inflating_string_is_refused_early(self, tmp_path: Path) -> None:
        """A shared string of 300 MB took 920 MB and 15 s; now refused at once, in little."""
        from tests.test_surfaces import workbook

        shared = (
            '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main"><si><t>' + "x" * 300_000_000 + "</t></si></sst>"
        )
        path = tmp_path / "bomb.xlsx"
        path.write_bytes(workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared))
        del shared
        assert path.stat().st_size < 1_000_000
        code = (
            "import sys\n"
            "from xinfang_rules.formats.ledger import read_ledger_xlsx\n"
            "try:\n    read_ledger_xlsx(sys.argv[1])\n"
            "except Exception as e:\n    print(type(e).__name__, e)\n"
            "status = open('/proc/self/status').read()\n"
            "print(int(status.split('VmHWM:')[1].split()[0]) // 1024)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120
        )
        lines = done.stdout.splitlines()
        assert lines[0].startswith("LedgerError") and "32,767 个字符" in lines[0]
        assert int(lines[-1]) < 300  # MiB: the string was never inflated whole


class TestNoControlCharactersInWorkbooks:
    """Control characters in a cell, a header or a rota name stopped every xlsx writer."""

    def test_ledger_cells_and_headers(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A ledger cell and a header with a control character: written, marked with U+FFFD."""
        text = LEDGER_CSV.read_text("utf-8")
        header, _, rest = text.partition("\n")
        bad = tmp_path / "ctl.csv"
        bad.write_text(header + ",备注\x01\n" + rest.replace("\n", ",坏\x01值\n", 3)
                       .replace("2025-09-16", "2025-19-16"), "utf-8")  # fmt: skip
        out, rejected = tmp_path / "预警清单.xlsx", tmp_path / "待修正.xlsx"
        status, _, err = run(
            capsys, "ledger", "check", str(bad), "--on", "2026-01-01", "--skip-bad", "--no-fail",
            "-o", str(out), "--rejected", str(rejected),
        )  # fmt: skip
        assert status == 0, err
        assert "提示：输出中有" in err and "已替换为 �（U+FFFD）" in err  # and it says so
        cells = [c.value for c in xlsx_cells(out) + xlsx_cells(rejected)]
        assert "备注\ufffd" in cells and any(
            isinstance(v, str) and "坏\ufffd值" in v for v in cells
        )
        assert not any(isinstance(v, str) and "\x01" in v for v in cells)

    def test_rota_names(self, tmp_path: Path) -> None:
        """A leader's name with a control character: the 公示 workbook is written."""
        from xinfang_rules.formats.workbooks import write_notice_xlsx

        config = load_rota_config(EXAMPLE)
        rota = config.generate(D(2026, 1, 1), D(2026, 1, 31))
        leaders = tuple(attrs.evolve(x, name=x.name + "\x01") for x in rota.leaders)
        write_notice_xlsx(attrs.evolve(rota, leaders=leaders), tmp_path / "公示.xlsx")
        names = [c.value for c in xlsx_cells(tmp_path / "公示.xlsx")]
        assert "王书记\ufffd" in names


class TestNoLiveFormulaOrLink:
    """Cells and Markdown that a spreadsheet or a page would run or link."""

    def test_a_header_starting_with_equals(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A header '=1+1' was a live formula on the 拒绝行 sheets of three workbooks."""
        text = LEDGER_CSV.read_text("utf-8").replace("2025-09-16", "2025-19-16")
        header, _, rest = text.partition("\n")
        bad = tmp_path / "eq.csv"
        bad.write_text(header + ",=1+1\n" + rest.replace("\n", ",x\n"), "utf-8")
        outputs = {
            "预警清单.xlsx": ["ledger", "check", str(bad), "--on", "2026-01-01", "--skip-bad",
                             "--no-fail", "-o", str(tmp_path / "预警清单.xlsx")],
            "待修正.xlsx": ["ledger", "check", str(bad), "--on", "2026-01-01", "--skip-bad",
                           "--no-fail", "--rejected", str(tmp_path / "待修正.xlsx")],
            "通报.xlsx": ["metrics", str(bad), "--input-format", "ledger", "--skip-bad",
                         "--from", "2025-01-01", "--to", "2025-12-31",
                         "-o", str(tmp_path / "通报.xlsx")],
        }  # fmt: skip
        for name, args in outputs.items():
            status, _, err = run(capsys, *args)
            assert status == 0, err
            cells = xlsx_cells(tmp_path / name)
            assert "'=1+1" in [c.value for c in cells], name
            assert all(c.data_type != "f" for c in cells), name

    def test_a_url_in_a_leaders_name(self) -> None:
        """GitHub-flavoured Markdown made a bare URL a link; now its ':' is an entity."""
        from xinfang_rules.formats.rota_io import notice_markdown

        rota = load_rota_config(EXAMPLE).generate(D(2026, 1, 1), D(2026, 1, 31))
        leaders = tuple(
            attrs.evolve(x, name="https://evil.example/" + x.name) for x in rota.leaders
        )
        text = notice_markdown(attrs.evolve(rota, leaders=leaders))
        assert "https&#58;//evil.example/王书记" in text and "https://" not in text


class TestPersonalDataStaysOut:
    """Values quoted by repr went whole into messages and the service's 422 bodies."""

    @pytest.mark.parametrize(
        "text",
        ["电话 138-1234-5678", "电话 138 1234 5678", "+86 138 1234 5678", "座机 010-6512 3456",
         "身份证 110105 19491231 002X"],
    )  # fmt: skip
    def test_phones_and_ids_in_groups(self, text: str) -> None:
        """Phones and ID numbers written in groups are masked."""
        masked = scrub(text)
        assert "1234" not in masked.replace("****", "") or "5678" not in masked
        assert "6512" not in masked and "19491231" not in masked

    def test_a_date_is_not_a_phone(self) -> None:
        """Dates, which have digits and dashes too, are left alone."""
        assert scrub("received 2025-08-04, due 2025-10-09") == "received 2025-08-04, due 2025-10-09"

    def test_record_region_kind_and_event_of(self) -> None:
        """A record's region and a petitioner's kind are quoted masked."""
        data = petition_to_dict(petition())
        region = json.loads(json.dumps(data))
        region["region"] = LEAK_NAME
        kind = json.loads(json.dumps(data))
        kind["petitioners"][0]["kind"] = LEAK_NAME
        of = json.loads(json.dumps(data))
        of["events"] = [
            {"type": "accepted", "date": "2025-08-02"},
            {"type": "replied", "date": "2025-08-20", "outcome": "解释说明"},
            {"type": "evaluated", "date": "2025-08-25", "rating": "满意", "of": LEAK_NAME},
        ]
        for spoiled, path in (
            (region, "region"),
            (kind, "petitioners[0].kind"),
            (of, "events[2].of"),
        ):
            with pytest.raises(CaseDataError) as info:
                petition_from_dict(spoiled)
            assert "小明" not in str(info.value) and "王**" in str(info.value), path
            assert info.value.path == path
        spoiled = json.loads(json.dumps(data))
        spoiled["petitioners"][0]["kind"] = "张三"
        with pytest.raises(
            CaseDataError, match=r"expected one of 'person', 'organisation'; got '张\*'"
        ):
            petition_from_dict(spoiled)

    def test_mapping_category(self, tmp_path: Path) -> None:
        """A mapping's category is quoted masked."""
        path = tmp_path / "m.toml"
        path.write_text(f'schema = "xinfang_rules.ledger-mapping/1"\ncategory = "{LEAK_NAME}"\n',
                        "utf-8")  # fmt: skip
        with pytest.raises(LedgerError) as info:
            load_ledger_mapping(path)
        assert "小明" not in str(info.value) and "'王**' is not one of" in str(info.value)

    def test_rota_weekday_and_regime_unit(self, tmp_path: Path) -> None:
        """A rota weekday and a regime's unit are quoted masked."""
        rota = tmp_path / "r.toml"
        rota.write_text(EXAMPLE.read_text("utf-8").replace('"周一"', f'"{LEAK_NAME}"'), "utf-8")
        with pytest.raises(XinfangError) as info:
            load_rota_config(rota)
        assert "小明" not in str(info.value)
        regime = tmp_path / "g.toml"
        text = Path(xinfang_rules.__file__).parent / "law" / "regimes" / "xinfang-2022.toml"
        spoiled = text.read_text("utf-8").replace('unit = "days"', f'unit = "{LEAK_NAME}"', 1)
        regime.write_text(spoiled, "utf-8")
        with pytest.raises(RuleFileError) as info2:
            load_regime(regime)
        assert "小明" not in str(info2.value) and "unknown unit '王**'" in str(info2.value)

    def test_access_log_has_routes_not_values(self) -> None:
        """GET /regimes/<a name> logged the name; now the route as declared."""
        from xinfang_rules.service.app import _AccessLog

        log = _AccessLog(None, ["/regimes/{name}", "/calendar/month/{month}"])
        assert log.route("/regimes/王小明") == "/regimes/{name}"
        assert log.route("/x/王小明") == "-"


class TestAllOrNothing:
    """A command writes all its files or none."""

    def test_a_failing_second_output_keeps_the_first(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o was replaced before --rejected failed; now neither file is touched."""
        out = tmp_path / "预警清单.xlsx"
        out.write_text("old", "utf-8")
        text = LEDGER_CSV.read_text("utf-8").replace("2025-09-16", "2025-19-16")
        bad = tmp_path / "bad.csv"
        bad.write_text(text, "utf-8")
        status, _, err = run(
            capsys, "ledger", "check", str(bad), "--on", "2026-01-01", "--skip-bad",
            "-o", str(out), "--rejected", str(tmp_path / "no" / "such" / "拒绝行.csv"),
        )  # fmt: skip
        one_error(status, err, "拒绝行.csv", "目录不存在")
        assert ".part" not in err
        assert out.read_text("utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == sorted(["预警清单.xlsx", "bad.csv"]) or {
            p.name for p in tmp_path.iterdir()
        } == {"预警清单.xlsx", "bad.csv"}


class TestServiceEdges:
    """The service's answers at its edges."""

    def test_month_9999_12(self) -> None:
        """The month after 9999-12 was computed (year 10000): a 500; now the calendar's 422.

        And a JSON body sent as text/plain is not taken (415); 1e400 is not a number.
        """
        import asyncio

        import httpx

        from xinfang_rules.service import create_app

        async def scenario() -> list[httpx.Response]:
            transport = httpx.ASGITransport(app=create_app())
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                return [
                    await c.get("/calendar/month/9999-12"),
                    await c.post("/workdays/add", content=b'{"date": "2026-01-01", "n": 1}',
                                 headers={"Content-Type": "text/plain"}),
                    await c.post("/rota/generate", content=b'{"config": {}, "start": '
                                 b'"2026-01-01", "end": "2026-01-31", "time_limit": 1e400}',
                                 headers={"Content-Type": "application/json"}),
                ]  # fmt: skip

        month, text, huge = asyncio.run(scenario())
        assert month.status_code == 422 and "超出日历范围" in month.text
        assert text.status_code == 415
        assert huge.status_code == 422 and "finite" in huge.text

    def test_infinite_number(self) -> None:
        """{"n": 1e400} said "expected a number, got a number"."""
        from xinfang_rules.service import Problem
        from xinfang_rules.service.messages import _value

        with pytest.raises(Problem) as info:
            _value(float, float("inf"), "time_limit")
        assert "finite" in info.value.detail

    def test_a_crash_is_logged_as_500(self, caplog: pytest.LogCaptureFixture) -> None:
        """A request whose handler raised was logged with status 0."""
        import asyncio
        import logging

        from xinfang_rules.service.app import _AccessLog

        async def broken(scope: Any, receive: Any, send: Any) -> None:
            raise RuntimeError("boom")

        app = _AccessLog(broken, ["/x"])
        with (
            caplog.at_level(logging.INFO, logger="xinfang_rules.service"),
            pytest.raises(RuntimeError),
        ):
            asyncio.run(app({"type": "http", "method": "GET", "path": "/x"}, None, None))
        line = json.loads(caplog.records[-1].getMessage())
        assert line["status"] == 500 and line["path"] == "/x"


class TestDeepErrorsFromTheAPI:
    """Wrong types passed to the API are said at once, in words."""

    def test_a_phone_as_an_integer(self) -> None:
        """Petitioner(phone=13812345678) was accepted and its repr then raised TypeError."""
        with pytest.raises(XinfangTypeError, match="phone must be text or None, got int"):
            Petitioner("张三", phone=13812345678)  # type: ignore[arg-type]
        with pytest.raises(XinfangTypeError, match="address must be text"):
            Petitioner("张三", address=7)  # type: ignore[arg-type]

    def test_integer_column_labels(self) -> None:
        """Pandas' header=None gives 0, 1, 2 …: they are columns, not an AttributeError."""
        from xinfang_rules.formats.ledger import petitions_from_rows

        rows: list[dict[Any, str]] = [{0: "信访编号", 1: "登记日期"}, {0: "XF-1", 1: "2025-08-01"}]
        with pytest.raises(LedgerError, match="台账缺少「信访编号」列"):
            petitions_from_rows(rows)


class TestNoSilentAnswerFromTheReview:
    """Input that gave a plausible but wrong answer is refused."""

    def test_two_fields_on_one_column(self, tmp_path: Path) -> None:
        """The name read as the 责任单位 too; now the mapping is refused, naming both."""
        mapping = tmp_path / "m.toml"
        mapping.write_text('schema = "xinfang_rules.ledger-mapping/1"\n[columns]\n'
                           'handling_unit = ["信访人"]\n', "utf-8")  # fmt: skip
        both = r"同时用作 「(责任单位|信访人)」（\w+）、「(责任单位|信访人)」（\w+）"
        with pytest.raises(LedgerError, match=both):
            read_ledger_csv(LEDGER_CSV, load_ledger_mapping(mapping))
        mapping.write_text('schema = "xinfang_rules.ledger-mapping/1"\n[columns]\n'
                           'accepted = ["登记日期"]\n', "utf-8")  # fmt: skip
        with pytest.raises(LedgerError, match="映射把同一列 '登\\*\\*\\*' 同时用作"):
            read_ledger_csv(LEDGER_CSV, load_ledger_mapping(mapping))

    def test_a_92_day_national_day(self) -> None:
        """国庆节 10月1日至12月31日 (92 days) was imported with exit 0."""
        from xinfang_rules.calendar.notice_text import NoticeTextError, parse_notice

        text = (Path(__file__).parent / "notices" / "2026.txt").read_text("utf-8")
        first = text.index("七、国庆节")
        end = text.index("\n", first)
        broken = text[:first] + "七、国庆节、中秋节：10月1日至12月31日放假。" + text[end:]
        with pytest.raises((NoticeTextError, XinfangError), match="超过 15 天"):
            parse_notice(broken)

    def test_headcount_zero(self, tmp_path: Path) -> None:
        """人数 0 was read as 1; now a bad row naming the column."""
        path = tmp_path / "h.csv"
        path.write_text("信访编号,登记日期,信访形式,问题类别,人数\nXF-1,2025-08-01,来信,申诉求决类,0\n",
                        "utf-8")  # fmt: skip
        result = read_ledger_csv(path, receiving_unit="某县信访局", skip_bad=True)
        assert result.petitions == () and result.issues[0].column == "人数"

    @pytest.mark.parametrize("rest_day", ["next", "previous", "skip", "keep"])
    def test_weekly_rule_without_a_weekday(self, rest_day: str) -> None:
        """FREQ=WEEKLY from Wednesday 2025-03-05 falls on Wednesdays whatever rest_day is."""
        from xinfang_rules.rota import Place, Pool, RecurrenceRule, RestDay, Rule

        place = Place("p", "P", "08:30", "11:30")
        rule = Rule("r", RecurrenceRule("FREQ=WEEKLY"), Pool(leaders=("l0",)), place,
                    rest_day=RestDay(rest_day))  # fmt: skip
        days = rule.days(D(2025, 3, 5), D(2025, 4, 30), WorkdayCalendar.china())
        assert days and {d.weekday() for d in days} == {2}


class TestClearErrorsFromTheReview:
    """Errors that named the wrong place or said nothing useful."""

    def test_a_rota_csv_fault_on_line_2(self, tmp_path: Path) -> None:
        """A CSV fault on line 2 was reported on line 1."""
        from xinfang_rules.formats.rota_io import ROTA_CSV_COLUMNS, read_rota_csv

        path = tmp_path / "r.csv"
        path.write_text(",".join(ROTA_CSV_COLUMNS) + '\n"' + "x" * 200_000 + '"\n', "utf-8")
        with pytest.raises(XinfangError, match="at line 2: not readable as CSV"):
            read_rota_csv(path, load_rota_config(EXAMPLE), start=D(2026, 1, 1), end=D(2026, 1, 31))

    def test_a_date_beyond_the_calendar_in_a_record(self) -> None:
        """A record naming its regime, received 1899-12-31: the record's error, with its path.

        It was a DateOutOfRangeError from a date worked out of it, and a flaky test.
        """
        data = petition_to_dict(petition())
        data["received"], data["regime"] = "1899-12-31", "xinfang-2022"
        with pytest.raises(CaseDataError) as info:
            petition_from_dict(data)
        assert info.value.path == "received" and "outside the calendar" in str(info.value)
        data["received"] = "2099-12-25"
        p = petition_from_dict({**data, "events": []})
        with pytest.raises(XinfangError, match="received: a deadline worked out"):
            p.status(D(2099, 12, 30))
        with pytest.raises(XinfangError, match="received: a deadline worked out"):
            p.deadlines(on=D(2099, 12, 30))
        # a day asked about outside the calendar is never blamed on the record
        ok = petition_from_dict({**data, "received": "2025-08-01", "events": []})
        with contextlib.suppress(DateOutOfRangeError):
            assert ok.status(D(2150, 1, 1)).state == "overdue"

    def test_a_ledger_date_beyond_the_calendar_is_a_bad_row(self, tmp_path: Path) -> None:
        """登记日期 2205-03-01 stopped the whole ledger; now it is a bad row."""
        path = tmp_path / "y.csv"
        path.write_text("信访编号,登记日期,信访形式,问题类别\nXF-1,2205-03-01,来信,申诉求决类\n"
                        "XF-2,2025-03-01,来信,申诉求决类\n", "utf-8")  # fmt: skip
        result = read_ledger_csv(path, receiving_unit="某县信访局", skip_bad=True)
        assert len(result.petitions) == 1
        assert result.issues[0].text() == (
            "第 2 行「登记日期」：2205-03-01 超出日历范围（2000-01-01 至 2099-12-31），请核对年份"
        )


class TestBoundsAtTheirEdges:
    """Each bound of docs/safety.md, on both sides of its number."""

    def test_a_holiday_of_15_days_is_taken_16_are_not(self) -> None:
        """MAX_HOLIDAY_DAYS: 15 days off of one holiday are a notice; 16 are a typing error."""
        from xinfang_rules.calendar.notices import MAX_HOLIDAY_DAYS, Notice

        assert MAX_HOLIDAY_DAYS == 15
        days = {D(2027, 10, 1) + dt.timedelta(i): "国庆节" for i in range(15)}
        assert len(Notice(2027, days, {}).days_off) == 15
        days[D(2027, 10, 16)] = "国庆节"
        with pytest.raises(
            XinfangError, match=r"'国\*\*' 放假 16 天（2027-10-01 至 2027-10-16），超过 15 天"
        ):
            Notice(2027, days, {})

    def test_a_refused_holiday_name_is_not_counted_as_replaced(self) -> None:
        """Refusing a name with a control character is not a replacement to report."""
        from xinfang_rules.calendar.notices import Notice
        from xinfang_rules.privacy import counting_replacements

        with counting_replacements() as box, pytest.raises(XinfangError, match="control"):
            Notice(2027, {D(2027, 1, 1): "元\x01旦"}, {})
        assert box[0] == 0

    def test_a_ledger_row_of_1000_cells_is_read_1001_are_not(self, tmp_path: Path) -> None:
        """MAX_CELLS_PER_ROW of a ledger CSV."""
        from xinfang_rules.formats.ledger import MAX_CELLS_PER_ROW

        assert MAX_CELLS_PER_ROW == 1_000
        head = "信访编号,登记日期,信访形式,问题类别"
        row = "XF-1,2025-08-01,来信,申诉求决类"
        path = tmp_path / "w.csv"
        path.write_text(f"{head}\n{row}{',' * (1000 - 4)}\n", "utf-8")
        assert len(read_ledger_csv(path, receiving_unit="某县信访局").petitions) == 1
        path.write_text(f"{head}\n{row}{',' * (1001 - 4)}\n", "utf-8")
        with pytest.raises(LedgerError, match="第 2 行有 1,001 个单元格，超过上限 1,000"):
            read_ledger_csv(path, receiving_unit="某县信访局")

    def test_1000_columns_are_read_1001_are_not(self, tmp_path: Path) -> None:
        """WorkbookLimits.max_columns: a cell in column ALL (1,000) is read, ALM (1,001) not."""
        from tests.test_surfaces import _inline, workbook

        head = '<row r="1">' + _inline("A1", "信访编号") + "</row>"
        path = tmp_path / "c.xlsx"
        path.write_bytes(workbook(head + '<row r="2">' + _inline("ALL2", "x") + "</row>"))
        assert WorkbookLimits().max_columns == 1_000
        with pytest.raises(LedgerError, match="台账缺少「登记日期」列"):
            read_ledger_xlsx(path)  # read: refused by the ledger's columns, not by its size
        path.write_bytes(workbook(head + '<row r="2">' + _inline("ALM2", "x") + "</row>"))
        with pytest.raises(LedgerError, match="实际范围为 2 行 × 1,001 列"):
            read_ledger_xlsx(path)

    def test_a_cell_of_32767_characters_is_read_a_longer_text_is_not(self, tmp_path: Path) -> None:
        """Excel's longest cell (in Chinese) passes; a text past the bound is refused."""
        from tests.test_surfaces import workbook
        from xinfang_rules.formats.workbook_limits import MAX_CELL_CHARACTERS, check_workbook

        assert MAX_CELL_CHARACTERS == 32_767
        path = tmp_path / "t.xlsx"
        cells = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        sst = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><si><t>{}</t></si></sst>')  # fmt: skip
        path.write_bytes(workbook(cells, sst.format("访" * 32_767)))  # Excel's longest cell
        check_workbook(path, 0, ValueError)
        path.write_bytes(workbook(cells, sst.format("x" * (32_767 * 6 + 1))))
        with pytest.raises(ValueError, match="32,767 个字符"):
            check_workbook(path, 0, ValueError)
