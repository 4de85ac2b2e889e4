"""信访台账: a ledger of one row per petition, with Chinese headers, read into petitions.

Offices keep petitions in a workbook or a CSV saved from it: 信访编号, 登记日期, 信访形式,
信访人, 身份证号, 联系电话, 人数, 反映问题, 问题类别, 责任单位, 转送/交办日期, 受理日期, 告知日期,
答复日期, 办理结果, 满意度 … with headers and vocabularies that differ from office to office.
A *ledger mapping* (``xinfang_rules.ledger-mapping/1``, TOML) says which column holds what
and how its values read; the shipped default knows the names and values 信访 software and
office ledgers use, and a mapping file of your own is laid over it.

Each row becomes a :class:`~xinfang_rules.Petition` whose events are the row's dates, in
order (转送 or 交办, 受理 with its 告知, 答复 with its 办理结果, 满意度, 办结), through the case
model's own checks. A bad cell is reported by row, column header, value (personal data
masked) and what is wrong, in Chinese or English::

    第 12 行「受理日期」：'2025/13/01' 不是有效日期（写作 2025-08-04、2025/8/4、
    2025.8.4 或 2025年8月4日）

>>> rows = [{"信访编号": "XF-1", "登记日期": "2025/8/1", "信访形式": "来信",
...          "问题类别": "申诉求决类", "信访人": "张三", "受理日期": "2025年8月4日"}]
>>> (p,) = petitions_from_rows(rows, receiving_unit="某县信访局")
>>> p.id, p.received, p.state
('XF-1', datetime.date(2025, 8, 1), 'accepted')
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from xinfang_rules._files import (
    ENCODING_HINT,
    ENCODING_HINT_ZH,
    check_encoding,
    parse_data_file,
    read_data_file,
    tomllib,
)
from xinfang_rules.calendar.notices import FIRST_DAY, LAST_DAY
from xinfang_rules.cases import (
    Accepted,
    AssignedTo,
    Category,
    Channel,
    Closed,
    Evaluated,
    Event,
    Forwarded,
    Outcome,
    OutOfCalendar,
    Petition,
    Petitioner,
    Rating,
    Replied,
    Resolved,
)
from xinfang_rules.errors import XinfangError, XinfangValueError, bilingual
from xinfang_rules.formats.ledger_cells import (
    LedgerIssue,
    _CellError,
    _date,
    rejected_table,
    typed_cell,
)
from xinfang_rules.formats.workbook_limits import DEFAULT_LIMITS, WorkbookLimits, check_workbook
from xinfang_rules.metrics import Unrecorded
from xinfang_rules.privacy import echo, echo_all, scrub
from xinfang_rules.privacy import quoted as _quoted

__all__ = [
    "LEDGER_MAPPING_SCHEMA",
    "LedgerError",
    "LedgerIssue",
    "LedgerMapping",
    "LedgerResult",
    "LedgerStream",
    "default_ledger_mapping",
    "is_ledger_csv",
    "iter_ledger_csv",
    "iter_ledger_xlsx",
    "ledger_mapping_from_bytes",
    "load_ledger_mapping",
    "open_ledger",
    "open_ledger_bytes",
    "petitions_from_rows",
    "read_ledger_csv",
    "read_ledger_xlsx",
    "rejected_table",
    "typed_cell",
    "write_rejected_csv",
]

LEDGER_MAPPING_SCHEMA = "xinfang_rules.ledger-mapping/1"

#: The fields a ledger column can hold, in Chinese for messages.
FIELDS: dict[str, str] = {
    "id": "信访编号",
    "received": "登记日期",
    "channel": "信访形式",
    "category": "问题类别",
    "receiving_unit": "登记单位",
    "handling_unit": "责任单位",
    "name": "信访人",
    "id_number": "身份证号",
    "phone": "联系电话",
    "address": "住址",
    "headcount": "人数",
    "summary": "反映问题",
    "route": "办理方式",
    "routed": "转送/交办日期",
    "assigned_due": "办理期限",
    "accepted": "受理日期",
    "notified": "告知日期",
    "replied": "答复日期",
    "outcome": "办理结果",
    "rating": "满意度",
    "rated": "评价日期",
    "bureau_rating": "信访部门满意度",
    "resolved": "是否化解",
    "backlog": "是否积案",
    "closed": "办结日期",
    "repeat": "是否重复信访",
    "first_time": "是否初信初访",
    "leader": "包案领导",
}
_VALUE_TABLES = ("channel", "category", "outcome", "rating", "route", "yes_no")
_ROUTES = ("forwarded", "assigned", "direct")


class LedgerError(XinfangValueError):
    """A ledger or a mapping that cannot be read; the message says where and why.

    Attributes:
        issues: For a ledger with bad rows (read without ``skip_bad``), every bad row with
            its reason; the message lists the first :data:`SHOWN_ISSUES` of them.

    """

    def __init__(
        self,
        message: str,
        issues: Sequence[LedgerIssue] = (),
        *,
        zh: str | None = None,
        en: str | None = None,
    ) -> None:
        super().__init__(message, zh=zh, en=en)
        self.issues = tuple(issues)


#: The most cells a row of a ledger CSV may have (a ledger has a few dozen columns): a row
#: of a million commas is refused, not held in memory (docs/safety.md).
MAX_CELLS_PER_ROW = 1_000

#: How many bad rows a :class:`LedgerError` message lists (all are in its ``issues``).
SHOWN_ISSUES = 20


def _bad_rows_error(issues: Sequence[LedgerIssue]) -> LedgerError:
    """One error for every bad row: a clerk fixes them all, then reads the ledger again."""

    def both(i: LedgerIssue) -> str:
        zh, en = i.text("zh"), i.text("en")
        return zh if i.message == i.message_en else f"{zh} / {en}"

    n = len(issues)
    if n == 1:
        one = issues[0]
        return LedgerError(both(one), issues, zh=one.text("zh"), en=one.text("en"))
    lines = [
        f"台账有 {n} 行无法使用（加 --skip-bad / skip_bad=True 跳过并另存这些行） / "
        f"{n} row(s) cannot be used (skip them with --skip-bad / skip_bad=True):"
    ]
    zh = [f"台账有 {n} 行无法使用（加 --skip-bad / skip_bad=True 跳过并另存这些行）："]
    en = [f"{n} row(s) cannot be used (skip them with --skip-bad / skip_bad=True):"]
    shown = issues[:SHOWN_ISSUES]
    lines += [f"  {both(i)}" for i in shown]
    zh += [f"  {i.text('zh')}" for i in shown]
    en += [f"  {i.text('en')}" for i in shown]
    if n > SHOWN_ISSUES:
        lines.append(f"  …另有 {n - SHOWN_ISSUES} 行 / … and {n - SHOWN_ISSUES} more")
        zh.append(f"  …另有 {n - SHOWN_ISSUES} 行")
        en.append(f"  … and {n - SHOWN_ISSUES} more")
    return LedgerError("\n".join(lines), issues, zh="\n".join(zh), en="\n".join(en))


@attrs.frozen
class LedgerMapping:
    """Which columns hold what, and how their values read.

    Attributes:
        columns: Field → the header names that may hold it (the first found is read).
        values: Vocabulary → {cell text: meaning}: ``channel``, ``category``, ``outcome``,
            ``rating`` (``""``: not rated), ``route`` (``forwarded``, ``assigned`` or
            ``direct``), ``yes_no`` (``true``/``false``).
        receiving_unit: The unit that keeps the ledger, for rows without that column.
        category: The category for rows whose ledger has no (or an empty) category cell.

    """

    columns: Mapping[str, tuple[str, ...]]
    values: Mapping[str, Mapping[str, Any]]
    receiving_unit: str | None = None
    category: Category | None = None

    def laid_over(self, base: LedgerMapping) -> LedgerMapping:
        """The mapping laid over ``base``: its fields replace, its values add to base's."""
        columns = {**base.columns, **self.columns}
        values = {k: {**base.values.get(k, {}), **self.values.get(k, {})} for k in _VALUE_TABLES}
        return LedgerMapping(
            columns,
            values,
            self.receiving_unit or base.receiving_unit,
            self.category or base.category,
        )


