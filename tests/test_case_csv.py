"""Petitions in the flat CSV layout: round trips, streaming, bad rows with their lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from tests.test_cases import AUG_1, ID, petition, replay, valid_histories
from xinfang_rules import (
    CSV_COLUMNS,
    Accepted,
    CaseDataError,
    Closed,
    Extended,
    Forwarded,
    LoadIssue,
    Outcome,
    Petition,
    Petitioner,
    Replied,
    iter_petitions_csv,
    write_petitions_csv,
)
from xinfang_rules.cases import EVENT_TYPES

D = dt.date


def story() -> Petition:
    """A forwarded case with two petitioners, an extension and a summary needing quotes."""
    p = petition(
        headcount=2,
        petitioners=(
            Petitioner("张三", id_number=ID, phone="13812341234"),
            Petitioner("某村村民委员会", kind="organisation", address="某县某镇"),
        ),
        summary='要求补发工资，"三个月"未发,\n另附材料',
        handling_unit="县人社局",
    )
    return replay(
        p,
        Forwarded(D(2025, 8, 4), to_unit="县人社局"),
        Accepted(D(2025, 8, 8), notified_on=D(2025, 8, 8)),
        Extended(D(2025, 9, 30), days=30, approver="局长", reason="涉及多个部门"),
        Replied(D(2025, 11, 3), outcome=Outcome.SUPPORT, received_on=D(2025, 11, 5)),
        Closed(D(2025, 11, 6)),
    )


def as_csv(*petitions: Petition) -> str:
    buf = io.StringIO(newline="")
    write_petitions_csv(petitions, buf)
    return buf.getvalue()


def load(text: str, **kw: object) -> list[Petition]:
    return list(iter_petitions_csv(io.StringIO(text, newline=""), **kw))  # type: ignore[arg-type]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def to_text(table: list[list[str]]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(table)
    return buf.getvalue()


class TestLayout:
    """What the writer writes, and that it reads back."""

    def test_columns_cover_every_field(self) -> None:
        """Every event, petitioner and petition field has its column."""
        fields = {a.name for cls in EVENT_TYPES for a in attrs.fields(cls)}
        fields |= {a.name for a in attrs.fields(Petitioner)}
        fields |= {a.name for a in attrs.fields(Petition) if a.init} - {"petitioners", "events"}
        assert fields <= set(CSV_COLUMNS)

    def test_rows_of_a_story(self) -> None:
        """One petition row, one row per petitioner, one per event, in that order."""
        table = rows(as_csv(story()))
        assert table[0] == list(CSV_COLUMNS)
        assert [r[:2] for r in table[1:]] == [["XF-1", "petition"]] + [
            ["XF-1", "petitioner"]
        ] * 2 + [["XF-1", "event"]] * 5
        head = dict(zip(CSV_COLUMNS, table[1], strict=True))
        assert head["received"] == "2025-08-01" and head["first_time"] == "true"
        assert head["summary"] == '要求补发工资，"三个月"未发,\n另附材料'
        ext = dict(zip(CSV_COLUMNS, table[6], strict=True))
        assert (ext["type"], ext["date"], ext["days"], ext["approver"]) == (
            "extended",
            "2025-09-30",
            "30",
            "局长",
        )
        assert ext["received"] == "" and ext["name"] == ""

    def test_round_trip(self) -> None:
        """Read back equal, including the quoted, multi-line summary."""
        p = story()
        q = attrs.evolve(petition(), id="XF-2")
        assert load(as_csv(p, q)) == [p, q]

    @settings(deadline=None, max_examples=60)
    @given(p=valid_histories())
    def test_round_trip_random_histories(self, p: Petition) -> None:
        """Any valid history survives a CSV round trip."""
        assert load(as_csv(p)) == [p]

    def test_files_with_bom_and_gb18030(self, tmp_path: Path) -> None:
        """A path is read as UTF-8 with or without BOM; other encodings by name."""
        p = story()
        path = tmp_path / "cases.csv"
        write_petitions_csv([p], path, bom=True)
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        write_petitions_csv([p], path)  # the default: for Excel
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert list(iter_petitions_csv(path)) == [p]
        write_petitions_csv([p], path, bom=False)
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert list(iter_petitions_csv(path)) == [p]
        gbk = tmp_path / "gbk.csv"
        gbk.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
        assert list(iter_petitions_csv(gbk, encoding="gb18030")) == [p]

    def test_a_character_cut_short_at_the_end_is_named(self, tmp_path: Path) -> None:
        """A last character cut short is an error naming its line (UTF-8 and GB18030).

        It was read as if the character were not there.
        """
        p = story()
        for encoding in ("utf-8-sig", "gb18030"):
            path = tmp_path / f"cut-{encoding}.csv"
            write_petitions_csv([p], path)
            text = path.read_text(encoding="utf-8-sig").rstrip("\r\n") + ",张"
            whole = text.encode(encoding)
            path.write_bytes(whole[:-1])
            lines = text.count("\n") + 1
            with pytest.raises(CaseDataError, match=f"line {lines}: not {encoding} text"):
                list(iter_petitions_csv(path, encoding=encoding))

    def test_hand_written_file(self) -> None:
        """Only the columns used, blank rows, TRUE/FALSE as Excel writes them."""
        text = (
            "id,record,received,channel,category,receiving_unit,first_time,name,type,date\n"
            "A-1,petition,2025-08-01,来信,建议意见类,县信访局,FALSE,,,\n"
            "A-1,petitioner,,,,,,李四,,\n"
            ",,,,,,,,,\n"
            "A-1,event,,,,,,,accepted,2025-08-05\n"
            "B-1,petition,2025-08-02,来访,申诉求决类,县信访局,,,,\n"
        )
        a, b = load(text)
        assert a.first_time is False and a.petitioners[0].name == "李四"
        assert a.events == (Accepted(D(2025, 8, 5)),)
        assert b.first_time is True and b.events == ()


class TestStreaming:
    """Constant memory: a petition is yielded when its rows end."""

    def test_yields_before_reading_on(self) -> None:
        """The first petition comes out once the next petition's first row is read."""
        text = as_csv(*(attrs.evolve(story(), id=f"XF-{i}") for i in range(50)))
        read = 0

        def lines() -> Iterator[str]:
            nonlocal read
            for line in io.StringIO(text, newline=""):
                read += 1
                yield line

        stream = iter_petitions_csv(lines())  # type: ignore[arg-type]
        first = next(stream)
        assert first.id == "XF-0"
        header, petition_lines = 1, 9  # 8 rows; the quoted summary spans two lines
        assert read == header + petition_lines + 2  # + the next petition row's two lines
        assert sum(1 for _ in stream) == 49


