"""The fast paths give what the checked paths give: the same petitions, the same errors.

- Building a petition from a record: the fast path (exact types, tables) and the checked
  path (cattrs) build equal petitions, or the record is refused with the same error.
- Decoding JSON: msgspec (the ``fast`` extra) and the standard library decode every text
  to equal values, or the text is refused with the standard library's error.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang_rules import _json
from xinfang_rules.formats import case_io
from xinfang_rules.formats.case_io import (
    CaseDataError,
    _fast_petition,
    loads_petition,
    petition_from_dict,
)

D = dt.date
UNITS = ["县住建局", "县人社局", "某镇人民政府"]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A petition record as a ledger system exports it: routed, accepted, replied, rated."""
    # deadlines stay inside official years (2027 has no notice yet: it would warn)
    day = draw(st.dates(D(2023, 1, 1), D(2026, 6, 30)))
    received = day

    def later(lo: int, hi: int) -> str:
        nonlocal day
        day += dt.timedelta(days=draw(st.integers(lo, hi)))
        return day.isoformat()

    events: list[dict[str, Any]] = [{"type": "registered", "date": later(0, 1)}]
    unit = draw(st.sampled_from(UNITS))
    events.append({"type": "forwarded", "date": later(0, 8), "to_unit": unit})
    category = draw(st.sampled_from(["申诉求决类", "建议意见类", "检举控告类"]))
    # the handling period (and its stops and extension) is 申诉求决类's (Art. 34)
    pausable = category == "申诉求决类"
    if draw(st.booleans()):
        acc = later(0, 10)
        events.append({"type": "accepted", "date": acc, "notified_on": acc})
        if pausable and draw(st.booleans()):
            events.append({"type": "clock_stopped", "date": later(1, 10), "reason": "鉴定"})
            events.append({"type": "clock_resumed", "date": later(1, 15)})
        if pausable and draw(st.booleans()):
            events.append({"type": "extended", "date": later(1, 20), "days": 30,
                           "approver": "局长", "reason": "情况复杂"})  # fmt: skip
        if draw(st.booleans()):
            rep = later(1, 35)
            # received the day it was made, or by post a few days later (a day no other
            # field of the record holds)
            got = (
                dt.date.fromisoformat(rep) + dt.timedelta(draw(st.sampled_from([0, 3])))
            ).isoformat()
            events.append({"type": "replied", "date": rep, "outcome": "解释说明",
                           "received_on": got})  # fmt: skip
            events.append({"type": "evaluated", "date": later(0, 5),
                           "rating": draw(st.sampled_from(["满意", "不满意"]))})  # fmt: skip
            events.append({"type": "closed", "date": later(0, 2)})
    repeat = draw(st.sampled_from([None, "XF-00000001"]))
    return {
        "schema": "xinfang_rules.petition/1",
        "id": f"XF-{draw(st.integers(0, 10**6)):08d}",
        "received": received.isoformat(),
        "channel": draw(st.sampled_from(["网上信访", "来信", "来访", "来电"])),
        "category": category,
        "receiving_unit": "某县信访局",
        "handling_unit": unit,
        "petitioners": [draw(st.sampled_from([
            {"name": "张三", "kind": "person", "id_number": None, "phone": None,
             "address": None},
            {"name": "李四", "kind": "person", "id_number": "11010519491231002X",
             "phone": "13812341234", "address": "某县某镇某村"},
            {"name": "某公司", "kind": "organisation", "id_number": None,
             "phone": "0591-12345678", "address": None},
        ]))],
        "headcount": 1,
        "first_time": repeat is None,
        "repeat_of": repeat,
        "backlog": draw(st.booleans()),
        "leader": draw(st.sampled_from([None, "副县长"])),
        "summary": draw(st.sampled_from(["", "要求解决拖欠工资问题"])),
        "regime": draw(st.sampled_from([None, "xinfang-2022", "山东", "浙江"])),
        "events": events,
    }  # fmt: skip


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=6,
)  # fmt: skip
SPOILERS = st.one_of(
    JSON_VALUES,
    st.sampled_from(["", "  ", "2025-02-30", "2025/02/03", "来人", "满意", "x", "回复", -1, 0,
                     1.5, True, None, [], {}, "1899-12-31", "2025-13-01"]),
)  # fmt: skip