#: The keys a mapping file may hold at its top level (docs/ledger.md).
_MAPPING_KEYS = ("schema", "columns", "values", "receiving_unit", "category")


def _mapping_from_data(data: Any, where: str) -> LedgerMapping:
    def fail(message: str, key: str | None = None, zh: str | None = None) -> LedgerError:
        at = f" at {key}" if key else ""
        at_zh = f" 的 {key}" if key else ""
        return LedgerError(
            f"{where}{at}: {message}", zh=None if zh is None else f"映射文件 {where}{at_zh}：{zh}"
        )

    if not isinstance(data, Mapping):
        raise fail("the top level must be a table", zh="最外层应为表（TOML 表或 JSON 对象）")
    if data.get("schema") != LEDGER_MAPPING_SCHEMA:
        raise fail(
            f"schema must be {echo(LEDGER_MAPPING_SCHEMA)}, got {echo(data.get('schema'))}",
            "schema",
            zh=f"schema 应为 {echo(LEDGER_MAPPING_SCHEMA)}，实为 {echo(data.get('schema'))}",
        )
    unknown = set(data) - set(_MAPPING_KEYS)
    if unknown:
        raise fail(
            f"unknown keys {echo_all(sorted(unknown))}",
            zh=f"无法识别的键 {echo_all(sorted(unknown))}；可用：{'、'.join(_MAPPING_KEYS)}",
        )
    columns: dict[str, tuple[str, ...]] = {}
    raw_columns = data.get("columns", {})
    if not isinstance(raw_columns, Mapping):
        raise fail(
            "must be a table of field = [column names]", "columns", "应为「字段 = [列名]」的表"
        )
    for field, names in raw_columns.items():
        key = f"columns.{field}"
        if field not in FIELDS:
            raise fail(
                f"unknown field {echo(field)}; fields: {', '.join(FIELDS)}",
                key,
                f"无法识别的字段 {echo(field)}；可用：{'、'.join(FIELDS)}",
            )
        if isinstance(names, str):
            names = [names]
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise fail(
                "must be a column name or a list of column names", key, "应为列名或列名的列表"
            )
        columns[field] = tuple(n.strip() for n in names)
    values: dict[str, dict[str, Any]] = {}
    raw_values = data.get("values", {})
    if not isinstance(raw_values, Mapping):
        raise fail(
            "must be a table of vocabularies", "values", "应为各取值表（如 [values.channel]）"
        )
    for table, entries in raw_values.items():
        key = f"values.{table}"
        if table not in _VALUE_TABLES:
            raise fail(
                f"unknown vocabulary {echo(table)}; vocabularies: {', '.join(_VALUE_TABLES)}",
                key,
                f"无法识别的取值表 {echo(table)}；可用：{'、'.join(_VALUE_TABLES)}",
            )
        if not isinstance(entries, Mapping):
            raise fail(
                "must be a table of cell text = meaning", key, "应为「单元格文字 = 含义」的表"
            )
        values[table] = {}
        for text, meaning in entries.items():
            values[table][str(text).strip()] = _meaning(table, meaning, f"{key}.{text}", fail)
    category = data.get("category")
    if category is not None:
        category = _meaning("category", category, "category", fail)
    unit = data.get("receiving_unit")
    if unit is not None and (not isinstance(unit, str) or not unit.strip()):
        raise fail("must be the unit's name", "receiving_unit", "应为单位名称")
    return LedgerMapping(columns, values, unit, category)


def _meaning(table: str, meaning: Any, key: str, fail: Any) -> Any:
    try:
        if table == "channel":
            return Channel(meaning)
        if table == "category":
            return Category(meaning)
        if table == "outcome":
            return Outcome(meaning)
        if table == "rating":
            return None if meaning == "" else Rating(meaning)
    except ValueError:
        choices = {
            "channel": Channel,
            "category": Category,
            "outcome": Outcome,
            "rating": Rating,
        }[table]
        allowed = ", ".join(_quoted(x.value for x in choices))
        raise fail(
            f"{echo(meaning)} is not one of {allowed}"
            + (" or '' (not rated)" if table == "rating" else ""),
            key,
            f"{echo(meaning)} 不是可用的值（可用：{allowed}"
            + ("，或 ''（未评价））" if table == "rating" else "）"),
        ) from None
    if table == "route":
        if meaning not in _ROUTES:
            raise fail(
                f"{echo(meaning)} is not one of {', '.join(_ROUTES)}",
                key,
                f"{echo(meaning)} 不是可用的值（可用：{'、'.join(_ROUTES)}）",
            )
        return meaning
    if not isinstance(meaning, bool):
        raise fail(
            f"{echo(meaning)} is not true or false", key, f"{echo(meaning)} 应为 true 或 false"
        )
    return meaning


