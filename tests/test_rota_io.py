"""Rota configuration files, CSV, iCalendar, the public notice and the rota command."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest

from xinfang_rules._files import tomllib
from xinfang_rules.cli import main
from xinfang_rules.formats.rota_io import (
    NOTICE_COLUMNS,
    RotaConfig,
    RotaConfigError,
    load_rota_config,
    notice_markdown,
    notice_rows,
    read_rota_csv,
    rota_config_from_dict,
    rota_to_ics,
    write_notice_csv,
    write_rota_csv,
)
from xinfang_rules.rota import Assignment, Replace, Rota, Unavailable, Weekly

D = dt.date
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rota-xiapu.toml"
STAMP = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)


def example_data() -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def config() -> RotaConfig:
    return load_rota_config(EXAMPLE)


class TestConfig:
    """The TOML configuration."""

    def test_example_loads_and_generates(self, config: RotaConfig) -> None:
        """The 霞浦 example: 18 leaders, 7 places, 8 rules; a clean 2026 rota."""
        assert (len(config.leaders), len(config.places), len(config.rules)) == (18, 7, 8)
        assert config.rules[1].when == Weekly(0)  # weekday = "周一"
        assert config.unavailable[0].reason == "党校学习"
        rota = config.generate(D(2026, 1, 1), D(2026, 12, 31))
        assert config.check(rota) == ()
        assert not [a for a in rota.assignments if "c3" in a.leaders and a.date.month == 3
                    and a.date.day <= 19]  # fmt: skip
        # the sensitive period includes the 09-20 make-up Sunday
        assert any(a.date == D(2026, 9, 20) and a.layer == "sensitive" for a in rota.assignments)

    @pytest.mark.parametrize(
        ("change", "entry", "match"),
        [
            (lambda d: d.update(schema="x"), "schema", "schema must be"),
            (lambda d: d.update(colour="red"), "", "unknown key\\(s\\) colour"),
            (lambda d: d["leaders"][1].pop("title"), "leaders[1]", "missing title"),
            (lambda d: d["leaders"][1].update(principal="yes"), "leaders[1].principal", "true"),
            (lambda d: d["leaders"].append(d["leaders"][0]), "leaders[18].id", "second leader"),
            (lambda d: d["places"][0].update(time="8:30"), "places[0].time", "HH:MM-HH:MM"),
            (lambda d: d["places"][0].update(time="12:00-08:30"), "places[0]", "not after"),
            (lambda d: d["rules"][0].update(place="moon"), "rules[0].place", "unknown place"),
            # a list where a place's id goes was a TypeError (a 500 from the service)
            (lambda d: d["rules"][0].update(place=["moon"]), "rules[0].place",
             "expected a string"),
            (lambda d: d["rules"][1].update(weekday="周八"), "rules[1].weekday", "周一-周日"),
            (lambda d: d["rules"][1].update(monthly_day=3), "rules[1]", "exactly one of"),
            (lambda d: d["rules"][1].update(rrule="FREQ=NEVER"), "rules[1]", "exactly one"),
            (lambda d: d["rules"][0].update(per_slot=0), "rules[0]", "per_slot"),
            (lambda d: d["rules"][0]["pool"].update(levels=3), "rules[0].pool.levels",
             "list of strings"),
            (lambda d: d["rules"][0]["pool"].update(leaders=["zz"]), "rules[0].pool",
             "unknown leader"),
            (lambda d: d["rules"][2].update(start="2026/09/20"), "rules[2].start", "YYYY-MM-DD"),
            (lambda d: d["unavailable"][0].update(leader="zz"), "unavailable[0].leader",
             "unknown leader"),
            (lambda d: d["minimum"][0].update(per="decade"), "minimum[0]", "per must be"),
            (lambda d: d.update(region="火星"), "region", "no regional preset"),
            (lambda d: d.update(rules=[]), "rules", "no rules"),
        ],
    )  # fmt: skip
    def test_errors_name_the_entry(self, change: Any, entry: str, match: str) -> None:
        """Each bad entry is named, with what is wrong."""
        data = copy.deepcopy(example_data())
        change(data)
        with pytest.raises(RotaConfigError, match=match) as info:
            rota_config_from_dict(data, path="rota.toml")
        assert info.value.entry == entry
        assert str(info.value).startswith("rota.toml")

    def test_overrides_and_json(self, tmp_path: Path) -> None:
        """Overrides in the file; a JSON file works the same; a bad suffix is refused."""
        import json

        data = example_data()
        base = rota_config_from_dict(data).generate(D(2026, 3, 1), D(2026, 3, 31))
        first = next(a for a in base.assignments if a.place == "bureau")
        data["overrides"] = [{"replace": {"date": first.date.isoformat(), "place": "bureau",
                                          "out": first.leaders[0], "into": "c11"},
                              "reason": "出差"}]  # fmt: skip
        path = tmp_path / "rota.json"
        path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
        cfg = load_rota_config(path)
        assert cfg.overrides == (Replace(first.date, "bureau", first.leaders[0], "c11", "出差"),)
        rota = cfg.generate(D(2026, 3, 1), D(2026, 3, 31))
        changed = next(a for a in rota.assignments if a.date == first.date and a.place == "bureau")
        assert changed.leaders == ("c11",) and changed.layer == "manual"
        with pytest.raises(RotaConfigError, match=r"must end in \.toml or \.json"):
            load_rota_config(tmp_path / "rota.yaml")


class TestFiles:
    """CSV, iCalendar and the notice."""

    def test_csv_round_trip_and_hand_made(self, config: RotaConfig) -> None:
        """Read back what was written; a hand-made file by names is checked too."""
        rota = config.generate(D(2026, 1, 1), D(2026, 12, 31))
        buf = io.StringIO(newline="")
        rows = write_rota_csv(rota, buf)
        assert rows == sum(len(a.leaders) for a in rota.assignments)
        back = read_rota_csv(io.StringIO(buf.getvalue(), newline=""), config,
                             start=rota.start, end=rota.end)  # fmt: skip
        assert [(a.date, a.place, a.leaders) for a in back.assignments] == sorted(
            (a.date, a.place, a.leaders) for a in rota.assignments
        )
        assert config.check(back) == ()
        hand = "date,place,leader\n2026-03-02,县信访局,张副县长\n2026-03-02,县委党校,张副县长\n"
        found = config.check(read_rota_csv(io.StringIO(hand), config))
        kinds = {v.kind for v in found}
        assert {"double_booked", "unexpected", "uncovered"} <= kinds
        with pytest.raises(RotaConfigError, match=r"line 2 leader.*'王\*' is unknown"):
            read_rota_csv(io.StringIO("date,place,leader\n2026-03-02,县信访局,王五\n"), config)
        with pytest.raises(RotaConfigError, match=r"line 2 date.*YYYY-MM-DD"):
            read_rota_csv(io.StringIO("date,place_id,leader_id\n3/2,bureau,c1\n"), config)
        with pytest.raises(RotaConfigError, match="header needs"):
            read_rota_csv(io.StringIO("day,who\n"), config)

    def test_ics(self, config: RotaConfig) -> None:
        """One event per reception, Beijing time, UIDs stable across regeneration."""
        rota = config.generate(D(2026, 9, 1), D(2026, 9, 30))
        cal = icalendar.Calendar.from_ical(rota_to_ics(rota, stamp=STAMP))
        events = list(cal.walk("VEVENT"))
        assert len(events) == len(rota.assignments)
        joint = next(e for e in events if "县委党校" in str(e["location"]))
        start = joint.decoded("dtstart")
        assert start == dt.datetime(2026, 9, 15, 8, 30, tzinfo=start.tzinfo)
        assert start.utcoffset() == dt.timedelta(hours=8)
        assert str(joint["summary"]) == "定点接访：王书记（县委书记）、李县长（县长）"
        # another leader on leave: the same UIDs, so calendar apps update in place
        other = config.generate(D(2026, 9, 1), D(2026, 9, 30))
        leave = (*config.unavailable, Unavailable("c1", D(2026, 9, 1), D(2026, 9, 30)))
        moved = attrs.evolve(config, unavailable=leave).generate(D(2026, 9, 1), D(2026, 9, 30))
        assert moved.assignments != rota.assignments

        def uids(r: Rota) -> list[str]:
            events = icalendar.Calendar.from_ical(rota_to_ics(r, stamp=STAMP)).walk("VEVENT")
            return [str(e["uid"]) for e in events]

        assert uids(other) == uids(rota) == uids(moved)
        assert rota_to_ics(rota, stamp=STAMP) == rota_to_ics(other, stamp=STAMP)

    def test_notice(self, config: RotaConfig, tmp_path: Path) -> None:
        """公示: name, title, portfolio, date, time, place, form."""
        rota = config.generate(D(2026, 9, 14), D(2026, 9, 15))
        rows = notice_rows(rota)
        assert rows[-1] == {
            "姓名": "李县长", "职务": "县长", "分管工作": "县政府全面工作",
            "日期": "2026年09月15日（星期二）", "时间": "08:30—12:00", "地点": "县委党校",
            "形式": "定点接访",
        }  # fmt: skip
        text = notice_markdown(rota)
        assert text.splitlines()[4] == "| " + " | ".join(NOTICE_COLUMNS) + " |"
        assert "| 王书记 | 县委书记 | 县委全面工作 | 2026年09月15日（星期二）" in text
        path = tmp_path / "notice.csv"
        assert write_notice_csv(rota, path) == len(rows)
        assert path.read_bytes().startswith("\ufeff姓名,职务".encode())


class TestCommand:
    """xinfang rota generate / check."""

    def test_generate_formats(self, capsys: pytest.CaptureFixture[str]) -> None:
        """table, csv, notice; ics goes to stdout as bytes."""
        args = ["rota", "generate", str(EXAMPLE), "--from", "2026-09-14", "--to", "2026-09-15"]
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "2026-09-15 星期二 08:30-12:00  县委党校  王书记（县委书记）、李县长（县长）" in out
        assert main([*args, "--format", "csv"]) == 0
        assert capsys.readouterr().out.startswith("\ufeffdate,weekday,start,end,place_id")
        assert main([*args, "--format", "notice"]) == 0
        assert "霞浦县领导干部接访安排（示例）公示" in capsys.readouterr().out
        assert main(["rota", "generate", str(EXAMPLE), "--from", "2026-09-14"]) == 1
        assert "rota generate 须给出 --from 和 --to" in capsys.readouterr().err
        assert main(["rota", "generate", str(EXAMPLE), "--from", "2026-09-14", "--lang", "en"]) == 1
        assert "xinfang: error: rota generate needs --from and --to" in capsys.readouterr().err

    def test_check(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A clean file passes (exit 0); a hand-edited one lists its violations (exit 1)."""
        path = tmp_path / "rota.csv"
        args = ["rota", "generate", str(EXAMPLE), "--from", "2026-01-01", "--to", "2026-12-31"]
        assert main([*args, "--format", "csv"]) == 0
        path.write_text(capsys.readouterr().out, encoding="utf-8")
        check = ["rota", "check", str(EXAMPLE), str(path), "--from", "2026-01-01", "--to",
                 "2026-12-31"]  # fmt: skip
        assert main(check) == 0
        assert "0 处不符合规则" in capsys.readouterr().out
        lines = path.read_text(encoding="utf-8").splitlines()
        del lines[1]  # the first reception of the year
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(check) == 1
        out = capsys.readouterr().out
        assert "[uncovered] 2026-01-05 县信访局: no reception held (rule monday)" in out

    def test_infeasible(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Every county leader away on a Monday: the error names it; --allow-gaps prints."""
        data = EXAMPLE.read_text(encoding="utf-8")
        away = "".join(
            f'\n[[unavailable]]\nleader = "{x}"\nstart = 2026-10-12\nend = 2026-10-12\n'
            for x in ["sj", "xz", *(f"c{i}" for i in range(1, 12))]
        )
        path = tmp_path / "rota.toml"
        path.write_text(data + away, encoding="utf-8")
        args = ["rota", "generate", str(path), "--from", "2026-10-01", "--to", "2026-10-31"]
        assert main(args) == 1
        assert (
            "xinfang: 空缺：2026-10-12 县信访局：可接访的 13 名领导均不能到场："
            "不在岗 13 人（王书记、" in capsys.readouterr().err
        )
        assert main([*args, "--lang", "en"]) == 1
        assert (
            "xinfang: gap: 2026-10-12 县信访局: all 13 县 leaders unavailable or busy"
            in capsys.readouterr().err
        )
        assert main([*args, "--allow-gaps"]) == 0
        assert "xinfang: 空缺：2026-10-12 县信访局：" in capsys.readouterr().err
        # the 公示 never hides the gap: a 待定 row in Markdown, CSV and the workbook
        assert main([*args, "--allow-gaps", "--format", "notice"]) == 0
        md = capsys.readouterr().out
        assert "注意：其中 1 场接访的领导待定，确定后另行公示。" in md
        (line,) = [x for x in md.splitlines() if "待定 |" in x]
        assert line.startswith("| 待定 |  |  | 2026年10月12日（星期一） |")
        notice_csv = tmp_path / "公示.csv"
        assert main([*args, "--allow-gaps", "--format", "notice-csv", "-o", str(notice_csv)]) == 0
        rows = list(csv.reader(notice_csv.open(encoding="utf-8-sig")))
        pending = [r for r in rows if r[0] == "待定"]
        assert len(pending) == 1 and pending[0][-1] == "接访领导待定，确定后另行公示"
        book = tmp_path / "公示.xlsx"
        assert main([*args, "--allow-gaps", "--format", "xlsx", "-o", str(book)]) == 0
        from openpyxl import load_workbook

        ws = load_workbook(book)["公示"]
        assert "其中 1 场接访的领导待定" in ws["A1"].value
        assert [r[0].value for r in ws.iter_rows(min_row=3)].count("待定") == 1
        # in date order: the row of 2026-10-12 between the 9th's and the 19th's
        days = [r[3].value for r in ws.iter_rows(min_row=3)]
        assert days == sorted(days)


def test_assignment_order() -> None:
    """Assignments sort by date, then place."""
    a = Assignment(D(2026, 1, 2), "b", ("x",))
    b = Assignment(D(2026, 1, 1), "z", ("x",))
    assert sorted([a, b]) == [b, a]
