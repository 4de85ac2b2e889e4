"""Petitions to and from CSV, in one flat file, streamed (layout ``xinfang_rules.petition-csv/1``).

One file, one header row, and three kinds of rows told apart by the ``record`` column:

- ``petition``: the petition's own facts (``received``, ``channel`` …), first in its group;
- ``petitioner``: one petitioner (``name``, ``kind``, ``id_number``, ``phone``, ``address``);
- ``event``: one event (``type``, ``date`` and the event's facts), in date order.

Every row carries the petition's ``id``; a petition's rows are consecutive, so a reader
needs only the current petition in memory. The columns mean what the fields of the JSON
schema mean (``docs/cases.md``); an empty cell is "not given" (the field's default). Dates
are ISO (``2025-08-04``); ``first_time``, ``backlog`` and ``identity_unclear`` are ``true``
or ``false``.

The file is parsed by the standard library's ``csv`` module (RFC 4180 quoting, the Excel
dialect), and each petition is then checked exactly as a JSON record is, by
:func:`~xinfang_rules.formats.case_io.petition_from_dict`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from xinfang_rules._files import (
    ENCODING_HINT,
    ENCODING_HINT_ZH,
    READ_BUFFER,
    CsvOut,
    check_encoding,
    decode_lines,
    problem_zh,
    write_text,
)
from xinfang_rules.cases import Petition
from xinfang_rules.errors import bilingual
from xinfang_rules.formats.case_io import (
    PETITION_SCHEMA,
    CaseDataError,
    LoadIssue,
    _check_on_error,
    _from_dict,
    petition_to_dict,
)
from xinfang_rules.law.rules import Regime
from xinfang_rules.privacy import echo, unspreadsheet_cell

__all__ = ["CSV_COLUMNS", "iter_petitions_csv", "write_petitions_csv"]

_PETITION_COLUMNS = (
    "received",
    "channel",
    "category",
    "receiving_unit",
    "handling_unit",
    "headcount",
    "first_time",
    "repeat_of",
    "backlog",
    "leader",
    "summary",
    "regime",
    "region",
    "identity_unclear",
)
_PETITIONER_COLUMNS = ("name", "kind", "id_number", "phone", "address")
_EVENT_COLUMNS = (
    "type",
    "date",
    "to_unit",
    "due",
    "notified_on",
    "ground",
    "note",
    "reason",
    "days",
    "approver",
    "outcome",
    "received_on",
    "rating",
    "of",
    "period",
)

#: Every column of the layout, in the order :func:`write_petitions_csv` writes them.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "record",
    *_PETITION_COLUMNS,
    *_PETITIONER_COLUMNS,
    *_EVENT_COLUMNS,
)
_COLUMNS_OF = {
    "petition": frozenset(_PETITION_COLUMNS),
    "petitioner": frozenset(_PETITIONER_COLUMNS),
    "event": frozenset(_EVENT_COLUMNS),
}
_INTEGERS = frozenset({"headcount", "days"})
_BOOLEANS = frozenset({"first_time", "backlog", "identity_unclear"})
_TYPED = _INTEGERS | _BOOLEANS


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value  # made safe by the writer (CsvOut): no formula runs when Excel opens it
    return str(value)


_AT = {name: i for i, name in enumerate(CSV_COLUMNS)}


def _row(petition_id: str, record: str, values: Mapping[str, Any]) -> list[str]:
    cells = [""] * len(CSV_COLUMNS)
    cells[0], cells[1] = petition_id, record
    for name, value in values.items():
        cells[_AT[name]] = _cell(value)
    return cells


def write_petitions_csv(
    petitions: Iterable[Petition], file: IO[str] | str | Path, *, bom: bool = True
) -> int:
    """Write petitions in the flat CSV layout; returns how many were written.

    Args:
        petitions: The petitions (any iterable; written as they come).
        file: A path, or a text file opened with ``newline=""``.
        bom: Start a file written to a path with a UTF-8 byte-order mark (the default),
            which Excel needs to read UTF-8 Chinese text correctly; ``False`` for a
            program that does not expect one.

    """
    if isinstance(file, (str, Path)):
        encoding = "utf-8-sig" if bom else "utf-8"
        return write_text(
            file, lambda fh: write_petitions_csv(petitions, fh), encoding=encoding, newline=""
        )
    writer = CsvOut(file)
    writer.row(CSV_COLUMNS)
    n = 0
    for petition in petitions:
        data = petition_to_dict(petition)
        writer.row(_row(data["id"], "petition", {k: data[k] for k in _PETITION_COLUMNS}))
        writer.rows(_row(data["id"], "petitioner", p) for p in data["petitioners"])
        writer.rows(_row(data["id"], "event", e) for e in data["events"])
        n += 1
    return n


def _value(name: str, text: str, line: int) -> Any:
    """A cell's value as the JSON schema has it."""
    if name in _INTEGERS:
        if not text.isascii() or not text.isdigit():
            raise CaseDataError(
                f"expected a whole number, got {echo(text)}",
                path=name,
                line=line,
                zh=f"应为整数，实为 {echo(text)}",
            )
        return int(text)
    if name in _BOOLEANS:
        flag = text.lower()
        if flag not in ("true", "false"):
            raise CaseDataError(
                f"expected true or false, got {echo(text)}",
                path=name,
                line=line,
                zh=f"应为 true 或 false，实为 {echo(text)}",
            )
        return flag == "true"
    return text


