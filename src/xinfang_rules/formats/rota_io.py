"""Reception rotas in files: the TOML configuration, CSV, iCalendar and the public notice.

- :func:`load_rota_config` reads a rota configuration (schema ``xinfang_rules.rota/1``,
  TOML or JSON; ``docs/rota.md``): leaders, places, rules, constraints, absences and
  manual overrides. Errors name the entry at fault (``rules[2].pool.levels``).
- :func:`write_rota_csv` / :func:`read_rota_csv`: one row per leader per reception; the
  reader also takes hand-made files (leaders and places by id or by name) for checking.
- :func:`rota_to_ics`: one iCalendar event per reception, Asia/Shanghai time, with UIDs
  stable per day and place, so that importing a regenerated rota updates the events
  instead of duplicating them (needs the ``ics`` extra: ``icalendar``).
- :func:`notice_rows`, :func:`notice_markdown`, :func:`write_notice_csv`: the public
  notice (公示): 姓名, 职务, 分管工作, 日期, 时间, 地点, 形式.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

import attrs

from xinfang_rules._files import (
    CsvOut,
    check_encoding,
    data_file_zh,
    decode_lines,
    optional_module,
    parse_data_file,
    problem_zh,
    read_data_file,
    write_text,
)
from xinfang_rules.calendar import WorkdayCalendar
from xinfang_rules.dates import BEIJING, WEEKDAY_NAMES_ZH, date_from_data
from xinfang_rules.errors import XinfangError, _Located, bilingual
from xinfang_rules.privacy import (
    clean_text,
    echo,
    markdown_cell,
    one_line,
    unspreadsheet_cell,
)
from xinfang_rules.rota import (
    Assignment,
    EveryWorkday,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Place,
    Pool,
    RecurrenceRule,
    Replace,
    Rota,
    RotaError,
    Rule,
    Swap,
    Unavailable,
    Violation,
    Weekly,
    check_rota,
    generate_rota,
)

__all__ = [
    "NOTICE_COLUMNS",
    "ROTA_CSV_COLUMNS",
    "ROTA_SCHEMA",
    "RotaConfig",
    "RotaConfigError",
    "load_rota_config",
    "notice_markdown",
    "notice_rows",
    "read_rota_csv",
    "rota_config_from_bytes",
    "rota_config_from_dict",
    "rota_to_ics",
    "write_notice_csv",
    "write_rota_csv",
]

_T = TypeVar("_T")

#: The ``schema`` value of a rota configuration this version reads.
ROTA_SCHEMA = "xinfang_rules.rota/1"


class RotaConfigError(_Located, RotaError):
    """A rota configuration or rota file is invalid; names the file and the entry.

    Attributes:
        path: The file (``None`` for data passed in memory).
        entry: Where in it, e.g. ``rules[2].pool.levels`` or ``line 7``.

    """


@attrs.frozen
class RotaConfig:
    """Everything needed to generate and check a rota (see ``docs/rota.md``)."""

    leaders: tuple[Leader, ...]
    places: tuple[Place, ...]
    rules: tuple[Rule, ...]
    unavailable: tuple[Unavailable, ...] = ()
    minimum: tuple[MinFrequency, ...] = ()
    maximum: tuple[MaxFrequency, ...] = ()
    overrides: tuple[Replace | Swap, ...] = ()
    fair: bool = True
    seed: int = 0
    region: str | None = None
    name: str = ""

    @property
    def calendar(self) -> WorkdayCalendar:
        """The national calendar, with the configuration's region if it names one."""
        return WorkdayCalendar.china(region=self.region)

    def generate(
        self,
        start: _dt.date,
        end: _dt.date,
        *,
        pinned: Sequence[Assignment] = (),
        allow_gaps: bool = False,
        calendar: WorkdayCalendar | None = None,
        solver: Literal["auto", "greedy", "exact"] = "auto",
        time_limit: float = 10.0,
    ) -> Rota:
        """:func:`~xinfang_rules.rota.generate_rota` with this configuration."""
        return generate_rota(
            self.rules,
            self.leaders,
            start,
            end,
            calendar=calendar or self.calendar,
            unavailable=self.unavailable,
            minimum=self.minimum,
            maximum=self.maximum,
            fair=self.fair,
            overrides=self.overrides,
            pinned=pinned,
            seed=self.seed,
            allow_gaps=allow_gaps,
            solver=solver,
            time_limit=time_limit,
        )

    def check(
        self, rota: Rota, *, calendar: WorkdayCalendar | None = None
    ) -> tuple[Violation, ...]:
        """:func:`~xinfang_rules.rota.check_rota` with this configuration."""
        return check_rota(
            rota,
            self.rules,
            calendar=calendar or self.calendar,
            unavailable=self.unavailable,
            minimum=self.minimum,
            maximum=self.maximum,
            fair=self.fair,
        )