def default_ledger_mapping() -> LedgerMapping:
    """The shipped mapping: the usual column names and vocabularies of 信访台账."""
    text = (
        resources.files("xinfang_rules.formats").joinpath("ledger-default.toml").read_text("utf-8")
    )
    return _mapping_from_data(tomllib.loads(text), "xinfang_rules/formats/ledger-default.toml")


def load_ledger_mapping(path: str | Path) -> LedgerMapping:
    """A mapping file (TOML or JSON), laid over the default mapping.

    Raises:
        LedgerError: The file cannot be read, or a key or value is wrong (named by key).

    """
    data = read_data_file(
        path, lambda message, name: LedgerError(f"{name}: {message}", zh=_zh_of(message, name))
    )
    return _mapping_from_data(data, str(path)).laid_over(default_ledger_mapping())


def ledger_mapping_from_bytes(data: bytes, name: str) -> LedgerMapping:
    """A mapping file held in memory (an upload) named ``name``, laid over the default.

    The checks and messages of :func:`load_ledger_mapping`; nothing is written to disk.
    """
    parsed = parse_data_file(
        bytes(data), name, lambda message, where: LedgerError(
            f"{where}: {message}", zh=_zh_of(message, where)
        ),
    )  # fmt: skip
    return _mapping_from_data(parsed, name).laid_over(default_ledger_mapping())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _lookup(value: Any, mapping: LedgerMapping, table: str, what_zh: str) -> Any:
    text = _text(value)
    if text is None:
        return None
    vocabulary = mapping.values.get(table, {})
    if text in vocabulary:
        return vocabulary[text]
    known = "、".join(list(vocabulary)[:12])
    shown = echo(text, personal=False)  # a vocabulary's column: the typing shown
    raise _CellError(
        f"{shown} 不是可识别的{what_zh}（可用：{known}）；在映射文件的 [values.{table}] 中加上它",
        f"{shown} is not a known {table} value (known: {known}); add it under "
        f"[values.{table}] in a mapping file",
    )


def _count(value: Any) -> int | None:
    text = _text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d{1,6}", text) and int(text) > 0:
        return int(text)
    shown = echo(text, personal=False)
    raise _CellError(
        f"{shown} 不是人数（应为正整数，如 1、3）", f"{shown} is not a number of people (1, 3 …)"
    )


# --------------------------------------------------------------------------- rows


@attrs.frozen
class LedgerResult:
    """What reading a ledger gave.

    Attributes:
        petitions: The rows used, as petitions.
        issues: The rows not used, each with its reason.
        rows: How many data rows were read.
        columns: Field → the header it was read from.

    """

    petitions: tuple[Petition, ...]
    issues: tuple[LedgerIssue, ...]
    rows: int
    columns: Mapping[str, str]

    def summary(self, lang: Literal["zh", "en"] = "zh") -> str:
        """``读取 12 行，使用 11 行，拒绝 1 行``."""
        used, bad = len(self.petitions), len(self.issues)
        if lang == "en":
            return f"{self.rows} row(s) read, {used} used, {bad} rejected"
        return f"读取 {self.rows} 行，使用 {used} 行，拒绝 {bad} 行"


def _columns(header: Sequence[str], mapping: LedgerMapping) -> dict[str, str]:
    present = [h.strip() for h in header]
    found: dict[str, str] = {}
    for field, names in mapping.columns.items():
        for name in names:
            if name in present:
                found[field] = name
                break
    by_column: dict[str, list[str]] = {}
    for field, name in found.items():
        by_column.setdefault(name, []).append(field)
    shared = {name: fields for name, fields in by_column.items() if len(fields) > 1}
    if shared:
        name, fields = next(iter(shared.items()))
        zh = "、".join(f"「{FIELDS[f]}」（{f}）" for f in fields)
        en = ", ".join(fields)
        raise LedgerError(
            f"映射把同一列 {echo(name)} 同时用作 {zh}：一列只能读作一项；请在映射文件 [columns] "
            f"中为每项写明各自的列 / the mapping reads one column, {echo(name)}, as {en}: a "
            "column can hold one field only; give each its own column under [columns] in the "
            "mapping file"
        )
    for field in ("id", "received", "channel"):
        if field not in found:
            looked = "、".join(mapping.columns.get(field, ()))
            raise LedgerError(
                f"台账缺少「{FIELDS[field]}」列（可用列名：{looked}）；在映射文件 [columns] 中写明 "
                f'{field} = ["你的列名"] / the ledger has no {field} column (looked for: '
                f"{looked}); name it under [columns] in a mapping file"
            )
    if "category" not in found and mapping.category is None:
        raise LedgerError(
            '台账缺少「问题类别」列，映射文件也未给出默认类别（category = "申诉求决类"） / the '
            "ledger has no category column and the mapping gives no default category"
        )
    return found


#: The facts some figures need (:data:`~xinfang_rules.metrics.FACTS`) → the field that
#: holds each in a ledger: without its column, no row says anything about it.
_FACT_FIELDS = {"resolution": "resolved", "backlog": "backlog", "unit_rating": "rating",
                "bureau_rating": "bureau_rating"}  # fmt: skip


def _petition(
    cells: Mapping[str, Any],
    found: Mapping[str, str],
    mapping: LedgerMapping,
    unit: str | None,
    blanks: set[str],
) -> Petition:
    """The row's petition; the facts whose column it leaves blank are added to ``blanks``."""

    def cell(field: str) -> Any:
        header = found.get(field)
        return None if header is None else cells.get(header)

    def read(field: str, reader: Any, *args: Any) -> Any:
        try:
            return reader(cell(field), *args)
        except _CellError as exc:
            exc.column = found.get(field)  # type: ignore[attr-defined]
            raise

    pid = _text(cell("id"))
    if pid is None:
        raise _at("id", found, "信访编号为空", "the id is empty")
    received = read("received", _date)
    if received is None:
        raise _at("received", found, "登记日期为空", "the received date is empty")
    channel = read("channel", _lookup, mapping, "channel", "信访形式")
    if channel is None:
        raise _at("channel", found, "信访形式为空", "the channel is empty")
    category = read("category", _lookup, mapping, "category", "问题类别") or mapping.category
    if category is None:
        raise _at("category", found, "问题类别为空", "the category is empty")
    receiving = _text(cell("receiving_unit")) or unit or mapping.receiving_unit
    if receiving is None:
        raise _at(
            None,
            found,
            "不知道登记单位：台账无此列，也未指定（--unit 或映射文件 receiving_unit）",
            "no receiving unit: the ledger has no such column and none was given (--unit or "
            "receiving_unit in the mapping)",
        )
    handling = _text(cell("handling_unit"))
    name = _text(cell("name"))
    people: tuple[Petitioner, ...] = ()
    if name is not None:
        people = (_petitioner(name, cell, found),)
    headcount = read("headcount", _count)
    if headcount is None:
        headcount = max(1, len(people))
    repeat = read("repeat", _lookup, mapping, "yes_no", "是否")
    first = read("first_time", _lookup, mapping, "yes_no", "是否")
    backlog = read("backlog", _lookup, mapping, "yes_no", "是否")
    if backlog is None and "backlog" in found:
        blanks.add("backlog")
    events = _events(cell, read, mapping, handling, found, blanks)
    _in_order(received, events, found)
    return Petition(
        id=pid,
        received=received,
        channel=channel,
        category=category,
        receiving_unit=receiving,
        handling_unit=handling,
        petitioners=people,
        headcount=headcount,
        repeat_of="（台账注明重复信访）" if repeat else None,
        first_time=(not repeat) if first is None else first,
        backlog=bool(backlog),
        leader=_text(cell("leader")),
        summary=_text(cell("summary")) or "",
        events=events,
    )


