"""JSON Schemas (draft 2020-12) of every file format the library reads.

For systems not written in Python: validate a petition record, a rota configuration, a
regime file, a holiday notice file or a ledger mapping before sending it, with the same
rules the library's loaders apply to its shape. ``xinfang schema NAME`` prints one;
:func:`json_schema` returns it.

The petition record's schema is made from the case model itself (the attrs classes of
:mod:`xinfang_rules.cases`, their types, defaults and vocabularies), so it cannot drift
from what :func:`~xinfang_rules.formats.case_io.petition_from_dict` reads. The other
formats are read by hand-written loaders; their schemas name exactly the keys those
loaders accept (a test checks this), with the types and vocabularies they check.

A schema says what a well-formed file looks like. The loaders check more: that events
form a valid history, that a rule's place exists, that a notice's days are consistent,
that an ID number's check digit is right. A file a schema accepts can still be refused,
with an error naming the entry; a file a schema refuses is always refused.

TOML files are described in their JSON form: dates are ISO strings ``YYYY-MM-DD`` (in
the regime and rota files a TOML date literal reads as the same date; a notice file's days
are always strings).

>>> from xinfang_rules.schemas import SCHEMA_NAMES, json_schema
>>> SCHEMA_NAMES
('petition', 'rota', 'regime', 'notice', 'ledger-mapping')
>>> json_schema("petition")["properties"]["schema"]
{'const': 'xinfang_rules.petition/1'}
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from xinfang_rules.errors import XinfangValueError
from xinfang_rules.privacy import echo

__all__ = ["SCHEMA_NAMES", "SchemaError", "json_schema", "schema_text"]

#: The formats with a published schema, as ``xinfang schema NAME`` names them.
SCHEMA_NAMES = ("petition", "rota", "regime", "notice", "ledger-mapping")

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_TEXT = {"type": "string"}
_NONEMPTY = {"type": "string", "minLength": 1}
_COUNT = {"type": "integer", "minimum": 1}


class SchemaError(XinfangValueError):
    """No schema of that name."""


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = list(required)
    out["additionalProperties"] = False
    out.update(more)
    return out


# --------------------------------------------------------------------------- from attrs

#: Constraints the case model's validators add to a field's type (field → JSON Schema).
_CONSTRAINTS: dict[tuple[str, str], dict[str, Any]] = {
    ("Petition", "headcount"): {"minimum": 1, "maximum": 100_000},
    ("Petition", "id"): {"minLength": 1},
    ("Petition", "receiving_unit"): {"minLength": 1},
    ("Petitioner", "name"): {"minLength": 1},
    ("Petitioner", "id_number"): {"pattern": r"^\s*\d{17}[\dXx]\s*$"},
    ("Extended", "days"): {"minimum": 1},
    ("RotaRequest", "time_limit"): {"exclusiveMinimum": 0, "maximum": 30},
}


def _of_type(kind: Any, refs: Callable[[type], dict[str, Any]]) -> dict[str, Any]:
    """A Python type of the case model as JSON Schema."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        rest = [a for a in args if a is not type(None)]
        inner = _of_type(rest[0], refs) if len(rest) == 1 else {
            "anyOf": [_of_type(a, refs) for a in rest]
        }  # fmt: skip
        return _nullable(inner) if len(rest) < len(args) else inner
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(kind))}
    if origin is tuple:
        return {"type": "array", "items": _of_type(typing.get_args(kind)[0], refs)}
    if kind is str:
        return dict(_TEXT)
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return {"type": "integer"}
    if kind is float:
        return {"type": "number"}
    if kind is _dt.date:
        return dict(_DATE)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"enum": [m.value for m in kind]}
    if isinstance(kind, type) and attrs.has(kind):
        return refs(kind)
    raise TypeError(f"no JSON Schema for {kind!r}")  # pragma: no cover - a new field type