@st.composite
def spoiled(draw: st.DrawFn) -> dict[str, Any]:
    """A record, often with one thing wrong: a value, a key, an event's field or order."""
    record = draw(records())
    how = draw(st.sampled_from(["none", "field", "drop", "extra", "event", "event_drop",
                                "swap"]))  # fmt: skip
    if how == "field":
        record[draw(st.sampled_from(sorted(record)))] = draw(SPOILERS)
    elif how == "drop":
        del record[draw(st.sampled_from(sorted(record)))]
    elif how == "extra":
        record[draw(st.text(min_size=1, max_size=6))] = draw(SPOILERS)
    elif how in ("event", "event_drop") and record["events"]:
        event = draw(st.sampled_from(record["events"]))
        key = draw(st.sampled_from(sorted(event)))
        if how == "event":
            event[key] = draw(SPOILERS)
        else:
            del event[key]
    elif how == "swap" and len(record["events"]) > 2:
        i = draw(st.integers(0, len(record["events"]) - 2))
        events = record["events"]
        events[i], events[i + 1] = events[i + 1], events[i]
    return record


def outcome(build: Any, record: dict[str, Any]) -> Any:
    """What building gives: the petition, or the error's class, words and path."""
    try:
        return build(record)
    except CaseDataError as exc:
        return ("error", type(exc).__name__, str(exc), exc.path)


def checked_only(record: dict[str, Any]) -> Any:
    """petition_from_dict with its fast path turned off."""
    with mock.patch.object(case_io, "_fast_petition", return_value=None):
        return petition_from_dict(record)


@settings(max_examples=300, deadline=None)
@given(record=spoiled())
def test_fast_and_checked_paths_agree(record: dict[str, Any]) -> None:
    """Same petition, or the same error (the fast path never accepts what the other refuses)."""
    checked = outcome(checked_only, record)
    both = outcome(petition_from_dict, record)
    assert both == checked
    if not isinstance(checked, tuple):
        assert both.state == checked.state
        assert both.deadlines() == checked.deadlines()
        if "schema" in record:
            assert _fast_petition(record, None) in (None, checked)


@settings(max_examples=100, deadline=None)
@given(record=records())
def test_well_formed_records_take_the_fast_path(record: dict[str, Any]) -> None:
    """Every record as exported takes the fast path (so the speed is real)."""
    assert _fast_petition(record, None) is not None


TEXTS = st.one_of(
    JSON_VALUES.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.text(max_size=30),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "123456789012345678901234567890",
                     '"\\ud800"', "[" * 2000 + "]" * 2000, '{"a":1,"a":2}', "-0", "1.0",
                     " [1] ", "[1,]", "\\u0000", '"\\u0000"', "0.1e-400"]),
)  # fmt: skip


def decoded(loads: Any, text: str) -> Any:
    try:
        return ("ok", loads(text))
    except (ValueError, RecursionError) as exc:
        return ("error", type(exc).__name__, str(exc))


def same(a: Any, b: Any) -> bool:
    """Equal values, NaN equal to NaN, and the types alike (1 is not 1.0 here)."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_the_fast_decoder_decodes_as_the_standard_library(text: str) -> None:
    """Orjson where it agrees, the standard library (and its words) everywhere else."""
    assert same(decoded(_json.loads, text), decoded(json.loads, text))


def test_which_decoder() -> None:
    """The msgspec decoder is used when installed (the test extra installs it)."""
    pytest.importorskip("msgspec")
    assert _json.DECODER == "msgspec"


def test_loads_petition_errors_are_the_standard_librarys() -> None:
    """A broken line is described in the standard library's words, with or without msgspec."""
    with pytest.raises(CaseDataError, match=r"not valid JSON: Expecting value \(column 1\)"):
        loads_petition("nope")
    with pytest.raises(CaseDataError, match="nested too deep"):
        loads_petition("[" * 5000 + "]" * 5000)