#: The 信访人's fields the case model checks, with their names and what a good value is.
_PERSON_FIELDS = {
    "id_number": (
        "身份证号",
        "应为 18 位居民身份证号码：17 位数字加校验位（0-9 或 X），出生日期有效，校验位正确"
        "（GB 11643-1999）",
    ),
}


def _petitioner(name: str, cell: Any, found: Mapping[str, str]) -> Petitioner:
    """The 信访人 of a row; a bad ID number or phone names its column, in Chinese too."""
    values = {f: _text(cell(f)) for f in ("id_number", "phone", "address")}
    try:
        return Petitioner(
            name, id_number=values["id_number"], phone=values["phone"], address=values["address"]
        )
    except XinfangError as exc:
        en = scrub(str(exc))
        field = next((f for f in _PERSON_FIELDS if en.startswith(f)), None)
        if field is None:
            raise
        label, rule = _PERSON_FIELDS[field]
        zh = f"{echo(values[field])} 不是有效的{label}：{rule}"
        raise _at(field, found, zh, f"{echo(values[field])}: {en}") from None


#: The fields whose dates follow the process, in its order (评价 and 办结 may come either
#: way round, but not before the reply or the acceptance they follow).
_ORDER = {"routed": "转送/交办日期", "accepted": "受理日期", "replied": "答复日期",
          "rated": "评价日期", "closed": "办结日期"}  # fmt: skip
_EVENT_FIELD = {"forwarded": "routed", "assigned": "routed", "accepted": "accepted",
                "replied": "replied", "evaluated": "rated", "closed": "closed"}  # fmt: skip


def _in_order(received: _dt.date, events: Sequence[Event], found: Mapping[str, str]) -> None:
    """Each date of the process on or after the one before it, else an error naming both."""
    before_field, before = "received", received
    for e in events:
        field = _EVENT_FIELD.get(e.type)
        if field is None:
            continue
        if e.date < before:
            column = found.get(field) or (found.get("replied") if field == "rated" else None)
            label = column or _ORDER[field]
            earlier = found.get(before_field) or FIELDS.get(before_field, before_field)
            exc = _CellError(
                f"{label} {e.date} 早于{earlier} {before}；请核对两处日期",
                f"{label} {e.date} is before {earlier} {before}; check both dates",
            )
            exc.column = column  # type: ignore[attr-defined]
            raise exc
        if e.type not in ("evaluated", "closed"):
            before_field, before = field, e.date


def _events(
    cell: Any,
    read: Any,
    mapping: LedgerMapping,
    handling: str | None,
    found: Mapping[str, str],
    blanks: set[str],
) -> tuple[Event, ...]:
    events: list[Event] = []
    routed = read("routed", _date)
    if routed is not None:
        route = read("route", _lookup, mapping, "route", "办理方式")
        header = found.get("routed", "")
        if route is None:
            route = "assigned" if "交办" in header and "转送" not in header else "forwarded"
        if route == "direct":
            raise _at(
                "route",
                found,
                "办理方式为直接受理，却填有转送/交办日期",
                "the route says handled directly, but a forward/assign date is given",
            )
        to_unit = handling or "（台账未写明）"
        if route == "assigned":
            due = read("assigned_due", _date)
            if due is None:
                raise _at(
                    "assigned_due",
                    found,
                    "交办事项缺少办理期限（交办机关规定的报告日期）",
                    "an assigned matter needs the due date the assigning body set",
                )
            events.append(AssignedTo(routed, to_unit=to_unit, due=due))
        else:
            events.append(Forwarded(routed, to_unit=to_unit))
    accepted = read("accepted", _date)
    if accepted is not None:
        events.append(Accepted(accepted, notified_on=read("notified", _date)))
    replied = read("replied", _date)
    if replied is not None:
        outcome = read("outcome", _lookup, mapping, "outcome", "办理结果")
        if outcome is None:
            raise _at(
                "outcome",
                found,
                "有答复日期，却未写办理结果（予以支持、解释说明或不予支持）",
                "a reply date without its outcome (予以支持, 解释说明 or 不予支持)",
            )
        events.append(Replied(replied, outcome=outcome))
        rating = read("rating", _lookup, mapping, "rating", "满意度")
        if rating is not None:
            events.append(Evaluated(read("rated", _date) or replied, rating=rating))
    bureau = read("bureau_rating", _lookup, mapping, "rating", "信访部门满意度")
    if bureau:  # 未评价 reads as "": not rated
        if routed is None:
            raise _at(
                "bureau_rating",
                found,
                "有信访部门满意度，却没有转送/交办日期（信访部门的评价在转送、交办之后）",
                "a rating of the petition bureau without a forward/assign date",
            )
        events.append(Evaluated(routed, rating=bureau, of="petition_bureau"))
    closed = read("closed", _date)
    if closed is not None:
        events.append(Closed(closed))
    resolved = read("resolved", _lookup, mapping, "yes_no", "是否化解")
    if resolved is None and "resolved" in found:
        blanks.add("resolution")
    elif resolved:
        settled = closed or replied
        if settled is None:
            raise _at(
                "resolved",
                found,
                "写明已化解，却没有答复日期或办结日期",
                "resolved, but neither a reply date nor a closing date is given",
            )
        events.append(Resolved(settled))
    # the process in its order (a date out of it is the case model's error, naming it);
    # the rating and the closure, which may come either way round, by date
    main = [e for e in events if e.type not in ("evaluated", "closed", "resolved")]
    later = ("evaluated", "closed", "resolved")
    side = sorted((e for e in events if e.type in later), key=lambda e: e.date)
    return (*main, *side)