def _attrs_object(cls: type, refs: Callable[[type], dict[str, Any]], **extra: Any) -> Any:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        schema = _of_type(hints[a.name], refs)
        more = _CONSTRAINTS.get((cls.__name__, a.name))
        if more:
            target = schema["anyOf"][0] if "anyOf" in schema else schema
            target.update(more)
        if a.default is attrs.NOTHING:
            required.append(a.name)
        elif isinstance(a.default, (str, int, bool)) or a.default is None:
            default = a.default.value if isinstance(a.default, enum.Enum) else a.default
            schema["default"] = default
        props[a.name] = schema
    doc = (cls.__doc__ or "").strip().splitlines()
    return _obj(props, tuple(required), **({"description": doc[0]} if doc else {}), **extra)


def _petition() -> dict[str, Any]:
    from xinfang_rules.cases import EVENT_TYPES, Event, Petition, Petitioner
    from xinfang_rules.formats.case_io import PETITION_SCHEMA
    from xinfang_rules.law.rules import Regime

    defs: dict[str, Any] = {}

    def refs(cls: type) -> dict[str, Any]:
        if cls is Regime:
            return {"type": "string", "description": "a regime's id or name (xinfang rules list)"}
        if cls is Event:
            return {"$ref": "#/$defs/event"}
        if cls.__name__ not in defs:
            defs[cls.__name__] = {}  # placeholder against recursion
            defs[cls.__name__] = _attrs_object(cls, refs)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    body = _attrs_object(Petition, refs)
    refs(Petitioner)
    events = []
    for cls in EVENT_TYPES:
        schema = _attrs_object(cls, refs)
        schema["properties"] = {"type": {"const": cls.type}, **schema["properties"]}
        schema["required"] = ["type", *schema.get("required", [])]
        defs[f"event_{cls.type}"] = schema
        events.append({"$ref": f"#/$defs/event_{cls.type}"})
    defs["event"] = {
        "description": "One step of the petition's history; 'type' says which.",
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": [cls.type for cls in EVENT_TYPES]}},
        "oneOf": events,
    }
    body["properties"] = {"schema": {"const": PETITION_SCHEMA}, **body["properties"]}
    body["required"] = ["schema", *body["required"]]
    body["properties"]["regime"]["description"] = (
        "null: the national regime in force on 'received'; else a regime's id or name"
    )
    body["description"] = (
        "A petition (信访事项) record, schema xinfang_rules.petition/1 (docs/cases.md): one "
        "JSON object per line of a JSON Lines file."
    )
    return {**body, "$defs": defs}


# --------------------------------------------------------------------------- hand-read files


def _source() -> dict[str, Any]:
    whole = {"type": "integer", "minimum": 1}
    return _obj(
        {
            "document": _NONEMPTY,
            "article": whole,
            "paragraph": whole,
            "item": whole,
            "quote": _TEXT,
            "note": _TEXT,
        },
        ("document",),
        description="Where a rule is written: document, article (条), paragraph (款), item (项).",
    )