class TestTheTwoPathsInDetail:
    """What the property tests above cannot see: which path ran, and its words."""

    def test_well_formed_records_never_reach_cattrs(self) -> None:
        """A record as exported, with a user's own regime too, is built without cattrs."""
        from xinfang_rules import XINFANG_2022

        mine = XINFANG_2022.counting_days_as("workdays")
        mine = type(mine)("county", "某县规程", mine.periods, mine.source,
                          count_days_as="workdays")  # fmt: skip
        record = {**RECORD, "regime": "county"}
        with mock.patch.object(case_io, "_checked_petition", side_effect=AssertionError):
            assert petition_from_dict(RECORD).id == "XF-00000001"
            assert petition_from_dict(record, regimes={"county": mine}).rules is mine
        # the checked path knows the user's regimes too
        with mock.patch.object(case_io, "_fast_petition", return_value=None):
            assert petition_from_dict(record, regimes={"county": mine}).rules is mine

    def test_words_before_either_path(self) -> None:
        """Not an object; a wrong schema, named with the value found."""
        with pytest.raises(CaseDataError, match="a petition record is an object, got list"):
            petition_from_dict([RECORD])  # type: ignore[arg-type]
        with pytest.raises(CaseDataError) as info:
            petition_from_dict({**RECORD, "schema": "petition/0"})
        assert str(info.value) == (
            "schema: 'schema' must be 'xinfang_rules.petition/1', got 'petition/0'"
        )

    def test_the_standard_library_on_request(self) -> None:
        """XINFANG_JSON=stdlib: the standard library alone."""
        import os
        import subprocess
        import sys

        code = "from xinfang_rules import _json; print(_json.DECODER)"
        env = {**os.environ, "XINFANG_JSON": "stdlib"}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env).stdout  # fmt: skip
        assert out.strip() == "json"


RECORD: dict[str, Any] = {
    "schema": "xinfang_rules.petition/1",
    "id": "XF-00000001",
    "received": "2025-03-03",
    "channel": "来信",
    "category": "申诉求决类",
    "receiving_unit": "某县信访局",
    "events": [
        {"type": "registered", "date": "2025-03-03"},
        {"type": "accepted", "date": "2025-03-05", "notified_on": "2025-03-05"},
        {"type": "clock_stopped", "date": "2025-03-10", "reason": "鉴定"},
        {"type": "clock_resumed", "date": "2025-03-15"},
    ],
}


def test_an_equal_calendar_shares_what_was_worked_out() -> None:
    """The paused handling period is worked out once and kept on the petition.

    Built to be kept (petition_from_dict), the petition works it out at once; streamed
    (iter_petitions_jsonl), when first asked. A status on an equal calendar shares it.
    """
    from xinfang_rules import WorkdayCalendar
    from xinfang_rules.cases.replay import _calendar_of

    p = petition_from_dict(RECORD)
    own = _calendar_of(p)
    kept = p._memo[id(own)][1]
    assert set(kept) == {"handle"}
    other = WorkdayCalendar.china()
    assert other is not own and other == own
    status = p.status(D(2025, 4, 1), calendar=other)
    assert p._memo[id(other)][1] is kept  # no second computation: the same entries
    assert [d.deadline for d in status.deadlines if d.period_id == "handle"] == [kept["handle"]]
    # a calendar that is not equal gets its own entries
    strict = WorkdayCalendar.china(strict=True)
    p.status(D(2025, 4, 1), calendar=strict)
    assert p._memo[id(strict)][1] is not kept
    # streamed: nothing worked out until asked, then the same deadline
    import io

    (q,) = case_io.iter_petitions_jsonl(io.StringIO(json.dumps(RECORD, ensure_ascii=False)))
    assert q == p and q._memo == {} and q._replayed.specs is not None  # a duty is open
    assert q.status(D(2025, 4, 1), calendar=other) == status
    assert q._memo[id(other)][1]["handle"] == kept["handle"]


def test_event_dates_beyond_the_exact_type() -> None:
    """A date subclass becomes a plain date; anything else is refused, naming the value."""
    from xinfang_rules import Accepted, Registered, XinfangTypeError

    class Day(dt.date):
        """A date subclass, as some libraries hand out."""

    e = Registered(date=Day(2025, 1, 2))
    assert (e.date, type(e.date)) == (D(2025, 1, 2), dt.date)
    a = Accepted(date=D(2025, 1, 3), notified_on=Day(2025, 1, 4))
    assert (a.notified_on, type(a.notified_on)) == (D(2025, 1, 4), dt.date)
    with pytest.raises(XinfangTypeError, match=r"an event's date must be .*\('2025-01-02'\)"):
        Registered(date="2025-01-02")
    with pytest.raises(XinfangTypeError, match=r"^date must be .*\('x'\)"):
        Accepted(date=D(2025, 1, 3), notified_on="x")


