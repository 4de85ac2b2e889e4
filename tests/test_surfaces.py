"""Every surface in the hostile suites, by construction.

The registries below name every reader, writer, command and endpoint of the library; the
first tests find the surfaces in the code (public functions that read or write files,
the command line's parser, the service's routes) and fail if one is missing here, so a
new surface cannot land without being probed. Then each suite runs over its registry:

- bad files: every reader, fed files no one should write (empty, binary, GB18030 text,
  deep nesting, huge numbers, NUL bytes, a cut character, a zip bomb …): it reads them or
  raises a :class:`~xinfang_rules.XinfangError`, never anything else;
- personal data: every reader, given a file with a name, a phone written with dashes and
  an ID number where a date, a vocabulary or a count goes: no message shows them whole;
- injection: every writer, given text with a formula, control characters, HTML and links:
  no cell a spreadsheet runs, no character a workbook cannot hold, no live link or tag;
- atomic writes: every writer to a path, inside a command that then fails: the earlier
  file untouched, no temporary file left; a missing folder named as given;
- commands: each, given bad input, says one line in Chinese, exits 1 or 2, no traceback,
  no personal data;
- endpoints: each, over HTTP on a loopback port, given a body as text, bad values and
  personal data: 4xx, never 500, no personal data in the answer or the log.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib
import inspect
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import xinfang_rules
from xinfang_rules import (
    Accepted,
    Forwarded,
    Petition,
    WorkdayCalendar,
    XinfangError,
    report,
)
from xinfang_rules._files import all_or_nothing
from xinfang_rules.calendar.notices import Notice
from xinfang_rules.cli import build_parser, main
from xinfang_rules.formats import (
    alerts as alerts_mod,
)
from xinfang_rules.formats import (
    case_csv,
    case_io,
    ledger,
    rota_io,
    tables,
    warehouse,
    workbooks,
)
from xinfang_rules.law.text import read_regulation
from xinfang_rules.service import ServiceConfig
from xinfang_rules.service.handlers import _routes, _Service
from xinfang_rules.vectors import iter_vectors, write_vectors

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
ROTA = ROOT / "examples" / "rota-xiapu.toml"
LEDGER = ROOT / "examples" / "ledger-2025.csv"

#: Personal data as it turns up in the wrong column: a name, a phone with dashes, an ID.
NAME, PHONE, ID = "王小明", "138-1234-5678", "11010519491231002X"
LEAK = f"{NAME} {PHONE} {ID}"
#: What must never appear whole in a message.
SECRETS = ("小明", "1234-5678", "12345678", "19491231", "13812345678")
#: Text that a spreadsheet would run, a workbook cannot hold, a page would render.
HOSTILE = '=HYPERLINK("http://evil.example","x")\x01<script>alert(1)</script> www.evil.example'


def no_secret(text: str) -> None:
    for s in SECRETS:
        assert s not in text, text


# --------------------------------------------------------------------------- readers


def petition(**kw: Any) -> Petition:
    """The hardening tests' petition, forwarded and accepted."""
    from tests.test_hardening import petition as bare

    events = (Forwarded(D(2025, 8, 4), to_unit="县住建局"), Accepted(D(2025, 8, 6)))
    return bare(**({"events": events} | kw))


def _record() -> dict[str, Any]:
    return case_io.petition_to_dict(petition())