def _at(field: str | None, found: Mapping[str, str], zh: str, en: str) -> _CellError:
    exc = _CellError(zh, en)
    exc.column = found.get(field) if field else None  # type: ignore[attr-defined]
    return exc


def petitions_from_rows(
    rows: Iterable[Mapping[str, Any]],
    mapping: LedgerMapping | None = None,
    *,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    first_row: int = 2,
) -> list[Petition]:
    """Petitions from ledger rows given as dicts (header → cell), e.g. a DataFrame's records.

    Raises:
        LedgerError: A bad row (unless ``skip_bad``), or a ledger the mapping cannot read.

    """
    result = _read(list(rows), None, mapping, receiving_unit, skip_bad, first_row)
    return list(result.petitions)


def _read(
    rows: Sequence[Mapping[str, Any]],
    header: Sequence[str] | None,
    mapping: LedgerMapping | None,
    unit: str | None,
    skip_bad: bool,
    first_row: int,
) -> LedgerResult:
    """Rows already in memory (dicts, e.g. a DataFrame's records) to a result."""
    # column labels as a spreadsheet shows them: pandas' header=None gives 0, 1, 2 …
    rows = [{str(k): v for k, v in row.items()} for row in rows]
    if header is None:
        header = list(dict.fromkeys(k for row in rows for k in row))
    heads = [str(h) for h in header]
    stream = LedgerStream(
        "", lambda: (heads, iter(rows), first_row - 1), mapping, receiving_unit=unit,
        skip_bad=skip_bad,
    )  # fmt: skip
    return stream.collect()


#: What a :class:`LedgerStream` reads: the header, the data rows, the header's row number.
RowSource = Callable[[], tuple[list[str], Iterator[Mapping[str, Any]], int]]


class LedgerStream:
    """A ledger read row by row, in constant memory: iterate it for the petitions.

    Made by :func:`open_ledger` (or :func:`iter_ledger_csv`, :func:`iter_ledger_xlsx`).
    Each iteration reads the file again from the top. While and after iterating,
    :attr:`rows` counts the data rows read, :attr:`issues` holds the bad rows (with
    ``skip_bad``), :attr:`columns` says which header each field was read from, and
    :meth:`summary` says it in a line.

    The header may be below a title (one of the first :data:`HEADER_SEARCH_ROWS` rows),
    as in the rejected-rows files this module writes; rows are numbered as the file shows
    them. With ``as_of``, a row registered after that day (登记日期: a year or month
    mistyped) is a bad row, never a petition.

    Without ``skip_bad`` a bad row does not stop the read at once: the petitions of the
    good rows are yielded, and after the last row a :class:`LedgerError` names every bad
    row (so that a clerk can fix them all at once). A caller that acts on each petition as
    it comes and must not act on a ledger with bad rows should read with ``skip_bad=True``
    and look at :attr:`issues` first, or use :meth:`collect`. :func:`report` and
    :func:`~xinfang_rules.formats.alerts.alerts` read everything before they answer, so an
    error leaves no half-made figures.
    """

    def __init__(
        self,
        where: str,
        source: RowSource,
        mapping: LedgerMapping | None = None,
        *,
        receiving_unit: str | None = None,
        skip_bad: bool = False,
        as_of: _dt.date | None = None,
    ) -> None:
        self.where = where
        self._source = source
        self.mapping = mapping if mapping is not None else default_ledger_mapping()
        self.receiving_unit = receiving_unit
        self.skip_bad = skip_bad
        self.as_of = as_of
        self.rows = 0
        self.issues: list[LedgerIssue] = []
        self.columns: dict[str, str] = {}
        self.blanks: dict[str, frozenset[str]] = {}

    def _fail(self, exc: LedgerError) -> LedgerError:
        if not self.where:
            return exc
        zh = None if exc.zh is None else f"{self.where}：{exc.zh}"
        en = None if exc.en is None else f"{self.where}: {exc.en}"
        return LedgerError(f"{self.where}: {exc}", exc.issues, zh=zh, en=en)

    def __iter__(self) -> Iterator[Petition]:
        self.rows, self.issues = 0, []
        self.blanks.clear()  # the same dict: a report reading the stream holds it
        header, records, header_row = self._source()
        first_row = header_row + 1  # a file's header may be below a title
        try:
            found = _columns(header, self.mapping)
        except LedgerError as exc:
            raise self._fail(exc) from None
        self.columns = found
        seen: dict[str, int] = {}
        m, unit = self.mapping, self.receiving_unit
        for offset, cells in enumerate(records):
            number = first_row + offset
            if not any(_text(v) for v in cells.values()):
                continue  # an empty row between blocks
            self.rows += 1
            blanks: set[str] = set()
            try:
                petition = _petition(cells, found, m, unit, blanks)
                if self.as_of is not None:
                    _not_after(petition, self.as_of, found)
                if petition.id in seen:
                    raise _at(
                        "id",
                        found,
                        f"信访编号 {echo(petition.id)} 与第 {seen[petition.id]} 行重复",
                        f"id {echo(petition.id)} repeats row {seen[petition.id]}",
                    )
            except _CellError as exc:
                self.issues.append(
                    LedgerIssue(number, getattr(exc, "column", None), exc.zh, exc.en,
                                _row_cells(cells))
                )  # fmt: skip
                continue
            except OutOfCalendar as exc:  # a deadline the row leads to is beyond the calendar
                column = found.get("received") if exc.path == "received" else None
                zh = (
                    f"由本行日期推算的期限超出日历范围（{FIRST_DAY.year}—{LAST_DAY.year} 年），"
                    "请核对年份"
                )
                self.issues.append(
                    LedgerIssue(number, column, zh, scrub(exc.message), _row_cells(cells))
                )
                continue
            except XinfangError as exc:  # the case model's own checks
                zh, en = scrub(exc.text("zh")), scrub(exc.text("en"))
                self.issues.append(LedgerIssue(number, None, zh, en, _row_cells(cells)))
                continue
            seen[petition.id] = number
            if blanks:
                self.blanks[petition.id] = frozenset(blanks)
            yield petition
        if self.issues and not self.skip_bad:
            raise self._fail(_bad_rows_error(self.issues))

    def unrecorded(self) -> Unrecorded:
        """What the ledger does not say, for :func:`~xinfang_rules.metrics.report`.

        A fact whose column the ledger lacks (是否化解, 是否积案, 满意度, 信访部门满意度) is
        held by no row: the figures it feeds are left out of a report, not 0 %. A row that
        leaves such a column blank says nothing about it (which is not "否"): it is left
        out of those figures only. Filled as the ledger is read: pass the method itself,
        ``report(stream, ..., unrecorded=stream.unrecorded)``, and the report asks it
        before and after reading.
        """
        columns = self.columns
        facts = {}
        for fact, field in _FACT_FIELDS.items():
            if field not in columns:
                names = "、".join(self.mapping.columns.get(field, ())) or FIELDS[field]
                facts[fact] = (
                    f"台账无「{FIELDS[field]}」列",
                    f"the ledger has no {field} column (looked for: {names})",
                )
        return Unrecorded(facts, self.blanks)

    def collect(self) -> LedgerResult:
        """Read it all: the petitions, the bad rows, the counts (raises as iterating does)."""
        petitions = tuple(self)
        return LedgerResult(petitions, tuple(self.issues), self.rows, dict(self.columns))

    def summary(self, lang: Literal["zh", "en"] = "zh") -> str:
        """``读取 12 行，使用 11 行，拒绝 1 行`` (so far, while iterating)."""
        bad = len(self.issues)
        used = self.rows - bad
        if lang == "en":
            return f"{self.rows} row(s) read, {used} used, {bad} rejected"
        return f"读取 {self.rows} 行，使用 {used} 行，拒绝 {bad} 行"