def _regime() -> dict[str, Any]:
    from xinfang_rules.law.rules import REGIME_SCHEMA, Clock, Unit

    strings = {"type": "array", "items": _TEXT}
    extension = _obj(
        {
            "max_length": _COUNT,
            "unit": {"enum": [u.value for u in Unit]},
            "needs": strings,
            "source": {"$ref": "#/$defs/source"},
            "approver": _TEXT,
            "notify_petitioner": {"type": "boolean"},
            "caps": {"enum": ["extension", "total"], "default": "extension"},
        },
        ("max_length",),
    )
    period = _obj(
        {
            "id": _NONEMPTY,
            "title": _NONEMPTY,
            "length": {**_COUNT, "maximum": 3660},
            "unit": {"enum": [u.value for u in Unit]},
            "clock": {"enum": [c.value for c in Clock]},
            "source": {"$ref": "#/$defs/source"},
            "extension": extension,
            "excludes_hearing": {"type": "boolean"},
            "scope": _TEXT,
            "note": _TEXT,
            "title_en": _TEXT,
            "categories": strings,
            "stoppable": {"type": "boolean"},
            "refers_to": {"$ref": "#/$defs/source"},
            "exempt_if_identity_unclear": {"type": "boolean"},
        },
        ("id", "title", "unit", "clock", "source"),
    )
    return {
        **_obj(
            {
                "schema": {"const": REGIME_SCHEMA},
                "id": _NONEMPTY,
                "title": _NONEMPTY,
                "source": {"$ref": "#/$defs/source"},
                "periods": {"type": "array", "items": period, "minItems": 1},
                "in_force": _DATE,
                "until": _DATE,
                "count_days_as": {"enum": ["days", "workdays"], "default": "days"},
                "names": strings,
                "text_date": _DATE,
                "note": _TEXT,
                "extension_from": {"enum": ["last_day", "due_date"], "default": "last_day"},
            },
            ("schema", "id", "title", "source", "periods"),
            description=(
                "A regime: the time limits of one regulation (docs/rules.md, "
                "docs/howto/provincial-regime.md)."
            ),
        ),
        "$defs": {"source": _source()},
    }


def _notice() -> dict[str, Any]:
    from xinfang_rules.calendar.notices import FIRST_YEAR, LAST_YEAR, NOTICE_SCHEMA

    day = {
        "type": "string",
        "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*(\.\.\s*\d{4}-\d{2}-\d{2}\s*)?$",
    }
    days = {
        "type": "object",
        "description": "holiday name → a date, a range 'A..B', or a list of them",
        "additionalProperties": {"anyOf": [day, {"type": "array", "items": day}]},
    }
    notice = _obj(
        {
            "year": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            "title": _TEXT,
            "source": _TEXT,
            "days_off": days,
            "workdays": days,
        },
        ("year",),
    )
    region = _obj(
        {"name": _NONEMPTY, "since": {"type": "integer"}, "source": _NONEMPTY},
        ("name", "since", "source"),
    )
    return _obj(
        {
            "schema": {"const": NOTICE_SCHEMA},
            "region": region,
            "notice": {"type": "array", "items": notice},
        },
        ("schema",),
        description=(
            "Official holiday notices (国务院办公厅放假通知) or a region's local holidays "
            "(docs/notices.md)."
        ),
    )


