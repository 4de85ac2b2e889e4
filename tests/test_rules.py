"""Statutory periods as data: the built-in regimes, user regimes in code and in files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from xinfang_rules import (
    BEIJING_2006,
    HENAN_2012,
    SHANDONG_2015,
    SHANGHAI_2018,
    XINFANG_2005,
    XINFANG_2022,
    ZHEJIANG_2016,
    Clock,
    Period,
    Regime,
    RegimeError,
    RuleFileError,
    Source,
    Unit,
    compute_deadline,
    load_regime,
    named_regime,
    regime_from_dict,
    regimes,
)
from xinfang_rules.law.reference import reference_table

D = dt.date


class TestBuiltIn:
    """The periods of the 2022 and 2005 texts, with their articles."""

    def test_2022_periods(self) -> None:
        """《信访工作条例》: lengths, units, clocks and articles as the text says."""
        table = {
            p.id: (p.length, p.unit, p.clock, p.source.article, p.source.paragraph)
            for p in XINFANG_2022
        }
        assert table == {
            "route": (15, Unit.DAYS, Clock.RECEIVED, 22, 1),
            "assigned_report": (None, Unit.SET_BY_ASSIGNER, Clock.ASSIGNED, 22, 1),
            "notify_direct": (15, Unit.DAYS, Clock.RECEIVED, 23, 2),
            "notify_forwarded": (15, Unit.DAYS, Clock.FORWARD_RECEIVED, 23, 3),
            "object_wrong_addressee": (5, Unit.WORKDAYS, Clock.FORWARD_RECEIVED, 23, 3),
            "handle": (60, Unit.DAYS, Clock.ACCEPTED, 34, None),
            "review_request": (30, Unit.DAYS, Clock.REPLY_RECEIVED, 35, None),
            "review_decision": (30, Unit.DAYS, Clock.REVIEW_REQUEST_RECEIVED, 35, None),
            "rereview_request": (30, Unit.DAYS, Clock.REVIEW_REPLY_RECEIVED, 36, 1),
            "rereview_decision": (30, Unit.DAYS, Clock.REREVIEW_REQUEST_RECEIVED, 36, 1),
        }
        handle = XINFANG_2022["handle"]
        assert handle.extension is not None and handle.extension.max_length == 30
        assert "负责人批准" in handle.extension.needs[0]
        assert handle.scope == "第三十一条第六项规定的信访事项"
        assert XINFANG_2022["rereview_decision"].excludes_hearing
        assert "不再受理" in (XINFANG_2022["rereview_decision"].note or "")
        assert XINFANG_2022.in_force == D(2022, 5, 1) and XINFANG_2022.until is None

    def test_2005_differences(self) -> None:
        """《信访条例》: 60 (+30) days for all matters (Art. 33); 督办 feedback (Art. 36)."""
        handle = XINFANG_2005["handle"]
        assert handle.scope is None and handle.source.article == 33
        assert XINFANG_2005["supervision_feedback"].length == 30
        assert XINFANG_2005["supervision_feedback"].source.article == 36
        assert "object_wrong_addressee" not in XINFANG_2005
        assert XINFANG_2005.until == XINFANG_2022.in_force

    def test_every_period_names_its_source(self) -> None:
        """Every shipped period cites an article and quotes it (checked in test_law.py)."""
        for regime in regimes().values():
            for p in regime:
                assert p.source.article is not None, (regime.id, p.id)
                assert p.source.quote, (regime.id, p.id)

    def test_zhejiang_as_the_text_says(self) -> None:
        """浙江 2016 as its text says: Art. 20 ¶1/¶2, Art. 23 ¶1, Art. 24 by reference.

        Five working days to deal with a petition and to decide on a forwarded one; thirty
        days to handle a matter needing investigation (+≤60, approved by the head of the
        organ, no duty to tell the petitioner); 复查/复核 by the national rules.
        """
        zj = ZHEJIANG_2016
        assert zj.in_force == D(2016, 8, 1) and zj.text_date == D(2016, 7, 29)
        route = zj["route"]
        assert (route.length_text, route.source.article, route.source.paragraph) == (
            "5个工作日",
            20,
            1,
        )
        forwarded = zj["notify_forwarded"]
        assert (forwarded.length_text, forwarded.clock) == ("5个工作日", Clock.FORWARD_RECEIVED)
        assert (forwarded.source.article, forwarded.source.paragraph) == (20, 2)
        handle = zj["handle"]
        assert (handle.length, handle.source.article, handle.source.paragraph) == (30, 23, 1)
        assert handle.scope is not None and "需要调查、取证、协调的事项" in handle.scope
        ext = handle.extension
        assert ext is not None
        assert (ext.max_length, ext.approver, ext.notify_petitioner) == (
            60,
            "本国家机关负责人",
            False,
        )
        for pid in ("review_request", "review_decision", "rereview_request", "rereview_decision"):
            p = zj[pid]
            assert (p.source.article, p.length) == (24, 30)
            assert p.refers_to is not None and p.refers_to.document == "《信访工作条例》"

    def test_2005_citations_pinned(self) -> None:
        """2005 citations are pinned to paragraph and item; no word that 2022 取代 it.

        交办 report Art. 21 ¶1 (四), forwarded notice Art. 21 ¶2, direct notice Art. 22 ¶2,
        督办 feedback Art. 36 ¶2.
        """
        cite = {p.id: (p.source.article, p.source.paragraph, p.source.item) for p in XINFANG_2005}
        assert cite["assigned_report"] == (21, 1, 4)
        assert cite["notify_forwarded"] == (21, 2, None)
        assert cite["notify_direct"] == (22, 2, None)
        assert cite["supervision_feedback"] == (36, 2, None)
        assert "取代" not in (XINFANG_2005.source.note or "") + (XINFANG_2005.note or "")

    def test_built_in_by_name(self) -> None:
        """Regimes are found by id, short name or Chinese name."""
        assert named_regime("shandong") is named_regime("山东") is SHANDONG_2015
        assert named_regime("Beijing") is BEIJING_2006
        assert named_regime("2005") is XINFANG_2005
        assert named_regime("henan-2012") is HENAN_2012
        assert named_regime("上海市") is SHANGHAI_2018
        with pytest.raises(RegimeError, match=r"unknown regime 'hubei'.*shandong"):
            named_regime("hubei")

    def test_source_rendering(self) -> None:
        """Citations in Chinese numerals and in English."""
        assert str(Source("《信访工作条例》", 22, 1, 3)) == "《信访工作条例》第二十二条第一款第三项"
        assert str(Source("《x》", 10)) == "《x》第十条"
        assert str(Source("《x》", 101)) == "《x》第一百零一条"
        assert str(Source("《x》", 120)) == "《x》第一百二十条"
        assert Source("《信访工作条例》", 36, 2).render("en") == "《信访工作条例》 Art. 36 ¶2"

    def test_count_days_as_workdays(self) -> None:
        """The switch turns 日 into working days, extensions included; 工作日 stay."""
        wd = XINFANG_2022.counting_days_as("workdays")
        assert wd["handle"].unit is Unit.WORKDAYS
        ext = wd["handle"].extension
        assert ext is not None and ext.unit is Unit.WORKDAYS
        assert wd["object_wrong_addressee"] == XINFANG_2022["object_wrong_addressee"]
        assert XINFANG_2022["handle"].unit is Unit.DAYS  # the original is unchanged
        with pytest.raises(RegimeError):
            XINFANG_2022.counting_days_as("hours")  # type: ignore[arg-type]


class TestUserRegimes:
    """Regimes defined in code or in files, with errors naming the entry."""

    def test_in_code(self) -> None:
        """A unit's own regime: 10 working days to handle, string units accepted."""
        src = Source("某县信访工作规程", 8, 1)
        mine = Regime(
            id="county",
            title="某县规程",
            source=src,
            periods=[Period("handle", "办理", 10, "工作日", "accepted", src)],
        )
        d = compute_deadline("handle", D(2025, 9, 26), regime=mine)
        # 9-28 (Sun, worked), 29, 30, [10-01..10-08 off], 10-09, 10, 11 (Sat, worked), 13, 14,
        # 15, 16: the 10th working day
        assert d.due == D(2025, 10, 16)
        assert d.calendar.workdays_between(D(2025, 9, 26), d.due) == 10

    @pytest.mark.parametrize(
        ("bad", "match"),
        [
            ({"length": -5}, "whole-number length from 1"),
            ({"length": 0}, "whole-number length from 1"),
            ({"length": 1_000_000_000}, "whole-number length from 1 to 3660"),
            ({"unit": "hours"}, "unknown unit"),
            ({"clock": "whenever"}, "unknown clock"),
            ({"length": None}, "whole-number length"),
            ({"categories": ["投诉类"]}, "unknown category"),
            ({"unit": "on_the_spot", "length": None, "stoppable": True}, "cannot be paused"),
        ],
    )
    def test_bad_periods_in_code(self, bad: dict[str, object], match: str) -> None:
        """Impossible periods are refused with a RegimeError."""
        fields: dict[str, object] = {
            "id": "x",
            "title": "x",
            "length": 5,
            "unit": "days",
            "clock": "received",
            "source": Source("《x》", 1),
        } | bad
        with pytest.raises(RegimeError, match=match):
            Period(**fields)  # type: ignore[arg-type]

    def test_duplicate_ids_and_missing_period(self) -> None:
        """Two periods with one id, and asking for an absent period, are errors."""
        p = XINFANG_2022["route"]
        with pytest.raises(RegimeError, match="twice"):
            Regime("r", "r", (p, p), Source("《x》"))
        with pytest.raises(RegimeError, match="has no period 'nope'; it has: route"):
            Regime("r", "r", (p,), Source("《x》"))["nope"]

    def test_toml_file(self, tmp_path: Path) -> None:
        """A TOML regime file loads and computes."""
        path = tmp_path / "county.toml"
        path.write_text(
            """
schema = "xinfang_rules.regime/1"
id = "county-2024"
title = "某县信访事项办理规程（2024）"
count_days_as = "workdays"
in_force = 2024-01-01
source = { document = "某县信访事项办理规程" }

[[periods]]
id = "handle"
title = "办理信访事项"
length = 30
unit = "日"
clock = "accepted"
source = { document = "某县信访事项办理规程", article = 12, paragraph = 1 }
extension = { max_length = 15, needs = ["分管领导批准"] }
""",
            encoding="utf-8",
        )
        regime = load_regime(path)
        assert regime.in_force == D(2024, 1, 1) and regime.count_days_as == "workdays"
        handle = regime["handle"]
        assert handle.unit is Unit.WORKDAYS and handle.extension is not None
        assert handle.extension.max_length == 15
        assert str(handle.source) == "某县信访事项办理规程第十二条第一款"

    def test_json_file(self, tmp_path: Path) -> None:
        """The same schema in JSON."""
        data = {
            "schema": "xinfang_rules.regime/1",
            "id": "j",
            "title": "j",
            "source": {"document": "《j》"},
            "periods": [
                {
                    "id": "route",
                    "title": "转送",
                    "length": 5,
                    "unit": "workdays",
                    "clock": "received",
                    "source": {"document": "《j》", "article": 3},
                }
            ],
        }
        path = tmp_path / "j.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert load_regime(path)["route"].length == 5

    @pytest.mark.parametrize(
        ("change", "entry", "match"),
        [
            ({"unit": "fortnights"}, "periods[0].unit", "unknown unit"),
            ({"length": -3}, "periods[0].length", "positive"),
            ({"source": None}, "periods[0].source", "source"),
            ({"clock": "eventually"}, "periods[0].clock", "unknown clock"),
            ({"length": "15"}, "periods[0].length", "must be int"),
            ({"extension": {"max_length": 0}}, "periods[0].extension.max_length", "positive"),
            ({"extension": {"max_length": 5, "unit": "workdays"}}, "periods[0]", "same unit"),
            ({"source": {"article": 3}}, "periods[0].source.document", "missing"),
            ({"lenght": 15}, "periods[0].lenght", "unknown key 'lenght'"),
            ({"extension": {"max": 30}}, "periods[0].extension.max", "unknown key"),
        ],
    )
    def test_file_errors_name_the_entry(
        self, change: dict[str, object], entry: str, match: str
    ) -> None:
        """Each bad entry is named, with what was expected."""
        period: dict[str, object] = {
            "id": "route",
            "title": "转送",
            "length": 5,
            "unit": "days",
            "clock": "received",
            "source": {"document": "《j》", "article": 3},
        }
        period.update(change)
        if period["source"] is None:
            del period["source"]
        data = {
            "schema": "xinfang_rules.regime/1",
            "id": "j",
            "title": "j",
            "source": {"document": "《j》"},
            "periods": [period],
        }
        with pytest.raises(RuleFileError, match=match) as err:
            regime_from_dict(data, path="j.toml")
        assert err.value.entry == entry
        assert f"j.toml at {entry}" in str(err.value)

    def test_file_level_errors(self, tmp_path: Path) -> None:
        """Wrong schema, no periods, unreadable and unparsable files."""
        with pytest.raises(RuleFileError, match="schema"):
            regime_from_dict({"schema": "other/1"})
        with pytest.raises(RuleFileError, match="at least one period"):
            regime_from_dict(
                {"schema": "xinfang_rules.regime/1", "id": "x", "title": "x", "periods": []}
            )
        with pytest.raises(RuleFileError, match="cannot read"):
            load_regime(tmp_path / "absent.toml")
        bad = tmp_path / "bad.toml"
        bad.write_text("schema = ", encoding="utf-8")
        with pytest.raises(RuleFileError, match="not valid UTF-8 TOML"):
            load_regime(bad)
        with pytest.raises(RuleFileError, match=r"\.toml or \.json"):
            load_regime(tmp_path / "regime.yaml")