def _header(row: Sequence[str] | None) -> tuple[str, ...]:
    if row is None:
        return ()
    names = tuple(cell.strip() for cell in row)
    unknown = [n for n in names if n not in CSV_COLUMNS]
    if unknown:
        raise CaseDataError(
            f"unknown column(s) {', '.join(map(echo, unknown))}; the columns are "
            f"{', '.join(CSV_COLUMNS)} (docs/cases.md)",
            line=1,
            zh=f"无法识别的列 {'、'.join(map(echo, unknown))}；可用的列：{'、'.join(CSV_COLUMNS)}"
            "（见 docs/cases.md）",
        )
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise CaseDataError(
            f"column(s) given twice: {', '.join(doubled)}",
            line=1,
            zh=f"列重复：{'、'.join(doubled)}",
        )
    missing = [n for n in ("id", "record") if n not in names]
    if missing:
        raise CaseDataError(
            f"the header lacks the column(s) {', '.join(missing)}",
            line=1,
            zh=f"表头缺少列：{'、'.join(missing)}",
        )
    return names


def _a(kind: str) -> str:
    return f"an {kind}" if kind == "event" else f"a {kind}"


class _Group:
    """The rows of one petition, turned into a JSON-schema record."""

    def __init__(self, petition_id: str) -> None:
        self.id = petition_id
        self.lines: dict[str, int] = {}  # record path -> line
        self.record: dict[str, Any] | None = None
        self.people: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.error: CaseDataError | None = None

    def add(self, line: int, cells: dict[str, str]) -> None:
        if self.error is not None:
            return
        try:
            self._add(line, cells)
        except CaseDataError as exc:
            self.error = exc

    def _add(self, line: int, cells: dict[str, str]) -> None:
        kind = cells.get("record", "").strip()
        if kind not in _COLUMNS_OF:
            raise CaseDataError(
                f"must be petition, petitioner or event, got {echo(kind)}",
                path="record",
                line=line,
                zh=f"应为 petition、petitioner 或 event，实为 {echo(kind)}",
            )
        allowed = _COLUMNS_OF[kind]
        values: dict[str, Any] = {}
        for name, text in cells.items():
            if name in allowed:
                values[name] = _value(name, text, line) if name in _TYPED else text
            elif name != "id" and name != "record":
                raise CaseDataError(
                    f"column {name} is not used on {_a(kind)} row (it belongs to "
                    f"{' / '.join(k for k, cols in _COLUMNS_OF.items() if name in cols)} rows)",
                    path=name,
                    line=line,
                    zh=f"{kind} 行不用 {name} 列（它属于 "
                    f"{'、'.join(k for k, cols in _COLUMNS_OF.items() if name in cols)}"
                    " 行）",
                )
        if kind == "petition":
            if self.record is not None:
                raise CaseDataError(
                    f"a second petition row for {echo(self.id)} (the first is on line "
                    f"{self.lines['']}); each petition has one",
                    line=line,
                    zh=f"{echo(self.id)} 有第二个 petition 行（第一个在第 {self.lines['']} 行）；"
                    "每件只有一个",
                )
            self.record = values
            self.lines[""] = line
            return
        if self.record is None:
            raise CaseDataError(
                f"{_a(kind)} row for {echo(self.id)} before its "
                "petition row; a petition's rows "
                "start with its petition row and stay together",
                line=line,
                zh=f"{echo(self.id)} 的 {kind} 行在其 petition 行之前；一件信访事项的各行应从 pet"
                "ition 行开始并连在一起",
            )
        if kind == "petitioner":
            self.lines[f"petitioners[{len(self.people)}]"] = line
            self.people.append(values)
        else:
            self.lines[f"events[{len(self.events)}]"] = line
            self.events.append(values)

    def build(self, regimes: Mapping[str, Regime] | None) -> Petition:
        if self.error is not None:
            raise self.error
        assert self.record is not None  # a group is opened by a row, checked in _add
        data = {
            "schema": PETITION_SCHEMA,
            "id": self.id,
            **self.record,
            "petitioners": self.people,
            "events": self.events,
        }
        try:
            return _from_dict(data, regimes, defer=True)  # streamed: see cases._replay
        except CaseDataError as exc:
            head = exc.path.split(".", 1)[0]
            line = self.lines.get(head, self.lines[""])
            raise CaseDataError(exc.message, path=exc.path, line=line, zh=exc.message_zh) from None