def _row_cells(cells: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The row as read, its cells as they were (text, number, date), to write out again."""
    return tuple((str(k), "" if v is None else v) for k, v in cells.items())


def _not_after(petition: Petition, as_of: _dt.date, found: Mapping[str, str]) -> None:
    """A petition registered after the day the ledger is read for: a mistyped year or month.

    (Later dates of its handling are the petition's future as seen from ``as_of``: the
    checks look at it as it stood that day.)
    """
    if petition.received > as_of:
        label = found.get("received") or FIELDS["received"]
        raise _at(
            "received",
            found,
            f"{label} {petition.received} 晚于检查基准日 {as_of}（未来的日期）；请核对年份和月份",
            f"{label} {petition.received} is after the day checked, {as_of} (a future date); "
            "check the year and the month",
        )


#: How many rows a ledger's header may be below the top (a title, the unit's name, a blank
#: row, as printed ledgers and the rejected-rows sheets have): the first row among them that
#: names the columns a ledger needs is the header.
HEADER_SEARCH_ROWS = 10


def _find_header(
    lines: Iterator[list[Any]], mapping: LedgerMapping
) -> tuple[list[str], int, list[list[Any]]]:
    """The header among the first rows: (its cells as text, its row number, rows after it).

    The first of the first :data:`HEADER_SEARCH_ROWS` rows that holds a header the mapping
    knows for 信访编号, 登记日期 and 信访形式; if none does, the first row (so that the
    error names what the first row lacks).
    """
    needed = [set(mapping.columns.get(f, ())) for f in ("id", "received", "channel")]
    seen: list[list[Any]] = []
    for line in lines:
        seen.append(line)
        names = {str(c).strip() for c in line if c is not None}
        if all(names & n for n in needed):
            number = len(seen)
            return [_header_text(c) for c in line], number, []
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        return [], 0, []
    return [_header_text(c) for c in seen[0]], 1, seen[1:]


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def iter_ledger_csv(
    path: str | Path,
    mapping: LedgerMapping | None = None,
    *,
    encoding: str | None = None,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    as_of: _dt.date | None = None,
) -> LedgerStream:
    """A ledger saved as CSV, row by row (see :class:`LedgerStream`; :func:`read_ledger_csv`).

    The encoding (UTF-8 with or without BOM, else GB18030) is found by decoding the file
    once, in pieces, before the rows are read; memory stays flat however long the file.
    """
    return _ledger_csv(str(path), None, mapping, encoding, receiving_unit, skip_bad, as_of)


def _ledger_csv(
    where: str,
    data: bytes | None,
    mapping: LedgerMapping | None,
    encoding: str | None,
    receiving_unit: str | None,
    skip_bad: bool,
    as_of: _dt.date | None,
) -> LedgerStream:
    """A CSV ledger from the file ``where``, or from ``data`` (in memory) named ``where``."""
    name = _detect(Path(where) if data is None else data, encoding, where)

    def source() -> tuple[list[str], Iterator[Mapping[str, Any]], int]:
        f: IO[str]
        if data is not None:
            f = io.StringIO(data.decode(name), newline="")
        else:
            try:
                f = open(where, encoding=name, newline="")  # noqa: SIM115 - closed by rows()
            except OSError as exc:
                raise _unreadable(where, exc) from None
        reader = csv.reader(f)
        try:
            header, header_row, after = _find_header(_bounded(reader, where), stream.mapping)
        except csv.Error as exc:
            f.close()
            raise LedgerError(
                f"{where}: not a readable CSV ({exc})",
                zh=f"{where}：不是可读的 CSV 文件（{exc}）；请在 Excel 或 WPS 中另存为 CSV",
            ) from None
        except LedgerError:
            f.close()
            raise
        if not header_row:
            f.close()
            raise LedgerError(
                f"{where}: 文件是空的；第一行应为表头 / the file is empty; the first row must be "
                "the headers"
            )

        def rows() -> Iterator[Mapping[str, Any]]:
            number = header_row + len(after)
            try:
                for line in after:
                    yield dict(zip(header, line, strict=False))
                for line in _bounded(reader, where, number):
                    number += 1
                    yield dict(zip(header, line, strict=False))
            except csv.Error as exc:
                raise LedgerError(
                    f"{where}: 第 {number + 1} 行不是可读的 CSV（{exc}；多为单元格过长或引号未"
                    f"闭合） / row {number + 1}: not a readable CSV row ({exc})"
                ) from None
            finally:
                f.close()

        return header, rows(), header_row

    stream = LedgerStream(
        where, source, mapping, receiving_unit=receiving_unit, skip_bad=skip_bad, as_of=as_of
    )
    return stream


def _bounded(reader: Iterator[list[str]], where: str, before: int = 0) -> Iterator[list[str]]:
    """The CSV's rows, each checked against :data:`MAX_CELLS_PER_ROW`."""
    for number, line in enumerate(reader, start=before + 1):
        if len(line) > MAX_CELLS_PER_ROW:
            what = "表头" if number == 1 else f"第 {number} 行"
            raise LedgerError(
                f"{where}: {what}有 {len(line):,} 个单元格，超过上限 {MAX_CELLS_PER_ROW:,} / "
                f"row {number} has {len(line):,} cells, more than {MAX_CELLS_PER_ROW:,}"
            )
        yield line


def read_ledger_csv(
    path: str | Path,
    mapping: LedgerMapping | None = None,
    *,
    encoding: str | None = None,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    as_of: _dt.date | None = None,
) -> LedgerResult:
    """A ledger saved as CSV: UTF-8 (with or without BOM) or GB18030, found by trying.

    Args:
        path: The file.
        mapping: The mapping (default: :func:`default_ledger_mapping`).
        encoding: Name it to skip detection (e.g. ``"gb18030"``).
        receiving_unit: The unit keeping the ledger, for a ledger without that column.
        skip_bad: Report bad rows in :attr:`LedgerResult.issues` and go on.
        as_of: The day the ledger is read for: a row registered after it is a bad row.

    Raises:
        LedgerError: The file is not text in any of those encodings, has no header, lacks a
            needed column, or (without ``skip_bad``) has bad rows (all named, in
            :attr:`LedgerError.issues`).

    """
    return iter_ledger_csv(
        path, mapping, encoding=encoding, receiving_unit=receiving_unit, skip_bad=skip_bad,
        as_of=as_of,
    ).collect()  # fmt: skip


def iter_ledger_xlsx(
    path: str | Path,
    mapping: LedgerMapping | None = None,
    *,
    sheet: str | int = 0,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    as_of: _dt.date | None = None,
    limits: WorkbookLimits = DEFAULT_LIMITS,
) -> LedgerStream:
    """A ledger workbook, row by row (see :class:`LedgerStream`; :func:`read_ledger_xlsx`).

    The workbook is opened (and the sheet found) at once; its cells are turned into Python
    values a row at a time. Before the reader is given the file, the sheet's extent and
    the inflated size of what it reads are checked against ``limits``
    (:class:`~xinfang_rules.formats.workbook_limits.WorkbookLimits`): a file beyond them
    is a :class:`LedgerError` naming the sheet and its size, never a process killed by
    the reader's memory.
    """
    from xinfang_rules._files import optional_module

    calamine = optional_module(
        "python_calamine", extra="excel", purpose="reading .xlsx ledgers", error=LedgerError
    )
    return _ledger_xlsx(
        str(path), None, calamine, mapping, sheet, receiving_unit, skip_bad, as_of, limits
    )


def _ledger_xlsx(
    where: str,
    data: bytes | None,
    calamine: Any,
    mapping: LedgerMapping | None,
    sheet: str | int,
    receiving_unit: str | None,
    skip_bad: bool,
    as_of: _dt.date | None,
    limits: WorkbookLimits,
) -> LedgerStream:
    """A workbook ledger from the file ``where``, or from ``data`` (in memory) named ``where``."""
    check_workbook(
        where, sheet, lambda message: LedgerError(f"{where}: {message}", zh=_zh_of(message, where)),
        limits, data=data,
    )  # fmt: skip

    def open_sheet() -> Any:
        try:
            book = (
                calamine.CalamineWorkbook.from_path(where)
                if data is None
                else calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            )
        except OSError as exc:
            raise _unreadable(where, exc) from None
        except Exception as exc:  # calamine's own errors: not a workbook, damaged
            raise LedgerError(
                f"{where}: not a readable workbook ({type(exc).__name__})",
                zh=f"{where}：不是可读的工作簿（文件损坏，或不是 Excel/WPS 表格）",
            ) from None
        try:
            return (
                book.get_sheet_by_index(sheet)
                if isinstance(sheet, int)
                else book.get_sheet_by_name(sheet)
            )
        except Exception:
            raise LedgerError(
                f"{where}: no sheet {echo(sheet)}; sheets: {', '.join(book.sheet_names)}",
                zh=f"{where}：没有工作表 {echo(sheet)}；现有：{'、'.join(book.sheet_names)}"
                "（用 --sheet 指定）",
            ) from None

    open_sheet()  # a missing file, a damaged workbook or a wrong sheet: said now

    def source() -> tuple[list[str], Iterator[Mapping[str, Any]], int]:
        cells = iter(open_sheet().iter_rows())
        header, header_row, after = _find_header(cells, stream.mapping)
        if not header_row:
            raise LedgerError(
                f"{where}: 工作表是空的；第一行应为表头 / the sheet is empty; the first row must "
                "be the headers"
            )

        def rows() -> Iterator[Mapping[str, Any]]:
            for r in itertools.chain(after, cells):
                yield {h: (None if c == "" else c) for h, c in zip(header, r, strict=False) if h}

        return header, rows(), header_row

    stream = LedgerStream(
        where, source, mapping, receiving_unit=receiving_unit, skip_bad=skip_bad, as_of=as_of
    )
    return stream


def read_ledger_xlsx(
    path: str | Path,
    mapping: LedgerMapping | None = None,
    *,
    sheet: str | int = 0,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    as_of: _dt.date | None = None,
    limits: WorkbookLimits = DEFAULT_LIMITS,
) -> LedgerResult:
    """A ledger workbook (``.xlsx``, also ``.xls``/``.ods``): needs the ``excel`` extra.

    The sheet's first row is the header; date cells read as dates, numbers as numbers.
    Read with ``python-calamine`` (Rust's calamine): on a 100,000-row ledger it read the
    sheet's cells in 0.97 s against openpyxl's read-only mode's 11.4 s
    (``benchmarks/bench_ledger.py``, docs/performance.md).

    Args:
        path: The workbook.
        mapping: The mapping (default: :func:`default_ledger_mapping`).
        sheet: The sheet's name or index (default: the first).
        receiving_unit: The unit keeping the ledger, for a ledger without that column.
        skip_bad: Report bad rows in :attr:`LedgerResult.issues` and go on.
        as_of: The day the ledger is read for: a row registered after it is a bad row.
        limits: The bounds of a sheet's extent and inflated size (docs/safety.md).

    Raises:
        LedgerError: The extra is missing, the file is not a workbook, the sheet is not
            there or is beyond ``limits``, or as :func:`read_ledger_csv`.

    """
    return iter_ledger_xlsx(
        path, mapping, sheet=sheet, receiving_unit=receiving_unit, skip_bad=skip_bad,
        limits=limits, as_of=as_of,
    ).collect()  # fmt: skip


#: The file endings read as workbooks by :func:`open_ledger`.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def open_ledger(
    path: str | Path,
    mapping: LedgerMapping | None = None,
    *,
    sheet: str | int = 0,
    encoding: str | None = None,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    as_of: _dt.date | None = None,
    limits: WorkbookLimits = DEFAULT_LIMITS,
) -> LedgerStream:
    """A ledger file, row by row (:class:`LedgerStream`).

    A workbook by its ending (:data:`WORKBOOK_SUFFIXES`), else CSV; ``sheet`` and
    ``limits`` are for workbooks, ``encoding`` for CSV.
    """
    if str(path).lower().endswith(WORKBOOK_SUFFIXES):
        return iter_ledger_xlsx(
            path, mapping, sheet=sheet, receiving_unit=receiving_unit, skip_bad=skip_bad,
            limits=limits, as_of=as_of,
        )  # fmt: skip
    return iter_ledger_csv(
        path, mapping, encoding=encoding, receiving_unit=receiving_unit, skip_bad=skip_bad,
        as_of=as_of,
    )  # fmt: skip


