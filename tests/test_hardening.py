"""Bad input of every kind gets one clear line and a non-zero exit.

Never a traceback, a silently wrong answer, a half-written file, a leaked ID number or a
formula run by a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xinfang_rules import (
    CaseDataError,
    Category,
    Channel,
    Petition,
    Petitioner,
    RotaInfeasible,
    RuleFileError,
    XinfangError,
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
        one_error(status, err, "gbk-ok.csv: line 2", "--encoding gb18030")
        status, out, _ = run(
            capsys, "cases", "check", path, "--on", "2026-01-01", "--encoding", "gb18030"
        )
        assert status == 0 and "共 1 件" in out

    def test_gb18030_jsonl(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Metrics stops at the line; cases check --skip-bad reports it and goes on."""
        path = str(files / "gbk-ok.jsonl")
        status, _, err = run(capsys, "metrics", path, "--from", "2025-01-01", "--to", "2025-12-31")
        one_error(status, err, "line 1", "gb18030")
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
        one_error(status, err, "unknown encoding 'gbk-nope'", "gb18030")

    def test_csv_cell_over_the_limit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A cell over the csv module's 128 KiB limit is a CSV error naming the line."""
        path = tmp_path / "big.csv"
        path.write_text("id,record,received\nX,petition," + "x" * 200_000 + "\n", encoding="utf-8")
        status, _, err = run(capsys, "cases", "check", str(path), "--on", "2026-01-01")
        one_error(status, err, "big.csv: line 2", "not readable as CSV")

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
        one_error(status, err, "deep.jsonl: line 1", "nested too deep")
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
        one_error(status, err, "deep.json", "nested too deep")

    def test_huge_integer(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A 5,000-digit number in a record is refused, not a traceback."""
        text = json.dumps(petition_to_dict(petition()), ensure_ascii=False)
        path = tmp_path / "huge.jsonl"
        assert '"headcount":1' in text.replace(" ", "")
        text = text.replace('"headcount": 1', '"headcount": ' + "9" * 5000)
        path.write_text(text + "\n", encoding="utf-8")
        status, _, err = run(capsys, "cases", "check", str(path), "--on", "2026-01-01")
        one_error(status, err, "huge.jsonl: line 1", "thousands of digits")
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
        one_error(status, err, "big.toml at periods[0]", "3660")

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
        one_error(status, err, "top must be a whole number")

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
        one_error(status, err, "bad.csv: line 2", column)
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
    import xinfang_rules.cli as cli

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
    from xinfang_rules.reference import reference_table

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
            (["ledger", "check", "{gbk.csv}", "--encoding", "utf-8"], ["not utf-8", "gb18030"]),
            (["ledger", "check", "{gbk.csv}", "--encoding", "gbk-nope"], ["unknown encoding"]),
            (["ledger", "check", "{empty.csv}"], ["the file is empty"]),
            (["ledger", "check", "{big.csv}"], ["big.csv"]),
            (["ledger", "check", "{fake.xlsx}"], ["not a readable workbook"]),
            (["ledger", "check", "{badrow.csv}"], ["第 6 行「转送/交办日期」"]),
            (["ledger", "check", "{nohead.csv}"], ["台账缺少「信访编号」列"]),
            (["ledger", "check", "{badrow.csv}", "--mapping", "{mapping.toml}"], ["mapping.toml"]),
            (["ledger", "check", "{badrow.csv}", "--mapping", "{deep.toml}"], ["deep.toml"]),
            (["calendar", "notice", "import", "{notice.txt}"], ["一、元旦: cannot read"]),
            (["calendar", "notice", "import", "{notice-gbk.txt}"], ["line 1", "gb18030"]),
            (["calendar", "notice", "import", "{missing.txt}"], ["missing.txt"]),
            (
                ["calendar", "notice", "import", "{notice-gbk.txt}", "--encoding", "gbk-nope"],
                ["unknown encoding"],
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