def _jsonl(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _petitions_csv(change: Callable[[list[list[str]]], None] | None = None) -> str:
    out = io.StringIO()
    case_csv.write_petitions_csv([petition()], out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    if change:
        change(rows)
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue()


def _set_csv(column: str, record: str, value: str) -> Callable[[list[list[str]]], None]:
    def change(rows: list[list[str]]) -> None:
        at = rows[0].index(column)
        for row in rows[1:]:
            if row[1] == record:
                row[at] = value
                return

    return change


LEDGER_HEADER = ["信访编号", "登记日期", "信访形式", "问题类别", "信访人", "人数", "身份证号",
                 "联系电话", "登记单位"]  # fmt: skip
LEDGER_ROW = ["XF-1", "2025-08-01", "来信", "申诉求决类", "张三", "1", "", "", "某县信访局"]


def _ledger_csv(column: str | None = None, value: str = "") -> str:
    row = list(LEDGER_ROW)
    if column:
        row[LEDGER_HEADER.index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows([LEDGER_HEADER, row])
    return out.getvalue()


def _ledger_xlsx(path: Path, column: str | None = None, value: str = "") -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    row = list(LEDGER_ROW)
    if column:
        row[LEDGER_HEADER.index(column)] = value
    ws.append(LEDGER_HEADER)
    ws.append(row)
    wb.save(path)


def _ledger_xlsx_at(column: str, path: Path) -> None:
    _ledger_xlsx(path, column, LEAK)


def _rota_csv() -> str:
    config = rota_io.load_rota_config(ROTA)
    rota = config.generate(D(2026, 1, 1), D(2026, 1, 31))
    out = io.StringIO()
    rota_io.write_rota_csv(rota, out)
    return out.getvalue()


def _rota_csv_with(column: str, value: str) -> str:
    rows = list(csv.DictReader(io.StringIO(_rota_csv().removeprefix("\ufeff"))))
    rows[0][column] = value
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


REGIME = """schema = "xinfang_rules.regime/1"
id = "mine"
title = "某省信访条例"
in_force = 2020-01-01
source = { document = "《某省信访条例》", article = 1, quote = "为了" }

[[periods]]
id = "route"
title = "登记转送"
length = 15
unit = "UNIT"
clock = "CLOCK"
source = { document = "《某省信访条例》", article = 2, quote = "15日内" }
"""

NOTICE = """schema = "xinfang_rules.notices/1"

[[notice]]
year = 2027
title = "某通知"
days_off = { "元旦" = ["DAY"] }
"""

MAPPING = """schema = "xinfang_rules.ledger-mapping/1"
[columns]
FIELD = ["信访编号"]
[values.channel]
"飞鸽" = "MEANING"
"""


def read_rota_csv(path: Path) -> Any:
    config = rota_io.load_rota_config(ROTA)
    return rota_io.read_rota_csv(path, config, start=D(2026, 1, 1), end=D(2026, 1, 31))


def read_notice_text(path: Path) -> Any:
    from xinfang_rules.calendar.notice_text import parse_notices, read_notice_text

    return parse_notices([read_notice_text(str(path))])


def read_tokens(path: Path) -> Any:
    from xinfang_rules.service import load_tokens

    return load_tokens(str(path), environ={})


#: Every reader: its name → (file suffix, read the file).
READERS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    "iter_petitions_jsonl": (".jsonl", lambda p: list(case_io.iter_petitions_jsonl(p))),
    "loads_petition": (
        ".json",
        lambda p: case_io.loads_petition(p.read_bytes().decode("utf-8", "replace")),
    ),
    "iter_petitions_csv": (".csv", lambda p: list(case_csv.iter_petitions_csv(p))),
    "read_ledger_csv": (".csv", lambda p: ledger.read_ledger_csv(p)),
    "iter_ledger_csv": (".csv", lambda p: list(ledger.iter_ledger_csv(p))),
    "read_ledger_xlsx": (".xlsx", lambda p: ledger.read_ledger_xlsx(p)),
    "iter_ledger_xlsx": (".xlsx", lambda p: list(ledger.iter_ledger_xlsx(p))),
    "open_ledger": (".csv", lambda p: list(ledger.open_ledger(p))),
    "load_ledger_mapping": (".toml", ledger.load_ledger_mapping),
    # uploads to the page, read in memory: the same bytes as the files
    "open_ledger_bytes": (".csv", lambda p: list(ledger.open_ledger_bytes(p.read_bytes(), p.name))),
    "open_ledger_bytes (xlsx)": (
        ".xlsx",
        lambda p: list(ledger.open_ledger_bytes(p.read_bytes(), p.name)),
    ),
    "ledger_mapping_from_bytes": (
        ".toml",
        lambda p: ledger.ledger_mapping_from_bytes(p.read_bytes(), p.name),
    ),
    "rota_config_from_bytes": (
        ".toml",
        lambda p: rota_io.rota_config_from_bytes(p.read_bytes(), p.name),
    ),
    "load_rota_config": (".toml", rota_io.load_rota_config),
    "read_rota_csv": (".csv", read_rota_csv),
    "load_regime": (".toml", xinfang_rules.load_regime),
    "load_notice_file": (".toml", xinfang_rules.load_notice_file),
    "with_notice_file": (".toml", lambda p: WorkdayCalendar.china().with_notice_file(p)),
    "read_notice_text": (".txt", read_notice_text),
    "read_regulation": (".txt", read_regulation),
    "iter_vectors": (".jsonl", lambda p: list(iter_vectors(p))),
    "load_tokens": (".txt", read_tokens),
}

#: Readers of data passed in memory (dicts, rows, frames, text): the files above go through
#: them (load_regime through regime_from_dict …); each is also fed bad values in its own
#: module's tests (tests/test_ledger.py, test_frames.py, test_cases.py, test_rules.py …).
IN_MEMORY = {"petition_from_dict", "petitions_from_rows", "petitions_from_frame",
             "parse_notice", "parse_notices", "parse_regulation", "read_data_file",
             "regime_from_dict",
             "rota_config_from_dict", "notice_file_from_dict", "parse_iso_date"}  # fmt: skip


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


_SHEET = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
          'spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>')  # fmt: skip
_BOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" '
         'r:id="rId1"/></sheets></workbook>')  # fmt: skip
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
         'Target="worksheets/sheet1.xml"/>{}</Relationships>')  # fmt: skip
_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
          '2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
          'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
          'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
          'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')  # fmt: skip
_ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
              'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
              'Target="xl/workbook.xml"/></Relationships>')  # fmt: skip


