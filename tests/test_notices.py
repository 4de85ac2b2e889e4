"""Notice files and Notice/Region validation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from xinfang_rules import (
    Notice,
    NoticeError,
    NoticeFileError,
    Region,
    WorkdayCalendar,
    load_notice_file,
)

D = dt.date

GOOD_TOML = """
schema = "xinfang_rules.notices/1"

[[notice]]
year = 2091
title = "国务院办公厅关于2091年部分节假日安排的通知"
source = "test"
days_off = { "元旦" = ["2091-01-01"], "国庆节" = ["2091-10-01..2091-10-07"] }
workdays = { "国庆节" = ["2091-09-29"] }
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestFiles:
    """Loading TOML and JSON notice files."""

    def test_toml_round(self, tmp_path: Path) -> None:
        """A national notice file makes its year official, with its days."""
        cal = WorkdayCalendar.china(strict=True).with_notice_file(
            write(tmp_path, "n.toml", GOOD_TOML)
        )
        assert 2091 in cal.official_years
        assert not cal.is_workday(D(2091, 10, 3)) and cal.is_workday(D(2091, 9, 29))
        assert cal.describe(D(2091, 10, 3)).holiday == "国庆节"

    def test_json_equals_toml(self, tmp_path: Path) -> None:
        """The JSON form of the same file gives the same notices."""
        data = {
            "schema": "xinfang_rules.notices/1",
            "notice": [
                {
                    "year": 2091,
                    "title": "国务院办公厅关于2091年部分节假日安排的通知",
                    "source": "test",
                    "days_off": {"元旦": ["2091-01-01"], "国庆节": ["2091-10-01..2091-10-07"]},
                    "workdays": {"国庆节": ["2091-09-29"]},
                }
            ],
        }
        from_json = load_notice_file(
            write(tmp_path, "n.json", json.dumps(data, ensure_ascii=False))
        )
        from_toml = load_notice_file(write(tmp_path, "n.toml", GOOD_TOML))
        assert from_json == from_toml

    def test_region_file(self, tmp_path: Path) -> None:
        """A file with [region] adds a region with its notices."""
        text = """
schema = "xinfang_rules.notices/1"
[region]
name = "宁夏"
since = 2024
source = "示例"
[[notice]]
year = 2024
days_off = { "古尔邦节" = ["2024-06-17"] }
"""
        cal = WorkdayCalendar.china().with_notice_file(write(tmp_path, "r.toml", text))
        assert not cal.is_workday(D(2024, 6, 17))
        assert cal.describe(D(2024, 6, 17)).region == "宁夏"

    @pytest.mark.parametrize(
        ("body", "entry", "message"),
        [
            ('days_off = { "元旦" = ["2091-02-30"] }', "notice[0].days_off.元*[0]", "not a date"),
            (
                'days_off = { "元旦" = ["2091-01-03..2091-01-01"] }',
                "notice[0].days_off.元*[0]",
                "ends before",
            ),
            ('workdays = { "春节" = ["2091-02-05"] }', "notice[0]", "weekday"),
            ('days_off = { "元旦" = ["2092-01-01"] }', "notice[0]", "outside 2091"),
            (
                'days_off = { "元旦" = ["2091-09-29"] }\nworkdays = { "国庆节" = ["2091-09-29"] }',
                "notice[0]",
                "both",
            ),
            (
                'days_off = { "元旦" = ["2091-01-01", "2091-01-01"] }',
                "notice[0].days_off.元*[1]",
                "twice",
            ),
            ('holidays = { "元旦" = ["2091-01-01"] }', "notice[0]", "unknown keys"),
            ('days_off = { "元旦" = [20910101] }', "notice[0].days_off.元*[0]", "date string"),
        ],
    )
    def test_bad_entries_are_named(
        self, tmp_path: Path, body: str, entry: str, message: str
    ) -> None:
        """Each impossible entry is reported with its file and place."""
        text = f'schema = "xinfang_rules.notices/1"\n[[notice]]\nyear = 2091\n{body}\n'
        path = write(tmp_path, "bad.toml", text)
        with pytest.raises(NoticeFileError, match=message) as err:
            load_notice_file(path)
        assert err.value.entry == entry
        assert err.value.path == str(path)
        assert str(path) in str(err.value)

    def test_file_level_errors(self, tmp_path: Path) -> None:
        """Wrong schema, bad syntax, wrong suffix, missing file, duplicate years."""
        with pytest.raises(NoticeFileError, match="schema"):
            load_notice_file(write(tmp_path, "a.toml", 'schema = "other"\n'))
        with pytest.raises(NoticeFileError, match="TOML"):
            load_notice_file(write(tmp_path, "b.toml", "schema = \n"))
        with pytest.raises(NoticeFileError, match=r"\.toml or \.json"):
            load_notice_file(write(tmp_path, "c.yaml", ""))
        with pytest.raises(NoticeFileError, match="cannot read"):
            load_notice_file(tmp_path / "missing.toml")
        dup = (
            'schema = "xinfang_rules.notices/1"\n[[notice]]\nyear = 2091\n[[notice]]\nyear = 2091\n'
        )
        with pytest.raises(NoticeFileError, match="second notice") as err:
            load_notice_file(write(tmp_path, "d.toml", dup))
        assert err.value.entry == "notice[1]"


class TestNoticeModel:
    """Notice and Region refuse impossible content."""

    def test_prior_december_workday_allowed(self) -> None:
        """Notices may name late-December weekends of the year before (as 2007's did)."""
        n = Notice(2007, days_off={D(2007, 1, 2): "元旦"}, workdays={D(2006, 12, 30): "元旦"})
        assert D(2006, 12, 30) in n.workdays

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"year": 1999},
            {"year": 2025, "days_off": {D(2025, 1, 1): ""}},
            {"year": 2025, "days_off": {dt.datetime(2025, 1, 1): "元旦"}},
            {"year": 2025, "workdays": {D(2024, 6, 1): "x"}},
            {"year": 2025, "days_off": [D(2025, 1, 1)]},
        ],
    )
    def test_bad_notice(self, kwargs: dict[str, object]) -> None:
        """Bad years, empty names, datetimes, misplaced days and non-mappings are refused."""
        with pytest.raises(NoticeError):
            Notice(**kwargs)  # type: ignore[arg-type]

    def test_bad_region(self) -> None:
        """A region's notices must be its own, one per year."""
        n = Notice(2024, days_off={D(2024, 6, 17): "x"}, region="甲")
        with pytest.raises(NoticeError, match="two notices"):
            Region("甲", 2020, "s", (n, n))
        with pytest.raises(NoticeError, match="region='乙'"):
            Region("乙", 2020, "s", (n,))
        with pytest.raises(NoticeError, match="since"):
            Region("甲", 1900, "s", ())