# --------------------------------------------------------------------------- configuration

_WEEKDAYS = {
    **{name: i for i, name in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))},
    **{name: i for i, name in enumerate(WEEKDAY_NAMES_ZH)},
    **{name.replace("星期", "周"): i for i, name in enumerate(WEEKDAY_NAMES_ZH)},
    "周天": 6,
    "星期天": 6,
}
_TOP = {
    "schema", "name", "region", "seed", "fair", "leaders", "places", "rules", "unavailable",
    "minimum", "maximum", "overrides",
}  # fmt: skip
_WHEN = ("monthly_day", "weekday", "every_workday", "rrule")
#: The keys each table of a configuration file may hold (docs/rota.md; the JSON Schema of
#: ``xinfang schema rota`` names the same).
_POOL_KEYS = ("levels", "units", "principal", "leaders")
_LEADER_KEYS = ("id", "name", "title", "level", "principal", "unit", "portfolio")
_PLACE_KEYS = ("id", "name", "time", "address")
_RULE_KEYS = (*_WHEN, "id", "pool", "place", "per_slot", "rest_day", "start", "end", "layer",
              "form", "source")  # fmt: skip
_FREQUENCY_KEYS = ("pool", "count", "per", "source")
_OVERRIDE_KEYS = ("replace", "swap", "reason")
_REPLACE_KEYS = ("date", "place", "out", "into")
_SWAP_KEYS = ("first", "first_date", "second", "second_date")
_UNAVAILABLE_KEYS = ("leader", "start", "end", "reason")