def iter_petitions_csv(
    source: IO[str] | str | Path,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    issues: list[LoadIssue] | None = None,
    regimes: Mapping[str, Regime] | None = None,
    encoding: str = "utf-8-sig",
) -> Iterator[Petition]:
    """Stream petitions from a flat CSV file (see the module docs), one at a time.

    Args:
        source: A path, or a text file opened with ``newline=""``.
        on_error: ``"raise"`` stops at the first bad petition with a :class:`CaseDataError`
            naming the line; ``"skip"`` skips it (all its rows) and appends a
            :class:`LoadIssue` to ``issues``.
        issues: Where skipped petitions are reported (needed with ``on_error="skip"``).
        regimes: Your own regimes by id.
        encoding: For a path: the file's encoding (``"utf-8-sig"`` reads UTF-8 with or
            without a byte-order mark; files saved by Excel on Chinese Windows are
            ``"gb18030"``).

    A bad header always raises. Blank rows are ignored. Memory holds one petition's rows.

    """
    _check_on_error(on_error, issues)
    if isinstance(source, (str, Path)):
        name = str(source)
        try:
            try:
                check_encoding(encoding)
            except ValueError as exc:
                raise CaseDataError(str(exc), zh=bilingual(str(exc))[0]) from None
            with open(source, "rb", buffering=READ_BUFFER) as fh:
                yield from _read_csv(_decoded(fh, encoding), on_error, issues, regimes)
        except CaseDataError as exc:
            raise exc.at(file=name) from None
        return
    yield from _read_csv(source, on_error, issues, regimes)


def _decoded(binary: IO[bytes], encoding: str) -> Iterator[str]:
    for number, text, problem in decode_lines(binary, encoding):
        if text is None:  # a CSV record may span lines: a line that does not decode stops
            raise CaseDataError(problem, line=number, zh=problem_zh(problem))
        yield text


def _rows(reader: Any) -> Iterator[list[str]]:
    """The reader's rows; a row the csv module cannot parse is an error naming its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CaseDataError(
                f"not readable as CSV ({exc}); a cell over {csv.field_size_limit():,} "
                "characters or an unclosed quote is the usual cause",
                line=reader.line_num,
                zh=f"不是可读的 CSV（{exc}）；多为单元格超过 {csv.field_size_limit():,} 个字符"
                "或引号未闭合",
            ) from None
        except UnicodeDecodeError as exc:
            raise CaseDataError(
                f"not {exc.encoding} text; {ENCODING_HINT}",
                zh=f"不是 {exc.encoding} 编码的文本；{ENCODING_HINT_ZH}",
            ) from None
        yield row


def _read_csv(
    source: Iterable[str],
    on_error: Literal["raise", "skip"],
    issues: list[LoadIssue] | None,
    regimes: Mapping[str, Regime] | None,
) -> Iterator[Petition]:
    reader = csv.reader(source)
    rows = _rows(reader)
    columns = _header(next(rows, None))
    group: _Group | None = None
    end = reader.line_num
    width = len(columns)
    for row in rows:
        line, end = end + 1, reader.line_num
        error = None
        if len(row) > width:
            error = CaseDataError(
                f"{len(row)} cells, but the header has {width} columns",
                line=line,
                zh=f"有 {len(row)} 个单元格，但表头有 {width} 列",
            )
        # only the filled cells; a short row's missing cells are empty
        cells = {
            columns[i]: unspreadsheet_cell(text) if text[0] == "'" else text
            for i, text in enumerate(row[:width])
            if text
        }
        if error is None and not any(map(str.strip, cells.values())):
            continue  # a blank row
        rid = cells.get("id", "")
        if group is None or rid != group.id:
            if group is not None:
                yield from _finish(group, on_error, issues, regimes)
            group = _Group(rid)
            if not rid.strip() and error is None:
                error = CaseDataError(
                    "the id is empty", path="id", line=line, zh="信访编号（id）为空"
                )
        if error is not None and group.error is None:
            group.error = error
        group.add(line, cells)
    if group is not None:
        yield from _finish(group, on_error, issues, regimes)


def _finish(
    group: _Group,
    on_error: Literal["raise", "skip"],
    issues: list[LoadIssue] | None,
    regimes: Mapping[str, Regime] | None,
) -> Iterator[Petition]:
    try:
        yield group.build(regimes)
    except CaseDataError as exc:
        if on_error == "raise":
            raise
        assert issues is not None
        issues.append(
            LoadIssue(
                exc.line or 0,
                f"{exc.path}: {exc.message}" if exc.path else exc.message,
                None
                if exc.message_zh is None
                else (f"{exc.path}：{exc.message_zh}" if exc.path else exc.message_zh),
            )
        )