def test_an_event_subclass_is_an_event() -> None:
    """A user's subclass of an event type is accepted as that event; the base is not."""
    from xinfang_rules import Category, Channel, Event, Petition, Registered, XinfangTypeError

    class Logged(Registered):
        """A registration a system logs with its own class."""

    p = Petition("X-1", D(2025, 3, 3), Channel.LETTER, Category.COMPLAINT, "某县信访局",
                 events=(Logged(D(2025, 3, 3)),))  # fmt: skip
    assert p.state == "registered"
    with pytest.raises(XinfangTypeError, match="events must be Event records, got Event"):
        Petition("X-1", D(2025, 3, 3), Channel.LETTER, Category.COMPLAINT, "某县信访局",
                 events=(Event(D(2025, 3, 3)),))  # fmt: skip


# --------------------------------------------------------------------------- typed decoding
# With the fast extra, loads_petition and iter_petitions_jsonl first decode a line straight
# into the schema's types (msgspec). What that path accepts must be what the plain paths
# build; what it refuses goes to them and gets their words.

needs_msgspec = pytest.mark.skipif(_json.DECODER != "msgspec", reason="the fast extra")

JSON_TWISTS = st.sampled_from([
    "none", "indent", "ascii", "duplicate_key", "duplicate_type", "days_float",
    "headcount_true", "huge_int", "escaped", "trailing_space",
])  # fmt: skip


def twisted(record: dict[str, Any], how: str) -> str:
    """The record as JSON text, written in one of the ways a file may hold it."""
    text = json.dumps(record, ensure_ascii=False)
    if how == "indent":
        return json.dumps(record, ensure_ascii=False, indent=1).replace("\n", " ")
    if how == "ascii":
        return json.dumps(record)  # \\uXXXX escapes: events written alike only in meaning
    if how == "duplicate_key" and text.startswith("{"):
        return '{"id": "XF-dup", ' + text[1:]  # the later value counts, as in json.loads
    if how == "duplicate_type":
        return text.replace('{"type": "registered"', '{"type": "closed", "type": "registered"')
    if how == "days_float":
        return text.replace('"days": 30', '"days": 30.0')
    if how == "headcount_true":
        return text.replace('"headcount": 1', '"headcount": true')
    if how == "huge_int":
        return text.replace('"headcount": 1', '"headcount": 100000000000000000000000')
    if how == "escaped":
        return text.replace("某县信访局", "\\u67d0\\u53bf\\u4fe1\\u8bbf\\u5c40")
    if how == "trailing_space":
        return text + "  "
    return text


def plain_only(text: str) -> Any:
    """loads_petition with the typed path and the dict fast path both turned off."""
    with mock.patch.object(case_io, "_typed_decoder", return_value=None), \
            mock.patch.object(case_io, "_fast_petition", return_value=None):  # fmt: skip
        return loads_petition(text)


def text_outcome(load: Any, text: str) -> Any:
    try:
        return load(text)
    except CaseDataError as exc:
        return ("error", type(exc).__name__, str(exc), exc.path)


@needs_msgspec
@settings(max_examples=300, deadline=None)
@given(record=spoiled(), how=JSON_TWISTS)
def test_typed_and_plain_paths_agree(record: dict[str, Any], how: str) -> None:
    """Same petition, or the same error, whichever path a line takes."""
    text = twisted(record, how)
    plain = text_outcome(plain_only, text)
    assert text_outcome(loads_petition, text) == plain
    typed = case_io._typed_petition(text, case_io._typed_decoder(), None)
    assert typed is None or typed == plain  # the typed path never accepts what they refuse
    if typed is not None:
        assert typed.deadlines() == plain.deadlines()
        assert typed.status(D(2026, 11, 22)) == plain.status(D(2026, 11, 22))
    as_bytes = case_io._typed_petition(text.encode(), case_io._typed_decoder(), None)
    assert as_bytes == typed


@needs_msgspec
@settings(max_examples=100, deadline=None)
@given(record=records())
def test_well_formed_lines_take_the_typed_path(record: dict[str, Any]) -> None:
    """Every record as exported takes the typed path (so the speed is real)."""
    text = json.dumps(record, ensure_ascii=False)
    fast = mock.patch.object(case_io, "_fast_petition", side_effect=AssertionError)
    checked = mock.patch.object(case_io, "_checked_petition", side_effect=AssertionError)
    with fast, checked:
        assert loads_petition(text).id == record["id"]