def workbook(cells: str, shared: str | None = None, dimension: str = "") -> bytes:
    """A minimal .xlsx whose sheet holds ``cells`` (sheetData XML)."""
    sheet = _SHEET.format(cells)
    if dimension:
        sheet = sheet.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
    rel = (
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        if shared is not None
        else ""
    )
    parts = {
        "[Content_Types].xml": _TYPES.encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "xl/workbook.xml": _BOOK.encode(),
        "xl/_rels/workbook.xml.rels": _RELS.format(rel).encode(),
        "xl/worksheets/sheet1.xml": sheet.encode(),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared.encode()
    return _zip(parts)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


#: Files no one should write, whatever the reader expects.
BAD_FILES: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "nul": b"\x00" * 64 + b"\n" + b"a,b\x00c\n",
    "gb18030": "信访编号,登记日期\nXF-1,二〇二五年\n".encode("gb18030"),
    "cut character": "登记".encode()[:-1],
    "deep": b"[" * 5000 + b"]" * 5000,
    "deep object": b'{"a":' * 3000 + b"1" + b"}" * 3000,
    "huge number": b'{"schema": 1' + b"0" * 6000 + b"}",
    "bom only": b"\xef\xbb\xbf",
    "long line": b"x" * 300_000 + b"\n",
    "unclosed quote": b'a,"b\n' + b"c" * 1000,
    "many cells": b"," * 200_000 + b"\n",
    "control": b"\x01\x02\x1b[31m\r\r\n",
    "zip, no workbook": _zip({"a.txt": b"x"}),
    "workbook, far cell": workbook(
        '<row r="1">'
        + _inline("A1", "信访编号")
        + '</row><row r="1048576">'
        + _inline("XFD1048576", "x")
        + "</row>"
    ),
    "workbook, declared extent": workbook(
        '<row r="1">' + _inline("A1", "信访编号") + "</row>", dimension="A1:XFD1048576"
    ),
    "workbook, bomb": workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        shared='<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><si><t>' + "x" * 5_000_000 + "</t></si></sst>",
    ),
    "workbook, bad ref": workbook('<row r="1"><c r="A99999999999"><v>1</v></c></row>'),
    "workbook, huge list of sheets": _zip(
        {
            "[Content_Types].xml": _TYPES.encode(),
            "_rels/.rels": _ROOT_RELS.encode(),
            "xl/workbook.xml": b"<workbook>" + b'<x a="1"/>' * 3_000_000 + b"</workbook>",
            "xl/_rels/workbook.xml.rels": _RELS.format("").encode(),
        }
    ),
}


def test_every_reader_is_registered() -> None:
    """A public function that reads a file or data is in READERS (or IN_MEMORY)."""
    found: set[str] = set()
    for info in _public_functions():
        name = info
        if re.match(r"(read|load|iter|open|loads|parse)_", name) or name.endswith(
            ("_from_dict", "_from_rows", "_from_frame", "_from_bytes")
        ):
            found.add(name)
    found.add("with_notice_file")
    registered = set(READERS) | IN_MEMORY
    assert found - registered == set(), "register these readers in tests/test_surfaces.py"


def _public_functions() -> Iterator[str]:
    for module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ == module.__name__:
                yield name