def test_docs_reference_table_matches_the_data() -> None:
    """docs/rules.md lists every period of the seven shipped regimes as the data says."""
    text = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    table = reference_table(regimes().values())
    assert table in text
    rows = table.splitlines()[2:]
    assert len(rows) == sum(len(r) for r in regimes().values())
    handle = next(r for r in rows if r.startswith("| xinfang-2022 | `handle` |"))
    assert "| 申诉求决类；第三十一条第六项规定的信访事项 |" in handle
    assert "| ≤30日（本机关、单位负责人批准，告知信访人延期理由） |" in handle
    assert handle.endswith("| 《信访工作条例》第三十四条 |")


def test_docs_schema_example_loads(tmp_path: Path) -> None:
    """The annotated schema in docs/rules.md is a file the loader reads, every key used."""
    text = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    path = tmp_path / "county.toml"
    path.write_text(text.split("```toml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    regime = load_regime(path)
    handle = regime["handle"]
    assert regime.names == ("county", "某县") and regime.extension_from == "last_day"
    assert handle.categories == ("申诉求决类",) and handle.stoppable
    assert handle.refers_to is not None and handle.refers_to.article == 35
    assert handle.extension is not None and handle.extension.approver == "分管领导"
    documented = {p.name for p in attrs.fields(Period)} - {"extension"}  # a table of its own
    assert all(f"\n{name} = " in text for name in documented), "a Period key is undocumented"