class TestTypedPathInDetail:
    """Which path a line takes, events shared, and the file reader's bytes."""

    def test_no_typed_path_with_the_standard_library(self) -> None:
        """The typed decoder is msgspec's: with the standard library there is none."""
        with mock.patch.object(_json, "_fast", None):
            assert case_io._typed_decoder() is None
            assert loads_petition(json.dumps(RECORD)).id == "XF-00000001"

    @needs_msgspec
    def test_typed_refusals_go_to_the_plain_paths(self) -> None:
        """What the typed decoder refuses is explained by the checked path, by field."""
        decoder = case_io._typed_decoder()
        for bad, words, path in [
            ({**RECORD, "headcount": True}, "expected a whole number, got true/false",
             "headcount"),
            ({**RECORD, "channel": "来人"}, "expected one of 网上信访", "channel"),
            ({**RECORD, "extra": 1}, r"unknown field\(s\): 'extra'", ""),
            ({**RECORD, "petitioners": [{"name": "张三", "age": 40}]},
             r"unknown field\(s\): 'age'", "petitioners[0]"),
            ({**RECORD, "events": [{"type": "registered", "date": "2025-03-03", "by": "x"}]},
             r"unknown field\(s\): 'by'", "events[0]"),
            ({**RECORD, "schema": "petition/0"}, "'schema' must be", "schema"),
        ]:  # fmt: skip
            text = json.dumps(bad, ensure_ascii=False)
            assert case_io._typed_petition(text, decoder, None) is None
            with pytest.raises(CaseDataError, match=words) as info:
                loads_petition(text)
            assert info.value.path == path

    @needs_msgspec
    def test_regimes_by_name_and_the_users_own(self) -> None:
        """The typed path reads a regime by name, or the caller's own by its id."""
        from xinfang_rules import XINFANG_2022

        mine = XINFANG_2022.counting_days_as("workdays")
        mine = type(mine)("county", "某县规程", mine.periods, mine.source,
                          count_days_as="workdays")  # fmt: skip
        never = mock.patch.object(case_io, "_fast_petition", side_effect=AssertionError)
        with never:
            text = json.dumps({**RECORD, "regime": "county"}, ensure_ascii=False)
            assert loads_petition(text, regimes={"county": mine}).rules is mine
            text = json.dumps({**RECORD, "regime": "山东"}, ensure_ascii=False)
            assert loads_petition(text, regimes={"county": mine}).rules.id == "shandong-2015"
            assert loads_petition(text).rules.id == "shandong-2015"
        with pytest.raises(CaseDataError, match="unknown regime 'county'"):
            loads_petition(json.dumps({**RECORD, "regime": "county"}, ensure_ascii=False))

    @needs_msgspec
    def test_equal_events_are_one_object_free_text_is_never_kept(self) -> None:
        """Events written alike are shared; one with a reason (free text) is not kept."""
        text = json.dumps(RECORD, ensure_ascii=False)
        a, b = loads_petition(text), loads_petition(text)
        assert a == b and a is not b
        assert a.events[0] is b.events[0] and a.events[1] is b.events[1]
        stop = a.events[2]
        assert stop.type == "clock_stopped" and stop is not b.events[2] and stop == b.events[2]
        kept = list(case_io._SHARED_EVENTS.values())
        assert not any(e.type in ("clock_stopped", "extended", "objected", "refused",
                                  "follow_up", "relapsed") for e in kept)  # fmt: skip

    def test_the_shared_events_stay_bounded(self) -> None:
        """The table of shared events is emptied when full: memory does not grow."""
        from xinfang_rules import Registered

        with mock.patch.object(case_io, "_SHARED_EVENTS_MAX", 3):
            case_io._SHARED_EVENTS.clear()
            for day in range(1, 8):
                event = Registered(D(2025, 1, day))
                assert case_io._shared_event(("k", day), event) is event
                assert len(case_io._SHARED_EVENTS) <= 3
        case_io._SHARED_EVENTS.clear()

    def test_utf8_lines_as_bytes_read_as_text(self, tmp_path: Any) -> None:
        """The file reader's bytes path and its text path read a file alike, line by line.

        A byte-order mark, blank lines, a bad line in the middle, a line that is not UTF-8,
        a last line without its newline, and a last character cut short.
        """
        good = json.dumps(RECORD, ensure_ascii=False)
        other = json.dumps({**RECORD, "id": "XF-2"}, ensure_ascii=False)
        body = ("\ufeff" + good + "\n\n" + '{"schema": 1}\n').encode() + b'{"id": "\xff"}\n'
        cases = {
            "mixed": body + other.encode(),
            "cut": body + other.encode() + "张".encode()[:2],
        }
        for name, data in cases.items():
            path = tmp_path / f"{name}.jsonl"
            path.write_bytes(data)
            results = []
            for decoder in (case_io._typed_decoder, lambda: None):
                with mock.patch.object(case_io, "_typed_decoder", decoder):
                    issues: list[case_io.LoadIssue] = []
                    got = list(case_io.iter_petitions_jsonl(path, on_error="skip",
                                                            issues=issues))  # fmt: skip
                    results.append(([p.id for p in got], issues))
            assert results[0] == results[1]
            ids, issues = results[0]
            assert [i.line for i in issues] == ([3, 4] if name == "mixed" else [3, 4, 5])
            assert "not utf-8-sig text (byte 9 of the line)" in issues[1].message
            assert ids == (["XF-00000001", "XF-2"] if name == "mixed" else ["XF-00000001"])