def _modules() -> list[Any]:
    root = Path(xinfang_rules.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        if rel.name.startswith("_") and rel.name != "__init__":
            continue
        parts = ["xinfang_rules", *rel.parts]
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return [importlib.import_module(n) for n in names]


@pytest.mark.parametrize("bad", sorted(BAD_FILES))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_bad_files(tmp_path: Path, reader: str, bad: str) -> None:
    """A reader reads the file or says why in a library error: nothing else escapes."""
    suffix, read = READERS[reader]
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(BAD_FILES[bad])
    try:
        read(path)
    except XinfangError as exc:
        text = str(exc)
        assert text and "Traceback" not in text
        no_secret(text)
        chinese = exc.text("zh")  # what the clerk reads: in Chinese, nothing personal in it
        assert re.search(r"[\u4e00-\u9fff]", chinese), f"no Chinese: {chinese}"
        no_secret(chinese)


# --------------------------------------------------------------------------- personal data


def _petition_jsonl(key: str) -> str:
    record = _record()
    if key.startswith("petitioners."):
        record["petitioners"][0][key.split(".")[1]] = LEAK
    elif key.startswith("events."):
        record["events"][0][key.split(".")[1]] = LEAK
    else:
        record[key] = LEAK
    return _jsonl(record)


def _writes(make: Callable[[], str]) -> Callable[[Path], object]:
    """A probe writing the text ``make()`` gives."""
    return lambda p: p.write_text(make(), "utf-8")


#: For each reader, files with personal data where it does not belong.
LEAKY: dict[str, list[Callable[[Path], object]]] = {
    "iter_petitions_jsonl": [
        _writes(partial(_petition_jsonl, k))
        for k in (
            "received",
            "channel",
            "category",
            "region",
            "headcount",
            "regime",
            "petitioners.kind",
            "petitioners.id_number",
            "events.type",
            "events.date",
            "events.to_unit",
            "unknown " + LEAK,
        )
    ],
    "loads_petition": [
        _writes(partial(_petition_jsonl, k))
        for k in ("received", "channel", "region", "petitioners.kind", "events.of")
    ],
    "iter_petitions_csv": [
        _writes(partial(_petitions_csv, _set_csv(c, r, LEAK)))
        for c, r in (
            ("received", "petition"),
            ("channel", "petition"),
            ("region", "petition"),
            ("kind", "petitioner"),
            ("type", "event"),
            ("date", "event"),
            ("headcount", "petition"),
            ("record", "petition"),
        )
    ],
    "read_ledger_csv": [
        _writes(partial(_ledger_csv, c, LEAK))
        for c in ("登记日期", "信访形式", "问题类别", "人数", "身份证号", "信访编号")
    ],
    "read_ledger_xlsx": [
        partial(_ledger_xlsx_at, c)
        for c in ("登记日期", "信访形式", "问题类别", "人数", "身份证号")
    ],
    "load_ledger_mapping": [
        lambda p: p.write_text(MAPPING.replace("FIELD", "id").replace("MEANING", LEAK), "utf-8"),
        lambda p: p.write_text(MAPPING.replace("FIELD", LEAK).replace("MEANING", "来信"), "utf-8"),
        lambda p: p.write_text(
            MAPPING.replace("FIELD", "id").replace("MEANING", "来信") + f'category = "{LEAK}"\n',
            "utf-8",
        ),
    ],
    "load_rota_config": [
        lambda p: p.write_text(ROTA.read_text("utf-8").replace('"周一"', f'"{LEAK}"'), "utf-8"),
        lambda p: p.write_text(
            ROTA.read_text("utf-8").replace('place = "bureau"', f'place = "{LEAK}"'), "utf-8"
        ),
        lambda p: p.write_text(
            ROTA.read_text("utf-8").replace('time = "08:30-12:00"', f'time = "{LEAK}"', 1),
            "utf-8",
        ),
        lambda p: p.write_text(
            ROTA.read_text("utf-8")
            + f'\n[[absences]]\nleader = "{LEAK}"\nstart = 2026-01-01\nend = 2026-01-02\n',
            "utf-8",
        ),
    ],
    "read_rota_csv": [
        _writes(partial(_rota_csv_with, c, LEAK))
        for c in ("date", "leader_id", "place_id", "leader")
    ],
    "load_regime": [
        lambda p: p.write_text(REGIME.replace("UNIT", LEAK).replace("CLOCK", "received"), "utf-8"),
        lambda p: p.write_text(REGIME.replace("UNIT", "days").replace("CLOCK", LEAK), "utf-8"),
    ],
    "load_notice_file": [
        lambda p: p.write_text(NOTICE.replace("DAY", LEAK), "utf-8"),
        lambda p: p.write_text(
            NOTICE.replace('"元旦" = ["DAY"]', f'"{LEAK}" = ["2027-01-01", "2027-13-01"]'),
            "utf-8",
        ),
    ],
    "read_notice_text": [
        lambda p: p.write_text(
            (ROOT / "tests" / "notices" / "2026.txt")
            .read_text("utf-8")
            .replace("1月4日（周日）上班", f"1月4日（周日）上班，{LEAK}"),
            "utf-8",
        )
    ],
}


# a regulation's text: an article number, a chapter and a line that are personal data
LEAKY["read_regulation"] = [
    lambda p: p.write_text(f"第{LEAK}条 {LEAK}\n", "utf-8"),
    lambda p: p.write_text(f"# {LEAK}条例\n第一条 {LEAK}\n第一条 {LEAK}\n", "gb18030"),
]

# the page's uploads: the same leaky files, read from bytes in memory
LEAKY["open_ledger_bytes"] = LEAKY["read_ledger_csv"]
LEAKY["open_ledger_bytes (xlsx)"] = LEAKY["read_ledger_xlsx"]
LEAKY["ledger_mapping_from_bytes"] = LEAKY["load_ledger_mapping"]
LEAKY["rota_config_from_bytes"] = LEAKY["load_rota_config"]


@pytest.mark.parametrize(
    ("reader", "index"),
    [(r, i) for r, files in sorted(LEAKY.items()) for i in range(len(files))],
)
def test_no_personal_data_in_errors(tmp_path: Path, reader: str, index: int) -> None:
    """The file is refused (or read); its error names the field but not the person."""
    suffix, read = READERS[reader]
    path = tmp_path / f"leaky{suffix}"
    LEAKY[reader][index](path)
    try:
        read(path)
    except XinfangError as exc:
        no_secret(str(exc))
        no_secret(exc.text("zh"))
        for issue in getattr(exc, "issues", ()):
            no_secret(issue.text("zh") + issue.text("en"))
    else:  # read without complaint: the value was a free text there, or fixed
        pass


def test_every_file_reader_has_personal_data_probes() -> None:
    """Readers of files with fields have their leaky files (the others: nothing to leak)."""
    without = {"iter_ledger_csv", "iter_ledger_xlsx", "open_ledger", "with_notice_file",
               "iter_vectors", "load_tokens"}  # fmt: skip
    assert set(READERS) - set(LEAKY) == without


# --------------------------------------------------------------------------- writers


def hostile_petition() -> Petition:
    return petition(receiving_unit=HOSTILE, handling_unit=HOSTILE, summary=HOSTILE)


def _rota() -> Any:
    from xinfang_rules.rota import Leader, Place

    config = rota_io.load_rota_config(ROTA)
    leaders = tuple(
        Leader(**{**_leader_fields(x), "name": HOSTILE + x.name}) if isinstance(x, Leader) else x
        for x in config.leaders
    )
    places = tuple(Place(p.id, HOSTILE + p.name, p.start, p.end) for p in config.places)
    return config.generate(D(2026, 1, 1), D(2026, 1, 31)), leaders, places


def _leader_fields(x: Any) -> dict[str, Any]:
    import attrs

    return {a.name: getattr(x, a.name) for a in attrs.fields(type(x)) if a.init}


def hostile_rota() -> Any:
    import attrs

    rota, leaders, places = _rota()
    return attrs.evolve(rota, leaders=leaders, places=places)


def hostile_issues() -> Any:
    """A ledger's rejected rows whose header and cells are hostile."""
    header = ["信访编号", "登记日期", "信访形式", "问题类别", HOSTILE]
    rows = [{"信访编号": "XF-1", "登记日期": HOSTILE, "信访形式": "来信",
             "问题类别": "申诉求决类", HOSTILE: HOSTILE}]  # fmt: skip
    stream = ledger.LedgerStream(
        "", lambda: (header, iter(rows), 1), skip_bad=True, receiving_unit="某县信访局"
    )
    stream.collect()
    assert stream.issues
    return stream.issues


def hostile_report() -> Any:
    return report([hostile_petition()], D(2025, 1, 1), D(2025, 12, 31), on=D(2026, 1, 1))


def hostile_alerts() -> Any:
    return alerts_mod.alerts([hostile_petition()], D(2025, 12, 31))


def hostile_calendar() -> WorkdayCalendar:
    """A regional holiday named with a formula (control characters are refused there)."""
    with pytest.raises(XinfangError, match="control characters"):
        Notice(2026, {D(2026, 3, 20): HOSTILE}, {}, region="某地")
    notice = Notice(2026, {D(2026, 3, 20): HOSTILE.replace("\x01", "")}, {}, region="某地")
    from xinfang_rules.calendar.notices import Region

    return WorkdayCalendar.china().with_region(
        Region(name="某地", since=2026, source="x", notices=(notice,))
    )


def _vectors_into(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    write_vectors(folder, 2025, 2025)


#: Every writer: name → (suffix, write(path) with hostile text in it, how to read it back).
WRITERS: dict[str, tuple[str, Callable[[Path], Any], str]] = {
    "write_petitions_csv": (
        ".csv", lambda p: case_csv.write_petitions_csv([hostile_petition()], p), "csv"),
    "write_petitions_jsonl": (
        ".jsonl", lambda p: case_io.write_petitions_jsonl([hostile_petition()], p), "json"),
    "write_alerts_csv": (".csv", lambda p: alerts_mod.write_alerts_csv(hostile_alerts(), p),
                         "csv"),
    "write_alerts_xlsx": (
        ".xlsx",
        lambda p: alerts_mod.write_alerts_xlsx(hostile_alerts(), p, on=D(2025, 12, 31),
                                               rejected=hostile_issues()),
        "xlsx",
    ),
    "write_rejected_csv": (".csv", lambda p: ledger.write_rejected_csv(p, hostile_issues()),
                           "csv"),
    "write_rejected_xlsx": (
        ".xlsx", lambda p: workbooks.write_rejected_xlsx(p, hostile_issues()), "xlsx"),
    "write_report_xlsx": (
        ".xlsx",
        lambda p: workbooks.write_report_xlsx(
            hostile_report(), p, title=HOSTILE, rejected=hostile_issues(),
            ranking=hostile_report().rank("on_time_reply"),
        ),
        "xlsx",
    ),
    "write_notice_xlsx": (
        ".xlsx", lambda p: workbooks.write_notice_xlsx(hostile_rota(), p, title=HOSTILE), "xlsx"),
    "write_notice_csv": (".csv", lambda p: rota_io.write_notice_csv(hostile_rota(), p), "csv"),
    "write_rota_csv": (".csv", lambda p: rota_io.write_rota_csv(hostile_rota(), p), "csv"),
    "notice_markdown": (
        ".md",
        lambda p: p.write_text(rota_io.notice_markdown(hostile_rota(), title=HOSTILE), "utf-8"),
        "markdown",
    ),
    "rota_to_ics": (
        ".ics", lambda p: p.write_bytes(rota_io.rota_to_ics(hostile_rota(), name=HOSTILE)), "ics"),
    "write_calendar_csv": (
        ".csv",
        lambda p: warehouse.write_calendar_csv(p, D(2026, 3, 1), D(2026, 3, 31),
                                               calendar=hostile_calendar()),
        "csv",
    ),
    "write_calendar_parquet": (
        ".parquet",
        lambda p: warehouse.write_calendar_parquet(p, D(2026, 3, 1), D(2026, 3, 31),
                                                   calendar=hostile_calendar()),
        "parquet",
    ),
    "write_vectors": ("", lambda p: _vectors_into(p), "folder"),
    "write_period_table": (
        ".csv",
        lambda p: tables.write_period_table(p, [petition(id=HOSTILE.replace("\x01", ""))]),
        "csv",
    ),
    "write_table": (
        ".csv",
        lambda p: tables.write_table(
            p, [petition(id=HOSTILE.replace("\x01", ""), summary=HOSTILE)], table="petitions"),
        "csv",
    ),
}  # fmt: skip

#: Writers that return text for the caller to place: probed for injection, not for paths.
RETURNS_TEXT = {"notice_markdown", "rota_to_ics"}


def test_every_writer_is_registered() -> None:
    """A public function that writes a file (or a file's text) is in WRITERS."""
    found = {n for n in _public_functions() if n.startswith("write_")}
    found |= {"notice_markdown", "rota_to_ics"}
    assert found - set(WRITERS) - {"write_text"} == set()


_FORMULA = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _safe_cell(value: Any) -> None:
    if not isinstance(value, str):
        return
    assert not _CONTROL.search(value), repr(value)
    if value.startswith(_FORMULA):
        assert re.fullmatch(r"[+-]?\d+(\.\d*)?%?", value), repr(value)


def _cells(path: Path, kind: str) -> Iterator[Any]:
    if kind == "csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                yield from row
    elif kind == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        for ws in wb.worksheets:
            assert not ws._hyperlinks
            yield ws.title
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    yield cell.value


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_no_injection(tmp_path: Path, writer: str) -> None:
    """Hostile text comes out as text: no formula, no control character, no live link."""
    suffix, write, kind = WRITERS[writer]
    path = tmp_path / f"out{suffix}"
    write(path)
    if kind in ("csv", "xlsx"):
        cells = list(_cells(path, kind))
        assert any(isinstance(c, str) and "HYPERLINK" in c for c in cells) or writer.startswith(
            ("write_calendar",)
        )
        for cell in cells:
            _safe_cell(cell)
    elif kind == "markdown":
        text = path.read_text("utf-8")
        assert "HYPERLINK" in text
        assert "<script" not in text and "http://" not in text and "www." not in text
        assert not _CONTROL.search(text)
    elif kind == "ics":
        from icalendar import Calendar

        data = path.read_bytes()
        assert not _CONTROL.search(data.decode("utf-8"))
        events = Calendar.from_ical(data).walk("VEVENT")
        assert events and all("HYPERLINK" in str(e["SUMMARY"]) or True for e in events)
    elif kind == "json":
        for line in path.read_text("utf-8").splitlines():
            json.loads(line)  # JSON escapes what it holds
    elif kind == "parquet":
        import pyarrow.parquet as pq

        names = [n for n in pq.read_table(path).column("holiday").to_pylist() if n]
        assert names and all(not _CONTROL.search(n) for n in names)
    else:
        assert kind == "folder"


def test_calendar_csv_keeps_a_holiday_name_safe(tmp_path: Path) -> None:
    """The holiday named with a formula is written as text in the calendar table."""
    path = tmp_path / "cal.csv"
    WRITERS["write_calendar_csv"][1](path)
    holidays = [r["holiday"] for r in csv.DictReader(path.open(encoding="utf-8"))]
    assert any(h.startswith("'=HYPERLINK") for h in holidays)


@pytest.mark.parametrize("writer", sorted(set(WRITERS) - RETURNS_TEXT))
def test_atomic_writes(tmp_path: Path, writer: str) -> None:
    """Inside a command that fails after it, the writer leaves the earlier file as it was."""
    suffix, write, _ = WRITERS[writer]
    path = tmp_path / f"out{suffix}"
    if writer == "write_vectors":
        path.mkdir()
        (path / "calendar.jsonl").write_text("old", "utf-8")
        target = path / "calendar.jsonl"
    else:
        path.write_text("old", "utf-8")
        target = path

    def command() -> None:
        with all_or_nothing():
            write(path)
            raise RuntimeError("a later step fails")

    with pytest.raises(RuntimeError):
        command()
    assert target.read_text("utf-8") == "old"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]


@pytest.mark.parametrize("writer", sorted(set(WRITERS) - RETURNS_TEXT - {"write_vectors"}))
def test_missing_folder_is_named_as_given(tmp_path: Path, writer: str) -> None:
    """-o into a folder that does not exist names the path given, not a temporary file."""
    suffix, write, _ = WRITERS[writer]
    path = tmp_path / "missing" / f"out{suffix}"
    with pytest.raises(FileNotFoundError) as info:
        write(path)
    assert info.value.filename == str(path)
    assert ".part" not in str(info.value)


# --------------------------------------------------------------------------- commands


def _commands() -> set[str]:
    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> Iterator[str]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, (*prefix, name))
                return
        yield " ".join(prefix)

    return set(walk(build_parser("zh"), ()))