class TestBadRows:
    """Errors name the line and the field; skip mode reports and goes on."""

    def bad(self, text: str) -> CaseDataError:
        """The error loading ``text`` raises."""
        with pytest.raises(CaseDataError) as info:
            load(text)
        return info.value

    def test_bad_event_date_names_its_line(self) -> None:
        """The line of the event row (after a two-line quoted cell) and its path."""
        table = rows(as_csv(story()))
        table[7][CSV_COLUMNS.index("date")] = "2025/11/03"  # the reply
        err = self.bad(to_text(table))
        # header 1, petition row 2-3 (two lines), petitioners 4-5, events 6-10
        assert err.line == 9 and err.path == "events[3].date"
        assert "expected an ISO date" in str(err) and str(err).startswith("line 9 ")

    def test_history_error_names_the_event_line(self) -> None:
        """A lifecycle error (extension before acceptance) points at that event's row."""
        table = rows(as_csv(story()))
        del table[5]  # the accepted event
        err = self.bad(to_text(table))
        assert err.line == 7 and err.path == "events[1]"
        assert "extended is not allowed when the petition is routed" in str(err)

    @pytest.mark.parametrize(
        ("row", "column", "value", "line", "match"),
        [
            (1, "first_time", "yes", 2, "first_time: expected true or false"),
            (1, "headcount", "二", 2, "headcount: expected a whole number"),
            (1, "channel", "飞鸽", 2, "channel"),
            (1, "received", "", 2, "received: required field missing"),
            (1, "date", "2025-08-01", 2, "column date is not used on a petition row"),
            (2, "id_number", "110105194912310021", 4, "petitioners[0]"),
            (4, "record", "evnt", 6, "record: must be petition, petitioner or event"),
            (4, "days", "-3", 6, "days: expected a whole number"),
            (4, "type", "teleported", 6, "unknown event type"),
        ],
    )
    def test_bad_cells(self, row: int, column: str, value: str, line: int, match: str) -> None:
        """Each bad cell is reported with its line and column or path."""
        table = rows(as_csv(story()))
        table[row][CSV_COLUMNS.index(column)] = value
        err = self.bad(to_text(table))
        assert err.line == line
        assert match in str(err)

    def test_structure_errors(self) -> None:
        """Rows out of their group, a second petition row, too many cells, an empty id."""
        text = as_csv(story())
        table = rows(text)
        err = self.bad(to_text([table[0], table[3], *table[1:3], *table[4:]]))
        assert err.line == 2 and "before its petition row" in str(err)
        err = self.bad(to_text([*table, table[1]]))
        assert "a second petition row" in str(err) and "line 2" in str(err)
        err = self.bad(to_text([*table[:3], [*table[3], "extra"], *table[4:]]))
        width = len(CSV_COLUMNS)
        assert err.line == 5 and f"{width + 1} cells, but the header has {width} columns" in str(
            err
        )
        err = self.bad(to_text([table[0], ["", *table[1][1:]]]))
        assert err.line == 2 and "the id is empty" in str(err)

    def test_bad_header(self) -> None:
        """Unknown, doubled or missing key columns stop the load at line 1."""
        assert "unknown column(s) 'colour'" in str(self.bad("id,record,colour\n"))
        assert "given twice: id" in str(self.bad("id,record,id\n"))
        assert "lacks the column(s) record" in str(self.bad("id,received\n"))
        assert load("") == []

    def test_skip_reports_and_goes_on(self) -> None:
        """Skip mode drops the bad petition whole and keeps the rest."""
        good = story()
        text = as_csv(
            attrs.evolve(good, id="A"), attrs.evolve(good, id="B"), attrs.evolve(good, id="C")
        )
        table = rows(text)
        b_rows = [i for i, r in enumerate(table) if r[0] == "B"]
        table[b_rows[-1]][CSV_COLUMNS.index("date")] = "not a date"
        issues: list[LoadIssue] = []
        out = load(to_text(table), on_error="skip", issues=issues)
        assert [p.id for p in out] == ["A", "C"]
        # each petition takes 9 lines (its summary spans two); B's last event is line 19
        message = "events[4].date: expected an ISO date YYYY-MM-DD, got 'not a date'"
        zh = "events[4].date：应为 YYYY-MM-DD 格式的日期，实为 'not a date'"
        assert issues == [LoadIssue(19, message, zh)]
        assert issues[0].text() == zh and issues[0].text("en") == message
        with pytest.raises(CaseDataError, match="pass issues"):
            load(text, on_error="skip")
        with pytest.raises(CaseDataError, match="'raise' or 'skip'"):
            load(text, on_error="ignore")

    def test_input_is_not_changed(self) -> None:
        """Loading builds new objects; the written petition is untouched."""
        p = replay(petition(AUG_1), Accepted(D(2025, 8, 4)))
        before = attrs.asdict(p, recurse=True)
        load(as_csv(p))
        assert attrs.asdict(p, recurse=True) == before