def _rota() -> dict[str, Any]:
    from xinfang_rules.formats import rota_io as r
    from xinfang_rules.rota import RestDay

    names = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
    pool = _obj(
        {"levels": names, "units": names, "principal": {"type": "boolean"}, "leaders": names},
        description="Who may receive: by level, unit, principal or by id.",
    )
    when = {
        "monthly_day": {"type": "integer", "minimum": 1, "maximum": 31},
        "weekday": {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": 6},
                {"enum": sorted(r._WEEKDAYS)},
            ]
        },
        "every_workday": {"const": True},
        "rrule": _NONEMPTY,
    }
    rule = _obj(
        {
            **when,
            "id": _NONEMPTY,
            "pool": {"$ref": "#/$defs/pool"},
            "place": _NONEMPTY,
            "per_slot": {"anyOf": [_COUNT, {"const": "all"}], "default": 1},
            "rest_day": {"enum": [d.value for d in RestDay], "default": RestDay.NEXT.value},
            "start": _DATE,
            "end": _DATE,
            "layer": {"enum": ["base", "campaign", "sensitive"], "default": "base"},
            "form": _TEXT,
            "source": _TEXT,
        },
        ("id", "pool", "place"),
        oneOf=[{"required": [k]} for k in r._WHEN],
    )
    per = {"enum": ["week", "month", "quarter", "year"]}
    frequency = _obj(
        {"pool": {"$ref": "#/$defs/pool"}, "count": _COUNT, "per": per, "source": _TEXT},
        ("pool",),
    )
    replace = _obj({"date": _DATE, "place": _TEXT, "out": _TEXT, "into": _TEXT}, ("date",))
    swap = _obj(
        {"first": _TEXT, "first_date": _DATE, "second": _TEXT, "second_date": _DATE},
        ("first_date", "second_date"),
    )
    override = _obj(
        {"replace": replace, "swap": swap, "reason": _TEXT},
        oneOf=[{"required": ["replace"]}, {"required": ["swap"]}],
    )
    leader = _obj(
        {
            "id": _NONEMPTY,
            "name": _NONEMPTY,
            "title": _NONEMPTY,
            "level": _NONEMPTY,
            "principal": {"type": "boolean", "default": False},
            "unit": _TEXT,
            "portfolio": _TEXT,
        },
        ("id", "name", "title", "level"),
    )
    place = _obj(
        {
            "id": _NONEMPTY,
            "name": _NONEMPTY,
            "time": {"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"},
            "address": _TEXT,
        },
        ("id", "name", "time"),
    )
    unavailable = _obj(
        {"leader": _NONEMPTY, "start": _DATE, "end": _DATE, "reason": _TEXT},
        ("leader", "start"),
    )
    table = {"type": "array"}
    return {
        **_obj(
            {
                "schema": {"const": r.ROTA_SCHEMA},
                "name": _TEXT,
                "region": _TEXT,
                "seed": {"type": "integer", "default": 0},
                "fair": {"type": "boolean", "default": True},
                "leaders": {**table, "items": leader},
                "places": {**table, "items": place},
                "rules": {**table, "items": rule, "minItems": 1},
                "unavailable": {**table, "items": unavailable},
                "minimum": {**table, "items": frequency},
                "maximum": {**table, "items": frequency},
                "overrides": {**table, "items": override},
            },
            ("schema", "rules"),
            description="A reception-rota configuration (领导干部接访, docs/rota.md).",
        ),
        "$defs": {"pool": pool},
    }


def _ledger_mapping() -> dict[str, Any]:
    from xinfang_rules.cases import Category, Channel, Outcome, Rating
    from xinfang_rules.formats import ledger as g

    names = {"anyOf": [_NONEMPTY, {"type": "array", "items": _NONEMPTY, "minItems": 1}]}
    meaning: dict[str, Any] = {
        "channel": {"enum": [c.value for c in Channel]},
        "category": {"enum": [c.value for c in Category]},
        "outcome": {"enum": [o.value for o in Outcome]},
        "rating": {"enum": [*(r.value for r in Rating), ""]},
        "route": {"enum": list(g._ROUTES)},
        "yes_no": {"type": "boolean"},
    }
    return _obj(
        {
            "schema": {"const": g.LEDGER_MAPPING_SCHEMA},
            "receiving_unit": _NONEMPTY,
            "category": meaning["category"],
            "columns": _obj(dict.fromkeys(g.FIELDS, names)),
            "values": _obj(
                {
                    table: {"type": "object", "additionalProperties": meaning[table]}
                    for table in g._VALUE_TABLES
                }
            ),
        },
        ("schema",),
        description="Which column of a 信访台账 holds what, how its values read (docs/ledger.md).",
    )


_BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "petition": _petition,
    "rota": _rota,
    "regime": _regime,
    "notice": _notice,
    "ledger-mapping": _ledger_mapping,
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a file format: one of :data:`SCHEMA_NAMES`.

    Raises:
        SchemaError: No format of that name.

    """
    try:
        build = _BUILDERS[name]
    except KeyError:
        raise SchemaError(
            f"no schema {echo(name)}; the schemas are {', '.join(SCHEMA_NAMES)}",
            zh=f"没有名为 {echo(name)} 的模式；可用：{'、'.join(SCHEMA_NAMES)}",
        ) from None
    body = build()
    return {
        "$schema": _DIALECT,
        "$id": f"urn:xinfang-rules:schema:{name}",
        "title": f"xinfang_rules {name}",
        **body,
    }


def schema_text(name: str) -> str:
    """:func:`json_schema` as the JSON text ``xinfang schema`` prints (stable, sorted keys)."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