def reference_lines(data: bytes, encoding: str) -> list[tuple[int, str | None, str]]:
    """Lines as one incremental decoder reads them, line after line (the plain way).

    A byte-order mark counts only at the start of the file: after line 1, UTF-8 with a
    mark is read as UTF-8 (a decoder reset after a bad line would take it off again).
    """
    import codecs

    from xinfang_rules._files import ENCODING_HINT

    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    out: list[tuple[int, str | None, str]] = []
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        if number == 2 and codecs.lookup(encoding).name == "utf-8-sig":
            decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        try:
            text = decoder.decode(raw, final=not raw.endswith(b"\n"))
            out.append((number, text.removeprefix("\ufeff") if number == 1 else text, ""))
        except UnicodeDecodeError as exc:
            decoder.reset()
            out.append((number, None, f"not {encoding} text (byte {exc.start + 1} of the "
                                      f"line); {ENCODING_HINT}"))  # fmt: skip
    return out


LINE_PIECES = st.sampled_from([
    b"abc", "张三".encode(), "张三".encode("gb18030"), b"\xef\xbb\xbf", b"\xff", b"\xe5\xbc",
    "\ufeff".encode("gb18030"),
    b"\r", b"\n", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80", b"\xc0\xaf", b",", b'"',
])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(LINE_PIECES, max_size=12),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "UTF8", "gb18030"]))  # fmt: skip
def test_lines_decode_as_one_incremental_decoder_would(pieces: list[bytes], encoding: str) -> None:
    """decode_lines (bytes.decode for UTF-8 lines) gives what the plain decoder gives."""
    import io

    from xinfang_rules._files import decode_lines

    data = b"".join(pieces)
    got = list(decode_lines(io.BytesIO(data), encoding))
    # a file's lines end at b"\n" only (binary files do not split at b"\r")
    want = reference_lines(data.replace(b"\r", b"\x00"), encoding)
    assert [(n, t if t is None else t.replace("\x00", "\r"), m) for n, t, m in want] == got


def test_a_mark_later_in_a_gb18030_file_is_data() -> None:
    """Only the file's start loses a byte-order mark (U+FEFF later in the file is data)."""
    import io

    from xinfang_rules._files import decode_lines

    data = "\ufeffa\n\ufeffb\n".encode("gb18030")
    assert [t for _, t, _ in decode_lines(io.BytesIO(data), "gb18030")] == ["a\n", "\ufeffb\n"]


@needs_msgspec
def test_a_date_read_the_first_time() -> None:
    """A date no record has shown before is read as it is written (no table answers it)."""
    case_io._SEEN_DATES.clear()
    case_io._SHARED_EVENTS.clear()
    record = {**RECORD, "events": [
        {"type": "accepted", "date": "2025-03-05"},
        {"type": "replied", "date": "2025-03-20", "outcome": "解释说明",
         "received_on": "2025-03-24"},
    ]}  # fmt: skip
    p = loads_petition(json.dumps(record, ensure_ascii=False))
    assert p.events[1].received_on == D(2025, 3, 24)  # type: ignore[attr-defined]
    assert p == plain_only(json.dumps(record, ensure_ascii=False))