class _Reader:
    """Walks plain data, raising :class:`RotaConfigError` with the entry's path."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, message: str, entry: str, zh: str | None = None) -> RotaConfigError:
        return RotaConfigError(message, path=self.path, entry=entry, zh=zh)

    def refail(self, exc: Exception, entry: str) -> RotaConfigError:
        """A library error met while reading, placed in the file, in both languages."""
        if isinstance(exc, XinfangError):
            return self.fail(exc.text("en"), entry, exc.zh)
        zh, en = bilingual(str(exc))
        return self.fail(en or str(exc), entry, zh if en else None)

    def table(self, value: Any, entry: str, keys: Iterable[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(
                f"expected a table, got {type(value).__name__}", entry,
                f"应为表，实为 {type(value).__name__}",
            )  # fmt: skip
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise self.fail(
                f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(keys))}", entry,
                f"无法识别的键 {'、'.join(unknown)}；可用：{'、'.join(sorted(keys))}",
            )  # fmt: skip
        return value

    def items(self, data: Mapping[str, Any], key: str) -> list[tuple[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(
                f"expected a list ([[{key}]]), got {type(value).__name__}", key,
                f"应为列表（[[{key}]]），实为 {type(value).__name__}",
            )  # fmt: skip
        return [(f"{key}[{i}]", item) for i, item in enumerate(value)]

    def build(self, entry: str, make: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        try:
            return make(*args, **kw)
        except (XinfangError, TypeError, ValueError) as exc:
            raise self.refail(exc, entry) from None

    def date(self, value: Any, entry: str) -> _dt.date:
        try:
            return date_from_data(value)
        except ValueError as exc:
            raise self.refail(exc, entry) from None

    def optional_date(self, value: Any, entry: str) -> _dt.date | None:
        return None if value is None else self.date(value, entry)

    def text(self, value: Any, entry: str, *, optional: bool = False) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.fail(
                f"expected a string, got {echo(value)}", entry, f"应为文字，实为 {echo(value)}"
            )
        return value

    def pool(self, value: Any, entry: str) -> Pool:
        data = self.table(value, entry, _POOL_KEYS)
        for key in ("levels", "units", "leaders"):
            v = data.get(key, [])
            if isinstance(v, str):
                continue
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise self.fail(
                    "expected a string or a list of strings",
                    f"{entry}.{key}",
                    "应为文字或文字的列表",
                )
        principal = data.get("principal")
        if principal is not None and not isinstance(principal, bool):
            raise self.fail(
                f"expected true or false, got {echo(principal)}", f"{entry}.principal",
                f"应为 true 或 false，实为 {echo(principal)}",
            )  # fmt: skip
        return Pool(
            levels=data.get("levels", ()),
            units=data.get("units", ()),
            principal=principal,
            leaders=data.get("leaders", ()),
        )


def _leader(r: _Reader, entry: str, item: Any) -> Leader:
    data = r.table(item, entry, _LEADER_KEYS)
    missing = [k for k in ("id", "name", "title", "level") if k not in data]
    if missing:
        raise r.fail(f"missing {', '.join(missing)}", entry, f"缺少 {'、'.join(missing)}")
    if not isinstance(data.get("principal", False), bool):
        raise r.fail("expected true or false", f"{entry}.principal", "应为 true 或 false")
    return r.build(entry, Leader, **data)


def _place(r: _Reader, entry: str, item: Any) -> Place:
    data = r.table(item, entry, _PLACE_KEYS)
    for key in ("id", "name", "time"):
        if key not in data:
            raise r.fail(f"missing {key}", entry, f"缺少 {key}")
    time = r.text(data["time"], f"{entry}.time")
    start, sep, end = time.partition("-")
    if not sep:
        raise r.fail(
            f"expected a time window HH:MM-HH:MM, got {echo(time)}", f"{entry}.time",
            f"应为时段 HH:MM-HH:MM，实为 {echo(time)}",
        )  # fmt: skip
    return r.build(
        entry, Place, data["id"], data["name"], start.strip(), end.strip(),
        data.get("address", ""),
    )  # fmt: skip


def _when(r: _Reader, entry: str, data: Mapping[str, Any]) -> Any:
    given = [k for k in _WHEN if k in data]
    if len(given) != 1:
        raise r.fail(
            f"give exactly one of {', '.join(_WHEN)} (got {len(given)})", entry,
            f"{'、'.join(_WHEN)} 中只能写一项（写了 {len(given)} 项）",
        )  # fmt: skip
    key = given[0]
    value = data[key]
    where = f"{entry}.{key}"
    if key == "monthly_day":
        return r.build(where, MonthlyDay, value)
    if key == "weekday":
        day = value if isinstance(value, int) and not isinstance(value, bool) else None
        day = _WEEKDAYS.get(value.upper() if isinstance(value, str) else "", day)
        if day is None:
            raise r.fail(
                f"expected 0-6, MO-SU or 周一-周日, got {echo(value)}", where,
                f"应为 0-6、MO-SU 或 周一-周日，实为 {echo(value)}",
            )  # fmt: skip
        return r.build(where, Weekly, day)
    if key == "every_workday":
        if value is not True:
            raise r.fail("expected true", where, "应为 true")
        return EveryWorkday()
    return r.build(where, RecurrenceRule, r.text(value, where))


def _rule(r: _Reader, entry: str, item: Any, places: Mapping[str, Place]) -> Rule:
    data = r.table(item, entry, _RULE_KEYS)
    for key in ("id", "pool", "place"):
        if key not in data:
            raise r.fail(f"missing {key}", entry, f"缺少 {key}")
    place_id = r.text(data["place"], f"{entry}.place")
    if place_id not in places:
        raise r.fail(
            f"unknown place {echo(place_id)}; the places are {', '.join(places) or 'none'}",
            f"{entry}.place",
            f"未知的接访地点 {echo(place_id)}；现有：{'、'.join(places) or '无'}",
        )
    kw: dict[str, Any] = {
        "when": _when(r, entry, data),
        "pool": r.pool(data["pool"], f"{entry}.pool"),
        "place": places[place_id],
        "start": r.optional_date(data.get("start"), f"{entry}.start"),
        "end": r.optional_date(data.get("end"), f"{entry}.end"),
    }
    for key in ("per_slot", "rest_day", "layer", "form", "source"):
        if key in data:
            kw[key] = data[key]
    return r.build(entry, Rule, data["id"], **kw)


def _frequency(r: _Reader, entry: str, item: Any, cls: Any) -> Any:
    data = r.table(item, entry, _FREQUENCY_KEYS)
    if "pool" not in data:
        raise r.fail("missing pool", entry, "缺少 pool")
    kw = {k: data[k] for k in ("count", "per", "source") if k in data}
    return r.build(entry, cls, r.pool(data["pool"], f"{entry}.pool"), **kw)


def _override(r: _Reader, entry: str, item: Any) -> Replace | Swap:
    data = r.table(item, entry, _OVERRIDE_KEYS)
    reason = data.get("reason", "")
    if ("replace" in data) == ("swap" in data):
        raise r.fail("give exactly one of replace or swap", entry, "replace 和 swap 只能写一项")
    if "replace" in data:
        where = f"{entry}.replace"
        rep = r.table(data["replace"], where, _REPLACE_KEYS)
        return r.build(
            where, Replace, r.date(rep.get("date"), f"{where}.date"), rep.get("place", ""),
            rep.get("out", ""), rep.get("into", ""), reason,
        )  # fmt: skip
    where = f"{entry}.swap"
    sw = r.table(data["swap"], where, _SWAP_KEYS)
    return r.build(
        where, Swap, sw.get("first", ""), r.date(sw.get("first_date"), f"{where}.first_date"),
        sw.get("second", ""), r.date(sw.get("second_date"), f"{where}.second_date"), reason,
    )  # fmt: skip


def rota_config_from_dict(data: Mapping[str, Any], *, path: str | None = None) -> RotaConfig:
    """A :class:`RotaConfig` from plain data (a parsed TOML or JSON file).

    Raises:
        RotaConfigError: An entry is missing, unknown or invalid; names it.

    """
    r = _Reader(path)
    top = r.table(data, "", _TOP)
    if top.get("schema") != ROTA_SCHEMA:
        raise r.fail(
            f"schema must be {echo(ROTA_SCHEMA)}, got {echo(top.get('schema'))}", "schema",
            f"schema 应为 {echo(ROTA_SCHEMA)}，实为 {echo(top.get('schema'))}",
        )  # fmt: skip
    leaders = tuple(_leader(r, e, x) for e, x in r.items(top, "leaders"))
    seen: set[str] = set()
    for i, x in enumerate(leaders):
        if x.id in seen:
            raise r.fail(
                f"a second leader with the id {echo(x.id)}", f"leaders[{i}].id",
                f"领导编号 {echo(x.id)} 重复",
            )  # fmt: skip
        seen.add(x.id)
    places: dict[str, Place] = {}
    for e, x in r.items(top, "places"):
        place = _place(r, e, x)
        if place.id in places:
            raise r.fail(
                f"a second place with the id {echo(place.id)}", f"{e}.id",
                f"接访地点编号 {echo(place.id)} 重复",
            )  # fmt: skip
        places[place.id] = place
    rules = tuple(_rule(r, e, x, places) for e, x in r.items(top, "rules"))
    if not rules:
        raise r.fail(
            "no rules: add at least one [[rules]] entry",
            "rules",
            "没有规则：请至少写一条 [[rules]]",
        )
    ids: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in ids:
            raise r.fail(
                f"a second rule with the id {echo(rule.id)}", f"rules[{i}].id",
                f"规则编号 {echo(rule.id)} 重复",
            )  # fmt: skip
        ids.add(rule.id)
        r.build(f"rules[{i}].pool", rule.pool.members, leaders)
    absences = []
    for e, x in r.items(top, "unavailable"):
        u = r.table(x, e, _UNAVAILABLE_KEYS)
        who = u.get("leader")
        if not isinstance(who, str) or who not in seen:
            raise r.fail(f"unknown leader {echo(who)}", f"{e}.leader", f"未知的领导 {echo(who)}")
        start = r.date(u.get("start"), f"{e}.start")
        end = r.date(u.get("end", u.get("start")), f"{e}.end")
        absences.append(r.build(e, Unavailable, u["leader"], start, end, u.get("reason", "")))
    fair = top.get("fair", True)
    if not isinstance(fair, bool):
        raise r.fail("expected true or false", "fair", "应为 true 或 false")
    seed = top.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise r.fail("expected a whole number", "seed", "应为整数")
    region = top.get("region")
    if region is not None:
        r.build("region", WorkdayCalendar.china, region=r.text(region, "region"))
    return RotaConfig(
        leaders=leaders,
        places=tuple(places.values()),
        rules=rules,
        unavailable=tuple(absences),
        minimum=tuple(_frequency(r, e, x, MinFrequency) for e, x in r.items(top, "minimum")),
        maximum=tuple(_frequency(r, e, x, MaxFrequency) for e, x in r.items(top, "maximum")),
        overrides=tuple(_override(r, e, x) for e, x in r.items(top, "overrides")),
        fair=fair,
        seed=seed,
        region=region,
        name=r.text(top.get("name", ""), "name"),
    )


def load_rota_config(path: str | Path) -> RotaConfig:
    """Read a rota configuration file (``.toml`` or ``.json``; ``docs/rota.md``)."""

    def error(message: str, name: str) -> RotaConfigError:
        return RotaConfigError(message, path=name, zh=data_file_zh(message))

    data = read_data_file(path, error)
    return rota_config_from_dict(data, path=str(path))


def rota_config_from_bytes(data: bytes, name: str) -> RotaConfig:
    """A rota configuration held in memory (an upload) named ``name`` (``.toml``/``.json``).

    The checks and messages of :func:`load_rota_config`; nothing is written to disk.
    """

    def error(message: str, where: str) -> RotaConfigError:
        return RotaConfigError(message, path=where, zh=data_file_zh(message))

    return rota_config_from_dict(parse_data_file(bytes(data), name, error), path=name)


# --------------------------------------------------------------------------- CSV

#: The columns :func:`write_rota_csv` writes, one row per leader per reception.
ROTA_CSV_COLUMNS = (
    "date", "weekday", "start", "end", "place_id", "place", "leader_id", "leader", "title",
    "rules", "layer", "form", "provisional",
)  # fmt: skip


def write_rota_csv(
    rota: Rota,
    file: IO[str] | str | Path,
    *,
    bom: bool = True,
    provisional_years: Sequence[int] = (),
) -> int:
    """Write the rota, one row per leader per reception; returns the number of rows.

    A path is written whole or not at all; text cells that a spreadsheet would run as a
    formula are neutralised (:func:`xinfang_rules.privacy.spreadsheet_cell`). The
    ``provisional`` column is ``true`` on a day of ``provisional_years`` (the calendar's
    years without an official holiday notice: such a day may still move).
    """
    shaky = set(provisional_years)
    places = {p.id: p for p in rota.places}
    people = {x.id: x for x in rota.leaders}

    def write(fh: IO[str]) -> int:
        writer = CsvOut(fh)
        writer.row(ROTA_CSV_COLUMNS)
        n = 0
        for a in rota.assignments:
            p = places[a.place]
            for lid in a.leaders:
                x = people.get(lid)
                writer.row([
                    a.date.isoformat(), WEEKDAY_NAMES_ZH[a.date.weekday()], f"{p.start:%H:%M}",
                    f"{p.end:%H:%M}", p.id, p.name, lid, x.name if x else "", x.title if x else "",
                    "+".join(a.rules), a.layer, a.form,
                    "true" if a.date.year in shaky else "false",
                ])  # fmt: skip
                n += 1
        return n

    return write_text(file, write, encoding="utf-8-sig" if bom else "utf-8", newline="")


def read_rota_csv(
    file: IO[str] | str | Path,
    config: RotaConfig,
    *,
    start: _dt.date | None = None,
    end: _dt.date | None = None,
    encoding: str = "utf-8-sig",
) -> Rota:
    """A rota from a CSV file, written by :func:`write_rota_csv` or by hand, for checking.

    The file needs a ``date`` column, a place (``place_id``, or ``place`` by name) and a
    leader (``leader_id``, or ``leader`` by name); other columns are ignored. Rows of the
    same day and place make one reception. The range is the file's first to last day
    unless ``start``/``end`` are given.

    Raises:
        RotaConfigError: A row's date, place or leader is unknown, a line is not in the
            file's encoding (``encoding="gb18030"`` for files saved on Chinese Windows), or
            the CSV cannot be parsed; names the file and line.

    """
    if isinstance(file, (str, Path)):
        try:
            check_encoding(encoding)
        except ValueError as exc:
            raise RotaConfigError(str(exc), path=str(file), zh=bilingual(str(exc))[0]) from None
        with open(file, "rb") as fh:
            return _read_rota_csv(_lines(fh, encoding, str(file)), str(file), config, start, end)
    name = getattr(file, "name", None)
    return _read_rota_csv(file, name if isinstance(name, str) else None, config, start, end)


def _lines(binary: IO[bytes], encoding: str, name: str) -> Iterator[str]:
    for number, text, problem in decode_lines(binary, encoding):
        if text is None:
            raise RotaConfigError(
                problem, path=name, entry=f"line {number}", zh=problem_zh(problem)
            )
        yield text


def _read_rota_csv(
    file: Iterable[str],
    name: str | None,
    config: RotaConfig,
    start: _dt.date | None,
    end: _dt.date | None,
) -> Rota:
    fetched = [0]  # the lines handed to the parser: the last is the one it was reading

    def counted(lines: Iterable[str]) -> Iterator[str]:
        for fetched[0], line in enumerate(lines, start=1):
            yield line

    reader = csv.DictReader(counted(file))
    try:
        return _rota_rows(reader, name, config, start, end)
    except csv.Error as exc:
        raise RotaConfigError(
            f"not readable as CSV ({exc}); a very long cell or an unclosed quote is the "
            "usual cause",
            path=name,
            entry=f"line {max(fetched[0], 1)}",
            zh=f"不是可读的 CSV（{exc}）；多为单元格过长或引号未闭合",
        ) from None


def _rota_rows(
    reader: csv.DictReader[str],
    name: str | None,
    config: RotaConfig,
    start: _dt.date | None,
    end: _dt.date | None,
) -> Rota:
    columns = set(reader.fieldnames or ())
    r = _Reader(name)
    if "date" not in columns or not columns & {"place_id", "place"}:
        raise r.fail("the header needs date, place_id (or place) and leader_id (or leader)",
                     "line 1",
                     "表头须有 date、place_id（或 place）和 leader_id（或 leader）")  # fmt: skip
    if not columns & {"leader_id", "leader"}:
        raise r.fail(
            "the header needs leader_id (or leader)", "line 1", "表头须有 leader_id（或 leader）"
        )
    place_by = {p.id: p.id for p in config.places} | {p.name: p.id for p in config.places}
    by_name: dict[str, list[str]] = {}
    for x in config.leaders:
        by_name.setdefault(x.name, []).append(x.id)
    ids = {x.id for x in config.leaders}
    held: dict[tuple[_dt.date, str], list[str]] = {}
    for raw in reader:
        row = {k: unspreadsheet_cell(v) if isinstance(v, str) else v for k, v in raw.items()}
        where = f"line {reader.line_num}"
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        day = r.date((row.get("date") or "").strip(), f"{where} date")
        key = (row.get("place_id") or row.get("place") or "").strip()
        if key not in place_by:
            raise r.fail(
                f"unknown place {echo(key)}", f"{where} place", f"未知的接访地点 {echo(key)}"
            )
        lid = (row.get("leader_id") or "").strip()
        if not lid:
            person = (row.get("leader") or "").strip()
            found = by_name.get(person, [])
            if len(found) != 1:
                what = "unknown" if not found else "ambiguous (give leader_id)"
                what_zh = "不在名单中" if not found else "有重名（请写 leader_id）"
                raise r.fail(
                    f"leader {echo(person)} is {what}", f"{where} leader",
                    f"领导 {echo(person)} {what_zh}",
                )  # fmt: skip
            lid = found[0]
        elif lid not in ids:
            raise r.fail(
                f"unknown leader id {echo(lid)}",
                f"{where} leader_id",
                f"未知的领导编号 {echo(lid)}",
            )
        held.setdefault((day, place_by[key]), []).append(lid)
    if not held and (start is None or end is None):
        raise r.fail(
            "no receptions in the file; give start and end", "line 2",
            "文件中没有接访记录；请给出起止日期",
        )  # fmt: skip
    days = sorted(d for d, _ in held)
    lo = start or days[0]
    hi = end or days[-1]
    items = tuple(Assignment(d, p, tuple(ls), layer="file") for (d, p), ls in sorted(held.items()))
    return Rota(lo, hi, items, config.leaders, config.places)


# --------------------------------------------------------------------------- iCalendar


def _uid(a: Assignment, place: Place, domain: str) -> str:
    digest = hashlib.sha1(f"{place.id}|{place.start}".encode()).hexdigest()[:8]
    return f"{a.date:%Y%m%d}-{place.id}-{digest}@{domain}"


def rota_to_ics(
    rota: Rota,
    *,
    name: str = "领导干部接访安排",
    domain: str = "xinfang-rules",
    stamp: _dt.datetime | None = None,
    provisional_years: Sequence[int] = (),
) -> bytes:
    """The rota as an iCalendar file (RFC 5545), one event per reception.

    Times are Beijing time (``TZID=Asia/Shanghai``). Each event's UID depends only on the
    day and the place (and ``domain``: use your unit's domain), so re-importing a
    regenerated rota updates the events rather than duplicating them.

    Args:
        rota: The rota.
        name: The calendar's name (``X-WR-CALNAME``).
        domain: The right-hand side of every UID.
        stamp: ``DTSTAMP`` (default: now, UTC).
        provisional_years: Years without an official holiday notice: their events say
            so in their description, and the calendar's description names them.

    Raises:
        RotaError: The ``icalendar`` package is not installed (``pip install
            'xinfang-rules[ics]'``).

    """
    icalendar = optional_module(
        "icalendar", extra="ics", purpose="iCalendar output", error=RotaError
    )
    now = stamp or _dt.datetime.now(_dt.timezone.utc)
    places = {p.id: p for p in rota.places}
    people = {x.id: x for x in rota.leaders}
    cal = icalendar.Calendar()
    cal.add("prodid", "-//xinfang-rules//rota//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", icalendar.vText(one_line(name)))  # one line: never a new property
    cal.add("x-wr-timezone", "Asia/Shanghai")
    shaky = set(provisional_years)
    if shaky:
        years = "、".join(str(y) for y in sorted(shaky))
        cal.add("x-wr-caldesc", f"注意：{years} 年未收录国务院办公厅放假通知，该年日期为暂定")
    for a in rota.assignments:
        p = places[a.place]
        who = [people[lid] for lid in a.leaders if lid in people]
        event = icalendar.Event()
        event.add("uid", _uid(a, p, domain))
        event.add("dtstamp", now)
        event.add("dtstart", _dt.datetime.combine(a.date, p.start, BEIJING))
        event.add("dtend", _dt.datetime.combine(a.date, p.end, BEIJING))
        event.add(
            "summary", clean_text(f"{a.form}：{'、'.join(f'{x.name}（{x.title}）' for x in who)}")
        )
        event.add("location", clean_text(f"{p.name}{'，' + p.address if p.address else ''}"))
        lines = [f"{x.name}，{x.title}{'，分管' + x.portfolio if x.portfolio else ''}" for x in who]
        if a.absent:
            lines.append("请假：" + "、".join(people[i].name for i in a.absent if i in people))
        lines.append(f"规则：{'+'.join(a.rules)}（{a.layer}）")
        if a.date.year in shaky:
            lines.append(f"暂定：{a.date.year} 年未收录国务院办公厅放假通知，日期可能调整")
        event.add("description", clean_text("\n".join(lines)))
        cal.add_component(event)
    icalendar.Calendar.add_missing_timezones(cal)
    return bytes(cal.to_ical())


# --------------------------------------------------------------------------- notice

#: The public notice's columns (公示).
NOTICE_COLUMNS = ("姓名", "职务", "分管工作", "日期", "时间", "地点", "形式")


#: The 姓名 of a reception no leader could be found for (a rota made with ``allow_gaps``).
PENDING = "待定"


def _notice_entries(rota: Rota) -> list[tuple[_dt.date, dict[str, str]]]:
    """The 公示's rows with their days: receptions and gaps, by day and place."""
    places = {p.id: p for p in rota.places}
    people = {x.id: x for x in rota.leaders}
    forms = {(a.date, a.place): a.form for a in rota.assignments}

    def where(place: str) -> tuple[str, str]:
        p = places.get(place)
        if p is None:
            return "", place
        return f"{p.start:%H:%M}—{p.end:%H:%M}", p.name + (f"（{p.address}）" if p.address else "")

    def day(d: _dt.date) -> str:
        return f"{d:%Y年%m月%d日}（{WEEKDAY_NAMES_ZH[d.weekday()]}）"

    entries: list[tuple[_dt.date, int, dict[str, str]]] = []
    order = {p.id: i for i, p in enumerate(rota.places)}
    for a in rota.assignments:
        time, place = where(a.place)
        for lid in a.leaders:
            x = people[lid]
            entries.append((a.date, order.get(a.place, 0), {
                "姓名": x.name, "职务": x.title, "分管工作": x.portfolio,
                "日期": day(a.date), "时间": time, "地点": place, "形式": a.form,
            }))  # fmt: skip
    for g in rota.gaps:  # never hidden: a reception still to be staffed is said so
        time, place = where(g.place)
        entries.append((g.date, order.get(g.place, 0), {
            "姓名": PENDING, "职务": f"尚缺 {g.missing} 人" if g.missing > 1 else "",
            "分管工作": "", "日期": day(g.date), "时间": time, "地点": place,
            "形式": forms.get((g.date, g.place), ""),
        }))  # fmt: skip
    entries.sort(key=lambda e: (e[0], e[1]))  # stable: each day's leaders keep their order
    return [(day, row) for day, _, row in entries]


def notice_rows(rota: Rota) -> list[dict[str, str]]:
    """The public notice (公示): one row per leader per reception, in date order.

    A reception that could not be staffed (a rota made with ``allow_gaps``) is a row too,
    its 姓名 :data:`PENDING` (待定) and its 职务 saying how many are missing: the 公示
    never hides a gap.
    """
    return [row for _, row in _notice_entries(rota)]


def notice_markdown(
    rota: Rota, *, title: str = "领导干部接访安排公示", provisional_years: Sequence[int] = ()
) -> str:
    """The public notice as a Markdown table.

    ``provisional_years`` (years of the range without an official holiday notice) are
    named under the range: their dates may still move.
    """
    lines = [f"# {markdown_cell(title)}", "", f"{rota.start} 至 {rota.end}", ""]
    if rota.gaps:
        lines += [f"注意：其中 {len(rota.gaps)} 场接访的领导待定，确定后另行公示。", ""]
    if provisional_years:
        years = "、".join(str(y) for y in provisional_years)
        lines += [f"注意：{years} 年未收录国务院办公厅放假通知，该年日期为暂定。", ""]
    lines.append("| " + " | ".join(NOTICE_COLUMNS) + " |")
    lines.append("|" + "---|" * len(NOTICE_COLUMNS))
    for row in notice_rows(rota):  # names and places as text: no HTML, links or emphasis
        lines.append("| " + " | ".join(markdown_cell(row[c]) for c in NOTICE_COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def write_notice_csv(
    rota: Rota,
    file: IO[str] | str | Path,
    *,
    bom: bool = True,
    provisional_years: Sequence[int] = (),
) -> int:
    """The public notice as CSV (with a BOM by default, for Excel); returns the rows.

    A path is written whole or not at all; formula-like cells are neutralised. The 备注
    column says 暂定 on a day of ``provisional_years`` (years without an official holiday
    notice: the day may still move).
    """
    entries = _notice_entries(rota)
    shaky = set(provisional_years)

    def write(fh: IO[str]) -> int:
        writer = CsvOut(fh)
        writer.row((*NOTICE_COLUMNS, "备注"))
        for day, row in entries:
            notes = []
            if row["姓名"] == PENDING:
                notes.append("接访领导待定，确定后另行公示")
            if day.year in shaky:
                notes.append(f"暂定（{day.year} 年未收录放假通知）")
            writer.row([*(row[c] for c in NOTICE_COLUMNS), "；".join(notes)])
        return len(entries)

    return write_text(file, write, encoding="utf-8-sig" if bom else "utf-8", newline="")