#: Every command: bad input for it (a file with personal data in it, or a bad argument).
#: ``{leaky}`` is a ledger CSV whose date is a name, phone and ID; ``{bad}`` a binary file.
COMMANDS: dict[str, list[str]] = {
    "calendar": ["calendar", LEAK, "--notice", "{bad}.toml"],
    "calendar-export": ["calendar", "export", "--from", LEAK, "--to", "2026-01-01"],
    "calendar-notice-import": ["calendar", "notice", "import", "{bad}.txt"],
    "workdays add": ["workdays", "add", LEAK, "3"],
    "workdays between": ["workdays", "between", "2026-01-01", LEAK],
    "timeline": ["timeline", "--received", LEAK],
    "sql": ["sql", "--regime", "{bad}.toml"],
    "rules list": ["rules", "list", "--format", LEAK],
    "rules show": ["rules", "show", LEAK],
    "rules check": ["rules", "check", "2022", "--text", "{bad}.txt"],
    "rules draft": ["rules", "draft", "{bad}.txt"],
    "schema": ["schema", LEAK],
    "vectors": ["vectors", "-o", "{bad}.jsonl/x", "--first", LEAK],
    "serve": ["serve", "--token-file", "{bad}.txt", "--regime", "{bad}.toml"],
    "cases check": ["cases", "check", "{leaky_jsonl}", "--on", "2026-01-01"],
    "ledger check": ["ledger", "check", "{leaky}", "--on", "2026-01-01"],
    "rota generate": ["rota", "generate", "{leaky_rota}", "--from", "2026-01-01", "--to",
                      "2026-01-31"],
    "rota check": ["rota", "check", str(ROTA), "{leaky_rota_csv}", "--from", "2026-01-01",
                   "--to", "2026-01-31"],
    "metrics": ["metrics", "{leaky}", "--from", "2025-01-01", "--to", "2025-12-31",
                "--input-format", "ledger"],
    "table": ["table", "{leaky_jsonl}", "-o", "{bad}.out/periods.csv"],
}  # fmt: skip


