"""信访台账: a ledger of one row per petition, read through a mapping, bad cells named."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xinfang_rules import Category, Channel, Outcome, Rating
from xinfang_rules.cli import main
from xinfang_rules.formats.ledger import (
    LedgerError,
    default_ledger_mapping,
    load_ledger_mapping,
    petitions_from_rows,
    read_ledger_csv,
    write_rejected_csv,
)

D = dt.date
EXAMPLE = Path(__file__).parent.parent / "examples" / "ledger.csv"
UNIT = "某县信访局"


def row(**cells: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "信访编号": "XF-1",
        "登记日期": "2025-08-01",
        "信访形式": "来信",
        "问题类别": "申诉求决类",
        "信访人": "张三",
    }
    base.update(cells)
    return {k: v for k, v in base.items() if v is not ...}


def one(**cells: Any) -> Any:
    (p,) = petitions_from_rows([row(**cells)], receiving_unit=UNIT)
    return p


class TestTheExample:
    """examples/ledger.csv (invented people), as the docs use it."""

    def test_read(self) -> None:
        """Six rows: dates in four forms, 转送 and 交办, a group visit, ratings, an overdue duty."""
        result = read_ledger_csv(EXAMPLE, receiving_unit=UNIT)
        assert result.summary() == "读取 6 行，使用 6 行，拒绝 0 行"
        assert result.summary("en") == "6 row(s) read, 6 used, 0 rejected"
        by_id = {p.id: p for p in result.petitions}
        first = by_id["XF2025-001"]
        assert (first.received, first.channel, first.category) == (
            D(2025, 8, 1),
            Channel.LETTER,
            Category.COMPLAINT,
        )
        assert [e.type for e in first.events] == [
            "forwarded",
            "accepted",
            "replied",
            "evaluated",
            "closed",
        ]
        assert first.petitioners[0].id_number == "11010519491231002X"
        group = by_id["XF2025-002"]
        assert (group.headcount, group.leader, group.events[0].type) == (3, "王副县长", "assigned")
        assert group.events[0].due == D(2025, 9, 30)  # type: ignore[attr-defined]
        assert by_id["XF2025-003"].received == D(2025, 8, 20)  # 2025.8.20
        assert by_id["XF2025-004"].received == D(2025, 9, 1)  # 2025年9月1日
        assert by_id["XF2025-005"].channel is Channel.PHONE
        status = by_id["XF2025-005"].status(D(2025, 11, 20))
        assert [(d.period_id, d.days_late) for d in status.overdue] == [("handle", 3)]

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-8"])
    def test_encodings_found_by_trying(self, tmp_path: Path, encoding: str) -> None:
        """UTF-8 with or without BOM, or GB18030 (Excel on Chinese Windows)."""
        saved = tmp_path / "台账.csv"
        saved.write_bytes(EXAMPLE.read_text("utf-8").encode(encoding))
        assert len(read_ledger_csv(saved, receiving_unit=UNIT).petitions) == 6
        assert len(read_ledger_csv(saved, encoding=encoding, receiving_unit=UNIT).petitions) == 6

    def test_named_encoding_that_is_wrong(self, tmp_path: Path) -> None:
        """A wrong --encoding says so, with the hint."""
        saved = tmp_path / "台账.csv"
        saved.write_bytes(EXAMPLE.read_text("utf-8").encode("gb18030"))
        with pytest.raises(LedgerError, match=r"not utf-8 text .*--encoding gb18030"):
            read_ledger_csv(saved, encoding="utf-8", receiving_unit=UNIT)


class TestCells:
    """Dates in every form offices write them; vocabularies; bad cells named."""

    @pytest.mark.parametrize(
        "value",
        [
            "2025-08-04",
            "2025/8/4",
            "2025.8.4",
            "2025年8月4日",
            "20250804",
            "2025-08-04 09:30",
            "45873",
            45873,
            45873.0,
            D(2025, 8, 4),
            dt.datetime(2025, 8, 4, 9, 30),
        ],
    )
    def test_dates(self, value: Any) -> None:
        """Each form of 2025-08-04 reads as that day."""
        assert one(受理日期=value).events[0].date == D(2025, 8, 4)

    @pytest.mark.parametrize(
        ("cells", "message"),
        [
            (
                {"受理日期": "2025/13/01"},
                "第 2 行「受理日期」：'2025/13/01' 不是有效日期（写作 2025-08-04、2025/8/4、"
                "2025.8.4 或 2025年8月4日）",
            ),
            (
                {"信访形式": "托人捎信"},
                "第 2 行「信访形式」：'托人捎信' 不是可识别的信访形式（可用：",
            ),
            ({"信访编号": ""}, "第 2 行「信访编号」：信访编号为空"),
            ({"人数": "三人"}, "第 2 行「人数」：'三人' 不是人数（应为正整数"),
            (
                {"受理日期": "2025-08-04", "答复日期": "2025-09-01", "办理结果": ""},
                "第 2 行「办理结果」：有答复日期，却未写办理结果",
            ),
            (
                {"办理方式": "交办", "转送/交办日期": "2025-08-02", "办理期限": " "},
                "第 2 行「办理期限」：交办事项缺少办理期限",
            ),
            (
                {"受理日期": "2025-08-04", "答复日期": "2025-08-03", "办理结果": "支持"},
                "第 2 行「答复日期」：答复日期 2025-08-03 早于受理日期 2025-08-04；请核对两处日期",
            ),
            (
                {"登记日期": "2025-08-05", "转送/交办日期": "2025-08-04"},
                "第 2 行「转送/交办日期」：转送/交办日期 2025-08-04 早于登记日期 2025-08-05",
            ),
            (
                {"信访人": "张三", "身份证号": "110105194912310021"},
                "第 2 行「身份证号」：'1101**********0021' 不是有效的身份证号：应为 18 位",
            ),
            (
                {"信访人": "张三", "身份证号": "1101051949"},
                "第 2 行「身份证号」：'11******49' 不是有效的身份证号",
            ),
            ({"受理日期": "11010519491231002X"}, "第 2 行「受理日期」：'1101**********002X'"),
        ],
    )
    def test_bad_cells(self, cells: dict[str, Any], message: str) -> None:
        """Each bad cell: row, column, value (masked) and what is wrong."""
        with pytest.raises(LedgerError) as info:
            one(**cells)
        assert str(info.value).startswith(message)
        assert "11010519491231002X" not in str(info.value)

    def test_english(self) -> None:
        """The same message in English follows the Chinese."""
        with pytest.raises(LedgerError) as info:
            one(受理日期="2025/13/01")
        assert " / row 2, column '受理日期': '2025/13/01' is not a date (write 2025-08-04" in str(
            info.value
        )

    def test_values(self) -> None:
        """Vocabularies: 网信, 举报, 解释, 基本满意, 是; 未评价 is no rating."""
        p = one(
            信访形式="网信",
            问题类别="举报",
            受理日期="2025-08-04",
            答复日期="2025-09-01",
            办理结果="解释",
            满意度="基本满意",
            评价日期="2025-09-03",
            人数="2",
            是否重复信访="是",
        )
        assert (p.channel, p.category, p.headcount) == (Channel.ONLINE, Category.ACCUSATION, 2)
        assert p.events[1].outcome is Outcome.EXPLAIN
        assert (p.events[2].rating, p.events[2].date) == (
            Rating.BASICALLY_SATISFIED,
            D(2025, 9, 3),
        )
        assert p.repeat_of is not None
        unrated = one(
            受理日期="2025-08-04", 答复日期="2025-09-01", 办理结果="支持", 满意度="未评价"
        )
        assert [e.type for e in unrated.events] == ["accepted", "replied"]
        assert one(人数=3.0).headcount == 3
        assert one(是否初信初访="否").first_time is False
        assert one(是否初信初访="是").first_time is True
        with pytest.raises(LedgerError, match="cannot be first_time"):
            one(是否重复信访="是", 是否初信初访="是")

    def test_duplicate_ids_and_empty_rows(self) -> None:
        """An empty row is skipped; a repeated id is named with its first row."""
        rows = [row(), dict.fromkeys(row(), ""), row()]
        with pytest.raises(LedgerError, match="第 4 行「信访编号」：信访编号 'XF-1' 与第 2 行重复"):
            petitions_from_rows(rows, receiving_unit=UNIT)

    def test_missing_columns(self) -> None:
        """A needed column missing: the names looked for, and how to map one."""
        with pytest.raises(LedgerError, match=r"^台账缺少「登记日期」列（可用列名：登记日期、"):
            petitions_from_rows([{"信访编号": "X", "信访形式": "来信"}], receiving_unit=UNIT)
        no_category = {k: v for k, v in row().items() if k != "问题类别"}
        with pytest.raises(LedgerError, match=r"^台账缺少「问题类别」列，映射文件也未给出默认类别"):
            petitions_from_rows([no_category], receiving_unit=UNIT)
        with pytest.raises(LedgerError, match="不知道登记单位"):
            petitions_from_rows([row()])


class TestSkipBad:
    """Bad rows reported and written aside; no row silently dropped."""

    def test_rejected_rows(self, tmp_path: Path) -> None:
        """With skip_bad, the bad row is reported and written to a CSV for Excel."""
        ledger = tmp_path / "台账.csv"
        text = EXAMPLE.read_text("utf-8").replace("2025-09-16", "2025-19-16")
        ledger.write_text(text, "utf-8")
        result = read_ledger_csv(ledger, receiving_unit=UNIT, skip_bad=True)
        assert result.summary() == "读取 6 行，使用 5 行，拒绝 1 行"
        (issue,) = result.issues
        assert issue.text() == (
            "第 6 行「转送/交办日期」：'2025-19-16' 不是有效日期（写作 2025-08-04、2025/8/4、"
            "2025.8.4 或 2025年8月4日）"
        )
        out = tmp_path / "rejected.csv"
        write_rejected_csv(out, result.issues)
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads it
        with out.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows[0]["原行号"] == "6" and rows[0]["信访编号"] == "XF2025-005"
        assert rows[0]["原因"].startswith("第 6 行「转送/交办日期」")


class TestMappings:
    """A mapping file of one's own, laid over the default."""

    def test_custom_columns_and_values(self, tmp_path: Path) -> None:
        """Codes and column names of a 信访 system, by a mapping file."""
        mapping = tmp_path / "mapping.toml"
        mapping.write_text(
            'schema = "xinfang_rules.ledger-mapping/1"\n'
            'receiving_unit = "某市信访局"\n'
            'category = "申诉求决类"\n'
            "[columns]\n"
            'id = ["xfjbh"]\n'
            'received = "xfrq"\n'
            'channel = ["xfxs"]\n'
            "[values.channel]\n"
            '"1" = "来信"\n'
            '"2" = "来访"\n',
            "utf-8",
        )
        m = load_ledger_mapping(mapping)
        (p,) = petitions_from_rows([{"xfjbh": "A-1", "xfrq": "2025-08-01", "xfxs": "2"}], m)
        assert (p.id, p.channel, p.category, p.receiving_unit) == (
            "A-1",
            Channel.VISIT,
            Category.COMPLAINT,
            "某市信访局",
        )
        assert m.values["channel"]["来信"] is Channel.LETTER  # the default's words still read

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('schema = "x"', "at schema: schema must be 'xinfang_rules.ledger-mapping/1'"),
            (
                'schema = "xinfang_rules.ledger-mapping/1"\n[columns]\nnope = ["a"]',
                "at columns.nope: unknown field 'nope'",
            ),
            (
                'schema = "xinfang_rules.ledger-mapping/1"\n[values.channel]\n"1" = "飞鸽"',
                "at values.channel.1: '飞*' is not one of",
            ),
            (
                'schema = "xinfang_rules.ledger-mapping/1"\n[values.route]\n"转" = "sideways"',
                "at values.route.转: 'sideways' is not one of forwarded, assigned, direct",
            ),
            (
                'schema = "xinfang_rules.ledger-mapping/1"\nextra = 1',
                "unknown keys 'extra'",
            ),
        ],
    )
    def test_errors_name_the_key(self, tmp_path: Path, text: str, message: str) -> None:
        """A bad mapping file names the file and the key."""
        mapping = tmp_path / "m.toml"
        mapping.write_text(text, "utf-8")
        with pytest.raises(LedgerError) as info:
            load_ledger_mapping(mapping)
        assert message in str(info.value) and str(mapping) in str(info.value)

    def test_default_vocabularies(self) -> None:
        """The shipped mapping's vocabularies."""
        m = default_ledger_mapping()
        assert m.values["rating"]["未评价"] is None
        assert m.values["route"]["交办"] == "assigned"
        assert "身份证号" in m.columns["id_number"]