def open_ledger_bytes(
    data: bytes,
    name: str,
    mapping: LedgerMapping | None = None,
    *,
    sheet: str | int = 0,
    encoding: str | None = None,
    receiving_unit: str | None = None,
    skip_bad: bool = False,
    as_of: _dt.date | None = None,
    limits: WorkbookLimits = DEFAULT_LIMITS,
) -> LedgerStream:
    r"""A ledger held in memory (an upload), row by row: never written to disk.

    As :func:`open_ledger`, the file's ``name`` (as the user chose it: ``台账.xlsx``)
    telling a workbook from CSV and naming the file in every message.

    >>> rows = ["信访编号,登记日期,信访形式,问题类别", "XF-1,2025-08-01,来信,建议意见类", ""]
    >>> data = "\r\n".join(rows).encode("gb18030")
    >>> [p.id for p in open_ledger_bytes(data, "台账.csv", receiving_unit="某县信访局")]
    ['XF-1']
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    if name.lower().endswith(WORKBOOK_SUFFIXES):
        from xinfang_rules._files import optional_module

        calamine = optional_module(
            "python_calamine", extra="excel", purpose="reading .xlsx ledgers", error=LedgerError
        )
        return _ledger_xlsx(
            name, data, calamine, mapping, sheet, receiving_unit, skip_bad, as_of, limits
        )
    return _ledger_csv(name, data, mapping, encoding, receiving_unit, skip_bad, as_of)


def is_ledger_csv(path: str | Path, *, encoding: str | None = None) -> bool:
    """Whether a CSV file is a 台账 (a header the default mapping knows among its first rows).

    Tells an office's ledger from the library's case CSV (``xinfang metrics 台账.csv``
    needs no ``--input-format ledger``). The encoding is found as :func:`iter_ledger_csv`
    finds it; a file that cannot be read raises :class:`LedgerError`.
    """
    where = str(path)
    name = _detect(Path(path), encoding, where)
    mapping = default_ledger_mapping()
    try:
        with open(path, encoding=name, newline="") as f:
            lines = itertools.islice(csv.reader(f), HEADER_SEARCH_ROWS)
            needed = [set(mapping.columns[c]) for c in ("id", "received", "channel")]
            return any(all(set(map(str.strip, line)) & n for n in needed) for line in lines)
    except (csv.Error, OSError):
        return False  # not read here: the reader chosen says what is wrong


def _detect(path: Path | bytes, encoding: str | None, where: str) -> str:
    """The file's encoding: the one named (checked), else UTF-8 (BOM or not), else GB18030.

    The file is decoded once in pieces (its text is not kept), so that a wrong encoding is
    an error before any row is read, not halfway through.
    """
    names: tuple[str, ...] = ("utf-8-sig", "gb18030")
    if encoding is not None:
        try:
            names = (check_encoding(encoding),)
        except ValueError as exc:
            zh = bilingual(str(exc))[0]
            raise LedgerError(f"{where}: {exc}", zh=f"{where}：{zh}") from None
    for name in names:
        decoder = codecs.getincrementaldecoder(name)()
        done = 0
        try:
            with io.BytesIO(path) if isinstance(path, bytes) else path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
                    done += len(chunk)
                decoder.decode(b"", final=True)
        except OSError as exc:
            raise _unreadable(where, exc) from None
        except UnicodeDecodeError as exc:
            if encoding is not None:
                raise LedgerError(
                    f"{where}: not {encoding} text (byte {done + exc.start + 1}); {ENCODING_HINT}",
                    zh=f"{where}：不是 {encoding} 编码的文本（第 {done + exc.start + 1} 个字节）；"
                    f"{ENCODING_HINT_ZH}",
                ) from None
            continue
        return name
    raise LedgerError(  # pragma: no cover - gb18030 decodes almost any byte string
        f"{where}: neither UTF-8 nor GB18030 text; name the encoding with --encoding",
        zh=f"{where}：既不是 UTF-8 也不是 GB18030 文本；请用 --encoding 写明编码",
    )


def _unreadable(where: str, exc: OSError) -> LedgerError:
    """A file that cannot be opened or read, in both languages."""
    return LedgerError(
        f"{where}: cannot read the file: {exc.strerror or exc}",
        zh=f"{where}：无法读取文件（{exc.strerror or exc}）；请核对文件名和路径",
    )


def _zh_of(message: str, where: str) -> str | None:
    """A message of ``read_data_file`` in Chinese, the file named (``None``: none known)."""
    from xinfang_rules._files import data_file_zh

    zh = data_file_zh(message)
    return None if zh is None else f"{where}：{zh}"


def write_rejected_csv(path: str | Path, issues: Sequence[LedgerIssue]) -> None:
    """The rejected rows, with their row number and reason, as CSV for Excel (UTF-8 BOM).

    Written whole or not at all; text cells a spreadsheet would run as a formula are
    neutralised. A path ending in ``.xlsx`` gets a workbook instead (the ``excel`` extra).
    """
    from xinfang_rules._files import CsvOut, write_text

    if str(path).lower().endswith(".xlsx"):
        from xinfang_rules.formats.workbooks import write_rejected_xlsx

        write_rejected_xlsx(path, issues)
        return
    header, rows = rejected_table(issues)

    def write(f: Any) -> None:
        w = CsvOut(f)
        w.row(header)
        w.rows(rows)

    write_text(path, write, encoding="utf-8-sig", newline="")