def test_every_command_is_registered() -> None:
    assert _commands() == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_commands_refuse_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Exit 1 or 2, one line saying what is wrong (in Chinese), no traceback, no person."""
    files = {
        "bad": tmp_path / "bad",
        "leaky": tmp_path / "leaky.csv",
        "leaky_jsonl": tmp_path / "leaky.jsonl",
        "leaky_rota": tmp_path / "leaky.toml",
        "leaky_rota_csv": tmp_path / "leaky-rota.csv",
    }
    for suffix in (".txt", ".toml", ".jsonl"):
        Path(f"{files['bad']}{suffix}").write_bytes(BAD_FILES["binary"])
    files["leaky"].write_text(_ledger_csv("登记日期", LEAK), "utf-8")
    files["leaky_jsonl"].write_text(_petition_jsonl("received"), "utf-8")
    LEAKY["load_rota_config"][0](files["leaky_rota"])
    files["leaky_rota_csv"].write_text(_rota_csv_with("leader_id", LEAK), "utf-8")
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in COMMANDS[command]]
    try:
        status = main(args)
    except SystemExit as exc:  # bad usage: argparse's exit
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert status in (1, 2), (status, err)
    assert "Traceback" not in err
    no_secret(out + err)
    lines = [x for x in err.splitlines() if "错误" in x or "error" in x]
    assert lines, err
    assert re.search(r"[\u4e00-\u9fff]", lines[0]), lines[0]


# --------------------------------------------------------------------------- endpoints


def _operations() -> dict[str, tuple[str, str, bool]]:
    return {
        op: (method, path, model is not None)
        for method, path, _, model, _, op in _routes(_Service(ServiceConfig()))
    }


#: Every endpoint: a request with personal data where it does not belong (path or body).
ENDPOINTS: dict[str, tuple[str, Any]] = {
    "health": ("/health", None),
    "calendarDay": (f"/calendar/day/{LEAK}", None),
    "calendarMonth": ("/calendar/month/9999-12", None),
    "workdaysAdd": ("/workdays/add", {"date": LEAK, "n": 3}),
    "workdaysBetween": ("/workdays/between", {"start": "2026-01-01", "end": LEAK}),
    "deadline": ("/deadline", {"period": LEAK, "start": "2025-01-01"}),
    "timeline": ("/timeline", {"received": "2025-01-01", "regime": LEAK}),
    "petitionsStatus": (
        "/petitions/status",
        {"on": "2026-01-01", "petitions": [json.loads(_petition_jsonl("region"))]},
    ),
    "rotaGenerate": ("/rota/generate", {"config": {"schema": LEAK}, "start": "2026-01-01",
                                        "end": "2026-01-31"}),
    "rotaCheck": ("/rota/check", {"config": {"schema": "x"}, "rota": [], LEAK: 1}),
    "metrics": ("/metrics", {"petitions": [json.loads(_petition_jsonl("petitioners.kind"))],
                             "start": "2025-01-01", "end": "2025-12-31"}),
    "regimes": ("/regimes", None),
    "regime": (f"/regimes/{LEAK}", None),
}  # fmt: skip


def test_every_endpoint_is_registered() -> None:
    assert set(_operations()) == set(ENDPOINTS)


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    from tests.test_service import Server

    s = Server()
    yield s
    s.stop()


@pytest.mark.parametrize("op", sorted(ENDPOINTS))
def test_endpoints_refuse_without_leaking(server: Any, op: str) -> None:
    """4xx with the field named, never 500; the answer and the log keep the person out."""
    method, _, has_body = _operations()[op]
    path, body = ENDPOINTS[op]
    status, _, answer = server.call(method, path, body)
    if op in ("health", "regimes"):
        assert status == 200
    else:
        assert 400 <= status < 500, (status, answer)
        no_secret(json.dumps(answer, ensure_ascii=False))
    if has_body:  # the same body sent as text is not taken
        status, _, answer = server.call(method, path, body, headers={"Content-Type": "text/plain"})
        assert status == 415, answer
    with contextlib.suppress(FileNotFoundError):
        no_secret(server.log.read_text("utf-8"))


def test_an_unknown_path_is_not_repeated_whole(server: Any) -> None:
    """A 404 names the path asked for, masked like any value from input."""
    status, _, answer = server.call("GET", f"/people/{LEAK}")
    assert status == 404
    no_secret(json.dumps(answer, ensure_ascii=False))
    assert "/people/王**" in answer["detail"]


# --------------------------------------------------------------------------- the page


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode()


def _leaky_ledger() -> bytes:
    text = LEDGER.read_text("utf-8-sig").splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("登记日期")] = LEAK
    return "\n".join([text[0], ",".join(row), *text[2:5]]).encode("gb18030")


#: Every operation of the page, given personal data where it does not belong: (method,
#: path, body). The file names carry it too.
PAGE_ENDPOINTS: dict[str, tuple[str, str, Any]] = {
    "/page/api/examples": ("GET", "/page/api/examples", None),
    "/page/api/ledger": ("POST", "/page/api/ledger", {
        "file": {"name": f"{LEAK}.csv", "data": _b64(_leaky_ledger())}, "on": "2025-12-01"}),
    "/page/api/ledger/{kind}": ("POST", f"/page/api/ledger/{LEAK}", {"example": LEAK}),
    "/page/api/timeline": ("POST", "/page/api/timeline", {"received": LEAK}),
    "/page/api/notice": ("POST", "/page/api/notice", {
        "text": (ROOT / "tests" / "notices" / "2026.txt").read_text("utf-8")
        .replace("1月4日（周日）上班", f"1月4日（周日）上班，{LEAK}")}),
    "/page/api/rota": ("POST", "/page/api/rota", {
        "config": {"name": f"{LEAK}.toml",
                   "data": _b64(ROTA.read_text("utf-8").replace('"周一"', f'"{LEAK}"').encode())},
        "from": "2026-01-01", "to": "2026-01-31"}),
    "/page/api/rota/{kind}": ("POST", f"/page/api/rota/{LEAK}", {"example": "rota-xiapu.toml"}),
}  # fmt: skip


def test_every_page_endpoint_is_registered() -> None:
    from xinfang_rules.service.page import PAGE_OPERATIONS

    assert {path for _, path, _ in PAGE_OPERATIONS} == set(PAGE_ENDPOINTS)


@pytest.mark.parametrize("op", sorted(PAGE_ENDPOINTS))
def test_page_endpoints_refuse_without_leaking(server: Any, op: str) -> None:
    """The page's operations: 4xx or an answer, never 500, never the person, never cached."""
    method, path, body = PAGE_ENDPOINTS[op]
    status, headers, answer = server.call(method, path, body)
    assert status < 500, (status, answer)
    if op == "/page/api/examples":
        assert status == 200
    elif op == "/page/api/ledger":  # read: the bad row is a rejected row, masked
        assert status == 200, answer
        assert len(answer["rejected"]) == 1 and "登记日期" in answer["rejected"][0]["text"]
        assert answer["file"] == "王** 138-****-5678 1101**********002X.csv"
    elif op == "/page/api/notice":  # the words after 上班 are not a date: read, or refused
        assert status in (200, 422), answer
    else:
        assert 400 <= status < 500, (status, answer)
    assert headers["cache-control"] == "no-store"
    no_secret(json.dumps(answer, ensure_ascii=False))
    if method == "POST":  # not JSON, not an object, not base64: refused, never 500
        for raw in (b"not json", b"[1, 2]", b'{"file": {"name": "a.csv", "data": "%%%"}}'):
            status, _, answer = server.call(method, path, raw=raw)
            assert 400 <= status < 500, (raw, status, answer)
    with contextlib.suppress(FileNotFoundError):
        no_secret(server.log.read_text("utf-8"))