class TestCommandLine:
    """``xinfang ledger check``: the 预警清单, exit 3 when something is overdue."""

    def test_check(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Overdue duties by unit; exit 3, or 0 with --no-fail or when nothing is overdue."""
        args = ["ledger", "check", str(EXAMPLE), "--unit", UNIT, "--on", "2025-11-20"]
        assert main(args) == 3
        out = capsys.readouterr()
        assert "2025-11-20 共 6 件：超期 4 项，临期（3 个工作日内）0 项" in out.out
        assert (
            "  [超期] XF2025-005  办理申诉求决类事项（出具信访处理意见书），截止 2025-11-17"
            in out.out
        )
        assert "读取 6 行，使用 6 行，拒绝 0 行" in out.err
        assert main([*args, "--no-fail"]) == 0
        early = ["ledger", "check", str(EXAMPLE), "--unit", UNIT, "--on", "2025-08-02"]
        capsys.readouterr()
        assert main(early) == 1  # five rows registered after --on: mistyped, not accepted
        err = capsys.readouterr().err
        assert "台账有 5 行无法使用" in err
        assert (
            "第 3 行「登记日期」：登记日期 2025-08-11 晚于检查基准日 2025-08-02（未来的日期）"
            in err
        )
        assert main([*early, "--skip-bad"]) == 0
        assert "读取 6 行，使用 1 行，拒绝 5 行" in capsys.readouterr().err

    def test_bad_ledger_one_line(self, tmp_path: Path) -> None:
        """A bad row: one line, exit 1; skipped with --skip-bad, written aside."""
        bad = tmp_path / "bad.csv"
        bad.write_text(EXAMPLE.read_text("utf-8").replace("2025-09-16", "2025-19-16"), "utf-8")
        rejected = tmp_path / "rejected.csv"
        for extra, code, expected in (
            ([], 1, "xinfang: 错误："),
            (["--skip-bad", "--rejected", str(rejected)], 3, "第 6 行「转送/交办日期」"),
        ):
            done = subprocess.run(
                [sys.executable, "-m", "xinfang_rules.cli", "ledger", "check", str(bad),
                 "--unit", UNIT, "--on", "2025-11-20", *extra],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert done.returncode == code, done.stderr
            assert expected in done.stderr and "Traceback" not in done.stderr
        assert rejected.exists()
        xlsx = tmp_path / "台账.xlsx"
        xlsx.write_bytes(b"PK")
        assert main(["ledger", "check", str(xlsx), "--on", "2025-11-20"]) == 1


class TestWorkbooks:
    """A ledger kept as a workbook, read with the excel extra."""

    def write(self, path: Path, rows: list[list[Any]]) -> Path:
        """A workbook with the rows on its first sheet (written with openpyxl)."""
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "台账"
        for r in rows:
            ws.append(r)
        wb.save(path)
        return path

    def test_dates_numbers_and_text(self, tmp_path: Path) -> None:
        """Date cells, Excel serial numbers, text dates, counts as numbers."""
        from xinfang_rules.formats.ledger import read_ledger_xlsx

        header = ["信访编号", "登记日期", "信访形式", "问题类别", "信访人", "人数", "受理日期"]
        book = self.write(
            tmp_path / "台账.xlsx",
            [
                header,
                ["A-1", dt.datetime(2025, 8, 1), "来信", "申诉求决类", "张三", 1, 45873],
                ["A-2", "2025/8/2", "来访", "申诉求决类", "李四", 3, "2025年8月4日"],
                [None] * len(header),
                ["A-3", dt.date(2025, 8, 3), "网信", "建议意见类", "王五", None, None],
            ],
        )
        result = read_ledger_xlsx(book, receiving_unit=UNIT)
        assert result.summary() == "读取 3 行，使用 3 行，拒绝 0 行"
        a1, a2, a3 = result.petitions
        assert (a1.received, a1.events[0].date) == (D(2025, 8, 1), D(2025, 8, 4))
        assert (a2.headcount, a2.events[0].date) == (3, D(2025, 8, 4))
        assert (a3.channel, a3.events) == (Channel.ONLINE, ())
        assert read_ledger_xlsx(book, sheet="台账", receiving_unit=UNIT).rows == 3

    def test_errors(self, tmp_path: Path) -> None:
        """A bad cell by row and column; a missing sheet; a file that is no workbook."""
        from xinfang_rules.formats.ledger import read_ledger_xlsx

        book = self.write(
            tmp_path / "bad.xlsx",
            [
                ["信访编号", "登记日期", "信访形式", "问题类别"],
                ["A-1", "2025/13/1", "来信", "申诉"],
            ],
        )
        with pytest.raises(LedgerError, match=r"bad\.xlsx: 第 2 行「登记日期」：'2025/13/1' 不是"):
            read_ledger_xlsx(book, receiving_unit=UNIT)
        with pytest.raises(LedgerError, match=r"no sheet '其\*'; sheets: 台账"):
            read_ledger_xlsx(book, sheet="其他")
        fake = tmp_path / "fake.xlsx"
        fake.write_bytes(b"PK not really")
        with pytest.raises(LedgerError, match=r"fake\.xlsx: not a readable workbook"):
            read_ledger_xlsx(fake)

    def test_command(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``ledger check`` reads the workbook like the CSV."""
        with EXAMPLE.open(encoding="utf-8", newline="") as f:
            rows: list[list[Any]] = [list(r) for r in csv.reader(f)]
        book = self.write(tmp_path / "台账.xlsx", rows)
        assert main(["ledger", "check", str(book), "--unit", UNIT, "--on", "2025-11-20"]) == 3
        assert "2025-11-20 共 6 件：超期 4 项" in capsys.readouterr().out
