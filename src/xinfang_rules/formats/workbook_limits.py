"""Bounds on a workbook checked before a reader is given it: no file may exhaust the machine.

A ``.xlsx`` file is a zip of XML parts. Its reader (calamine) lays a sheet out as a full
rectangle of cells from A1 to the furthest cell, and inflates the parts it reads in
memory: a 2 KB file whose one cell is at ``XFD1048576`` asks for 512 GiB and aborts the
process; a 300 KB file whose one shared string inflates to 300 MB takes a gigabyte of
memory before any error. :func:`check_workbook` reads the parts the reader would read,
in pieces and never whole, and refuses what is beyond :class:`WorkbookLimits`:

- the sheet's extent, declared (its ``<dimension>``) and actual (its furthest cell): at
  most ``max_rows`` rows, ``max_columns`` columns and ``max_cells`` cells in all (rows ×
  columns, what the reader allocates);
- the text of one cell: at most 32,767 characters, Excel's own limit;
- the inflated size of the parts read (the sheet, the shared strings, the workbook's own
  list of sheets): at most ``max_inflated`` bytes in all.

The defaults fit a county's or a city's ledger with room to spare (100,000 rows of 50
columns) and bound the reader's memory to about a gigabyte; raise them for a larger
file by passing ``limits=WorkbookLimits(...)`` (docs/safety.md).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path

import attrs

from xinfang_rules.privacy import echo

__all__ = ["DEFAULT_LIMITS", "MAX_CELL_CHARACTERS", "WorkbookLimits", "check_workbook"]

_MIB = 1 << 20


@attrs.frozen
class WorkbookLimits:
    """What a workbook may hold before it is read (see :func:`check_workbook`).

    Attributes:
        max_rows: Rows of a sheet (Excel's own limit is 1,048,576).
        max_columns: Columns of a sheet (a ledger has a few dozen; Excel allows 16,384).
        max_cells: Rows × columns of a sheet's extent: what the reader lays out in memory.
        max_inflated: Bytes of the parts read, once inflated (sheet, shared strings, list
            of sheets together).

    """

    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_cells: int = 5_000_000
    max_inflated: int = 512 * _MIB

    def __attrs_post_init__(self) -> None:
        for a in attrs.fields(type(self)):
            value = getattr(self, a.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"WorkbookLimits.{a.name} must be a whole number ≥ 1")


#: The bounds used when none are given.
DEFAULT_LIMITS = WorkbookLimits()

#: The longest text a cell may hold: Excel's own limit, 32,767 characters (here in bytes of
#: XML, where one character takes up to 6: 4 in UTF-8, 5 for ``&amp;``, and so on).
MAX_CELL_CHARACTERS = 32_767
_MAX_TEXT_BYTES = MAX_CELL_CHARACTERS * 6
#: A cell or row reference inside a sheet's XML: ``r="XFD1048576"`` or ``r="12"``.
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,12})"')
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_SHEET = re.compile(r"<(?:\w+:)?sheet\b([^>]*)>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_RELATION = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)>")
_CELL = re.compile(r"([A-Z]{1,3})([0-9]{1,12})$")


def _column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_workbook(
    path: str | Path,
    sheet: str | int,
    fail: Callable[[str], Exception],
    limits: WorkbookLimits = DEFAULT_LIMITS,
    *,
    data: bytes | None = None,
) -> None:
    """Raise ``fail(message)`` if the sheet of ``path`` is beyond ``limits``; else nothing.

    Only ``.xlsx``/``.xlsm`` (zip) files are looked into; a file that is not a zip is left
    to the reader, which refuses it in its own words. Older ``.xls`` and ``.ods`` files
    are bounded by their size on disk (``max_inflated``). With ``data``, the workbook is
    those bytes (an upload held in memory) and ``path`` only its name.
    """
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        if data is not None:
            size = len(data)
        else:
            try:
                size = p.stat().st_size
            except OSError:
                return  # the reader says the file cannot be read
        if size > limits.max_inflated:
            raise fail(_too_big(p.name, size, limits))
        return
    try:
        zf = zipfile.ZipFile(p if data is None else io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip: the reader refuses it in its own words
    with zf:
        budget = [limits.max_inflated]
        part, name = _sheet_part(zf, sheet, budget, limits, fail)
        for shared in (i for i in zf.infolist() if i.filename.endswith("sharedStrings.xml")):
            for _ in _inflate(zf, shared, budget, limits, fail):
                pass
        if part is None:
            return  # no such sheet: the reader names the sheets there are
        _check_extent(zf, part, name, budget, limits, fail)


def _sheet_part(
    zf: zipfile.ZipFile,
    sheet: str | int,
    budget: list[int],
    limits: WorkbookLimits,
    fail: Callable[[str], Exception],
) -> tuple[zipfile.ZipInfo | None, str]:
    """The zip entry of the sheet asked for, and its name, as the workbook lists them."""
    names = set(zf.namelist())
    try:
        book = _read_small(zf, "xl/workbook.xml", budget, limits, fail)
        rels = _read_small(zf, "xl/_rels/workbook.xml.rels", budget, limits, fail)
    except KeyError:
        book = rels = ""
    targets: dict[str, str] = {}
    for m in _RELATION.finditer(rels):
        a = dict(_ATTR.findall(m.group(1)))
        target = html.unescape(a.get("Target", ""))
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[a.get("Id", "")] = target
    sheets: list[tuple[str, str]] = []
    for m in _SHEET.finditer(book):
        a = dict(_ATTR.findall(m.group(1)))
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        sheets.append((html.unescape(a.get("name", "")), targets.get(rid, "")))
    if isinstance(sheet, int):
        chosen = sheets[sheet] if 0 <= sheet < len(sheets) else None
    else:
        chosen = next((s for s in sheets if s[0] == sheet), None)
    if chosen is not None and chosen[1] in names:
        return zf.getinfo(chosen[1]), chosen[0]
    if chosen is None and sheets:
        return None, ""
    # a workbook whose list of sheets cannot be followed: every sheet part is checked
    parts = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")]
    for info in parts[1:]:
        _check_extent(zf, info, info.filename, budget, limits, fail)
    return (parts[0], parts[0].filename) if parts else (None, "")


def _read_small(
    zf: zipfile.ZipFile,
    name: str,
    budget: list[int],
    limits: WorkbookLimits,
    fail: Callable[[str], Exception],
) -> str:
    """A part read whole (the list of sheets and its links): at most 16 MiB of it."""
    info = zf.getinfo(name)
    small = WorkbookLimits(max_inflated=min(limits.max_inflated, 16 * _MIB))
    within = [min(budget[0], small.max_inflated)]
    data = b"".join(_inflate(zf, info, within, small, fail))
    budget[0] -= len(data)
    return data.decode("utf-8", "replace")


def _inflate(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: list[int],
    limits: WorkbookLimits,
    fail: Callable[[str], Exception],
) -> Iterator[bytes]:
    """The part's bytes in pieces, counted against the budget (the declared size first)."""
    if info.file_size > budget[0]:
        raise fail(_too_big(info.filename, info.file_size, limits))
    run = 0  # bytes of text since the last tag, across pieces
    try:
        with zf.open(info) as f:
            while chunk := f.read(_MIB):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise fail(_too_big(info.filename, None, limits))
                run = _text_run(chunk, run)
                if run > _MAX_TEXT_BYTES:
                    raise fail(_long_text(info.filename))
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return  # a damaged part: the reader refuses it in its own words


def _text_run(chunk: bytes, run: int) -> int:
    """Bytes of text since the last tag at the end of ``chunk`` (bound + 1: a text too long).

    ``run`` is the text carried from the piece before. A text longer than a cell may hold
    gives a number past the bound. Each step jumps to the last ``<`` within a cell's
    bound: a few steps a piece.
    """
    start, n = -run, len(chunk)
    while start + _MAX_TEXT_BYTES < n:
        tag = chunk.rfind(b"<", max(start, 0), start + _MAX_TEXT_BYTES + 1)
        if tag < 0:
            return _MAX_TEXT_BYTES + 1
        start = tag + 1
    tag = chunk.rfind(b"<", max(start, 0))
    return n - (tag + 1 if tag >= 0 else start)


def _check_extent(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    budget: list[int],
    limits: WorkbookLimits,
    fail: Callable[[str], Exception],
) -> None:
    """The sheet's declared and actual extent within the limits, else ``fail``."""
    rows = columns = 0
    tail = b""
    declared: tuple[int, int] | None = None  # the <dimension> comes first: looked for there
    for chunk in _inflate(zf, info, budget, limits, fail):
        text = tail + chunk
        if declared is None and (m := _DIMENSION.search(text, 0, 1 << 16)):
            ref = m.group(1).decode("ascii", "replace")
            end = _CELL.search(ref.split(":")[-1].replace("$", ""))
            if end:
                declared = (int(end.group(2)), _column_number(end.group(1)))
                _extent(name, "声明范围", "declared extent", *declared, limits, fail)
        begun = max(0, text.rfind(b"<"))  # a reference lies inside one tag: none is cut
        rows, columns = _furthest(text[:begun], rows, columns)
        tail = text[begun:]
        if rows > limits.max_rows or columns > limits.max_columns:
            break
    rows, columns = _furthest(tail, rows, columns)
    _extent(name, "实际范围", "actual extent", rows, columns, limits, fail)


def _furthest(text: bytes, rows: int, columns: int) -> tuple[int, int]:
    """The furthest row and column referred to in ``text``, or those given if further.

    One ``findall`` and C-level ``max`` over its results: about 0.6 s for a sheet of
    100,000 rows of 13 columns, two thirds of the reader's own time for its cells.
    """
    found = _REF.findall(text)
    if not found:
        return rows, columns
    rows = max(rows, max(map(int, map(_SECOND, found))))
    letters = max(map(_FIRST, found), key=len)
    if len(letters) > 1:  # the widest of the longest (equal lengths compare as numbers)
        letters = max(x for x, _ in found if len(x) == len(letters))
    elif letters:
        letters = max(map(_FIRST, found))
    if letters:
        columns = max(columns, _column_number(letters))
    return rows, columns


def _extent(
    name: str,
    what_zh: str,
    what_en: str,
    rows: int,
    columns: int,
    limits: WorkbookLimits,
    fail: Callable[[str], Exception],
) -> None:
    if (
        rows <= limits.max_rows
        and columns <= limits.max_columns
        and rows * columns <= limits.max_cells
    ):
        return
    bounds_zh = (
        f"最多 {limits.max_rows:,} 行、{limits.max_columns:,} 列、共 {limits.max_cells:,} 个单元格"
    )
    bounds_en = (
        f"{limits.max_rows:,} rows, {limits.max_columns:,} columns, {limits.max_cells:,} cells"
    )
    raise fail(
        f"工作表 {echo(name)} 的{what_zh}为 {rows:,} 行 × {columns:,} 列，超过上限（"
        f"{bounds_zh}）；请删去表格以外的空白行列后另存（Excel 中按 Ctrl+End 可见最远的单元格） / "
        f"the {what_en} of sheet {echo(name)} is {rows:,} rows × {columns:,} columns, "
        f"beyond the limits ({bounds_en}); delete the empty rows and columns beyond the table "
        "and save again, or raise the limits (WorkbookLimits, docs/safety.md)"
    )


def _long_text(part: str) -> str:
    return (
        f"工作簿的 {echo(part)} 中有单元格文字超过 {MAX_CELL_CHARACTERS:,} 个字符（Excel 的上限），"
        f"文件不是 Excel 或 WPS 保存的正常工作簿 / a cell in the workbook's {echo(part)} holds "
        f"more than {MAX_CELL_CHARACTERS:,} characters (Excel's own limit): not a workbook as "
        "Excel or WPS saves it"
    )


def _too_big(part: str, size: int | None, limits: WorkbookLimits) -> str:
    mib = limits.max_inflated // _MIB
    has = f"（{size // _MIB:,} MiB）" if size is not None else ""
    has_en = f" ({size // _MIB:,} MiB)" if size is not None else ""
    return (
        f"工作簿的 {echo(part)} 解压后超过 {mib:,} MiB{has}，超过上限；请确认文件无误，或拆分后"
        f"再读 / the workbook's {echo(part)} inflates beyond {mib:,} MiB{has_en}, beyond the "
        "limit; check the file, split it, or raise the limit (WorkbookLimits, docs/safety.md)"
    )
