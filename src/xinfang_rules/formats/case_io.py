"""Petitions to and from plain data, JSON and JSON Lines (schema ``xinfang_rules.petition/1``).

Built on ``cattrs``: dates are ISO strings (``"2025-08-04"``), enumerations their Chinese
values (``"来访"``, ``"申诉求决类"``), events tagged by ``"type"``, the regime by its id. A
round trip is lossless. Bad input raises :class:`CaseDataError` naming the path of the bad
field (``events[3].date``) and what was expected; nothing is half-built.

:func:`iter_petitions_jsonl` streams a JSON Lines file one petition at a time (constant
memory) and either stops at the first bad line or skips bad lines and reports them.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import enum
import json
import typing
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal, Union

import attrs
import cattrs
from cattrs.strategies import configure_tagged_union

from xinfang_rules import _json
from xinfang_rules._files import (
    ENCODING_HINT,
    ENCODING_HINT_ZH,
    MAX_NESTING,
    READ_BUFFER,
    LineDecoder,
    check_encoding,
    nesting,
    problem_zh,
    write_text,
)
from xinfang_rules.cases import (
    EVENT_TYPES,
    AnyEvent,
    CaseError,
    CaseFieldError,
    Category,
    Channel,
    Outcome,
    Petition,
    Petitioner,
    Rating,
    RefusalGround,
)
from xinfang_rules.cases.petition import _new_petition, _new_petitioner
from xinfang_rules.dates import parse_iso_date
from xinfang_rules.errors import XinfangError, bilingual
from xinfang_rules.law.rules import Regime, named_regime
from xinfang_rules.privacy import echo, echo_all, quoted

__all__ = [
    "PETITION_SCHEMA",
    "CaseDataError",
    "LoadIssue",
    "dumps_petition",
    "iter_petitions_jsonl",
    "loads_petition",
    "petition_from_dict",
    "petition_to_dict",
    "write_petitions_jsonl",
]

#: The value of ``schema`` in a petition record this version reads and writes.
PETITION_SCHEMA = "xinfang_rules.petition/1"

_REGIMES: contextvars.ContextVar[Mapping[str, Regime] | None] = contextvars.ContextVar(
    "_REGIMES", default=None
)


class CaseDataError(CaseError):
    """A petition record is invalid; names the field's path (e.g. ``events[3].date``).

    Attributes:
        message: What is wrong, without the file, line and path.
        path: Where in the record (may be empty for the record as a whole).
        line: The line number in a JSON Lines or CSV file, if read from one.
        file: The file, if read from one by name.

    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        file: str | None = None,
        zh: str | None = None,
    ) -> None:
        half_zh, half_en = bilingual(message)  # a message written 中文 / English
        if half_en is not None:
            message = half_en
            zh = zh if zh is not None else half_zh
        place = " ".join(x for x in (f"line {line}" if line else "", path) if x)
        where = ": ".join(x for x in (file or "", place) if x)
        place_zh = " ".join(y for y in (f"第 {line} 行" if line else "", path) if y)
        where_zh = "：".join(x for x in (file or "", place_zh) if x)
        self.message_zh = zh  # what is wrong, in Chinese, without the place (None: none)
        if zh is not None and where_zh:
            zh = f"{where_zh}：{zh}"
        super().__init__(f"{where}: {message}" if where else message, zh=zh)
        self.message = message
        self.path = path
        self.line = line
        self.file = file

    def at(self, *, line: int | None = None, file: str | None = None) -> CaseDataError:
        """The same error, placed in a file and on a line."""
        return CaseDataError(
            self.message, path=self.path, line=line or self.line, file=file or self.file,
            zh=self.message_zh,
        )  # fmt: skip


@attrs.frozen
class LoadIssue:
    """A bad line skipped while streaming: its number and what was wrong.

    Attributes:
        line: The line's number in the file.
        message: What was wrong, in English.
        message_zh: The same in Chinese (``None`` where the reader had none).

    """

    line: int
    message: str
    message_zh: str | None = None

    def text(self, lang: str = "zh") -> str:
        """What was wrong, in ``lang`` (English where no Chinese is known)."""
        return self.message_zh if lang == "zh" and self.message_zh else self.message


def _structure_date(value: Any, _: type) -> _dt.date:
    try:
        return parse_iso_date(value)
    except ValueError:
        raise ValueError(
            f"应为 YYYY-MM-DD 格式的日期，实为 {echo(value)} / expected an ISO date YYYY-MM-DD, "
            f"got {echo(value)}"
        ) from None


def _structure_regime(value: Any, _: type) -> Regime:
    if not isinstance(value, str):
        raise ValueError(
            f"应为规则编号，如 'xinfang-2022'，实为 {echo(value)} / expected a regime id such as "
            f"'xinfang-2022', got {echo(value)}"
        )
    extra = _REGIMES.get() or {}
    if value in extra:
        return extra[value]
    return named_regime(value)


_JSON_TYPES = {bool: "true or false", int: "a whole number", str: "a string"}
_JSON_TYPES_ZH = {bool: "true 或 false", int: "整数", str: "文字（字符串）"}


def _json_type(value: Any) -> str:
    """What a parsed JSON value is, in the words of the format (never the value itself)."""
    if value is None:
        return "null"
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "an object"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def _strict(kind: type) -> Any:
    """A structure hook that takes only ``kind`` itself: no "false" as True, no 2.7 as 2."""

    def hook(value: Any, _: type) -> Any:
        if type(value) is not kind:
            raise ValueError(
                f"应为{_JSON_TYPES_ZH[kind]}，实为 {_json_type(value)} / expected "
                f"{_JSON_TYPES[kind]}, got {_json_type(value)}"
            )
        return value

    return hook


def _enum_hook(kind: type[enum.Enum]) -> Any:
    """A structure hook for a vocabulary: its Chinese values, and a masked echo if not."""
    values = ", ".join(str(m.value) for m in kind)

    def hook(value: Any, _: type) -> Any:
        try:
            return kind(value)
        except ValueError:
            raise ValueError(
                f"应为 {values} 之一，实为 {echo(value)} / expected one of {values}; got "
                f"{echo(value)}"
            ) from None

    return hook


def _is_literal(kind: Any) -> bool:
    return typing.get_origin(kind) is Literal


def _literal_hook(value: Any, kind: Any) -> Any:
    """A value of a small fixed vocabulary (``kind``: person or organisation …), or why not."""
    choices = typing.get_args(kind)
    if any(value == c and type(value) is type(c) for c in choices):
        return value
    allowed = ", ".join(quoted(choices))
    raise ValueError(
        f"应为 {allowed} 之一，实为 {echo(value)} / expected one of {allowed}; got {echo(value)}"
    )


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook_func(_is_literal, _literal_hook)
    for kind in _JSON_TYPES:
        conv.register_structure_hook(kind, _strict(kind))
    for vocabulary in (Channel, Category, Outcome, Rating, RefusalGround):
        conv.register_structure_hook(vocabulary, _enum_hook(vocabulary))
    conv.register_structure_hook(_dt.date, _structure_date)
    conv.register_unstructure_hook(_dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(Regime, _structure_regime)
    conv.register_unstructure_hook(Regime, lambda r: r.id)
    configure_tagged_union(
        AnyEvent,
        conv,
        tag_generator=lambda cls: cls.type,  # type: ignore[attr-defined]
        tag_name="type",
    )
    return conv


_CONVERTER = _make_converter()
_EVENT_TAGS = tuple(cls.type for cls in EVENT_TYPES)


def _format(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        fields = echo_all(sorted(exc.extra_fields))
        return (
            f"无法识别的字段 {fields}（见 docs/cases.md） / unknown field(s): {fields}; see "
            "docs/cases.md"
        )
    if isinstance(exc, KeyError):
        return "缺少必填字段 / required field missing"
    if isinstance(exc, XinfangError) and exc.zh is not None and exc.zh != str(exc):
        return f"{exc.zh} / {exc.text('en')}"
    if isinstance(exc, (ValueError, XinfangError)):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _field_error(exc: BaseException) -> CaseFieldError | None:
    """The model's error naming a field, inside a cattrs error group, if that is what it is."""
    if isinstance(exc, CaseFieldError):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _field_error(inner)
        if found is not None:
            return found
    return None


def _zh(message: str) -> str | None:
    """The Chinese half of a message written 中文 / English (``None`` if it is not)."""
    zh, en = bilingual(message)
    return zh if en is not None else None


def _path_of(exc: BaseException) -> tuple[str, str]:
    """The first failing field's path and message from a cattrs error."""
    messages = cattrs.transform_error(exc, path="", format_exception=_format)
    first = messages[0] if messages else str(exc)
    message, _, path = first.rpartition(" @ ")
    if not message:
        message, path = first, ""
    return path.lstrip("."), message


def petition_to_dict(petition: Petition) -> dict[str, Any]:
    """The petition as plain data (JSON-ready), with ``schema`` first."""
    data = _CONVERTER.unstructure(petition)
    data["events"] = [
        {"type": e.type, **_CONVERTER.unstructure(e, type(e))} for e in petition.events
    ]
    return {"schema": PETITION_SCHEMA, **data}


def petition_from_dict(
    data: Mapping[str, Any], *, regimes: Mapping[str, Regime] | None = None
) -> Petition:
    """Build a petition from plain data, replaying and checking its events.

    Args:
        data: A record in the ``xinfang_rules.petition/1`` schema (``docs/cases.md``).
        regimes: Your own regimes by id, for records that name them.

    Raises:
        CaseDataError: A field is missing, unknown or invalid (the error names its path), or
            the events are not a valid history (the error names the event).

    """
    return _from_dict(data, regimes, defer=False)


def _from_dict(
    data: Mapping[str, Any], regimes: Mapping[str, Regime] | None, *, defer: bool
) -> Petition:
    """:func:`petition_from_dict`; ``defer``: the streaming readers' (``cases._replay``)."""
    if not isinstance(data, Mapping):
        raise CaseDataError(
            f"a petition record is an object, got {type(data).__name__}",
            zh=f"一条信访事项记录应为 JSON 对象，实为 {type(data).__name__}",
        )
    if data.get("schema") != PETITION_SCHEMA:
        raise CaseDataError(
            f"'schema' must be {echo(PETITION_SCHEMA)}, got {echo(data.get('schema'))}",
            path="schema",
            zh=f"'schema' 应为 {echo(PETITION_SCHEMA)}，实为 {echo(data.get('schema'))}",
        )
    fast = _fast_petition(data, regimes, defer=defer)
    if fast is not None:
        return fast  # every value had its exact type: nothing nested deeper than events
    return _checked_petition(data, regimes)


def _checked_petition(data: Mapping[str, Any], regimes: Mapping[str, Regime] | None) -> Petition:
    """The validating path (cattrs): what the fast path gives, and every error, in words."""
    if nesting(data):
        raise CaseDataError(
            f"lists or objects nested too deep (over {MAX_NESTING})",
            zh=f"列表或对象嵌套过深（超过 {MAX_NESTING} 层）",
        )
    body = {k: v for k, v in data.items() if k != "schema"}
    events_data = body.pop("events", [])
    if not isinstance(events_data, list):
        raise CaseDataError(
            f"expected a list, got {type(events_data).__name__}",
            path="events",
            zh=f"应为列表，实为 {type(events_data).__name__}",
        )
    token = _REGIMES.set(regimes or {})
    try:
        try:
            petition = _CONVERTER.structure(body, Petition)
        except cattrs.BaseValidationError as exc:
            beyond = _field_error(exc)
            if beyond is not None:
                raise CaseDataError(
                    beyond.message, path=beyond.path, zh=beyond.message_zh
                ) from None
            path, message = _path_of(exc)
            raise CaseDataError(message, path=path, zh=_zh(message)) from None
        except CaseFieldError as exc:
            raise CaseDataError(exc.message, path=exc.path, zh=exc.message_zh) from None
        except XinfangError as exc:
            raise CaseDataError(str(exc), zh=exc.zh) from None
        events: list[Any] = []
        for i, item in enumerate(events_data):
            where = f"events[{i}]"
            if not isinstance(item, Mapping) or "type" not in item:
                raise CaseDataError(
                    "expected an event object with a 'type'",
                    path=where,
                    zh="应为带 'type' 的事件对象",
                )
            if item["type"] not in _EVENT_TAGS:
                raise CaseDataError(
                    f"unknown event type {echo(item['type'])}; known: {', '.join(_EVENT_TAGS)}",
                    path=f"{where}.type",
                    zh=f"无法识别的事件类型 {echo(item['type'])}；可用：{'、'.join(_EVENT_TAGS)}",
                )
            try:
                events.append(_CONVERTER.structure(item, AnyEvent))
            except cattrs.BaseValidationError as exc:
                path, message = _path_of(exc)
                raise CaseDataError(
                    message, path=f"{where}.{path}" if path else where, zh=_zh(message)
                ) from None
            except XinfangError as exc:
                raise CaseDataError(exc.text("en"), path=where, zh=exc.zh) from None
        try:
            return attrs.evolve(petition, events=tuple(events))
        except CaseFieldError as exc:
            raise CaseDataError(exc.message, path=exc.path, zh=exc.message_zh) from None
        except XinfangError as exc:
            text = exc.text("en")
            path, sep, rest = text.partition(": ")
            zh = exc.zh
            if sep and path.startswith("events["):
                if zh is not None:
                    zh = zh.removeprefix(f"{path}：").removeprefix(f"{path}: ")
                raise CaseDataError(rest, path=path, zh=zh) from None
            raise CaseDataError(text, path="events", zh=zh) from None
    finally:
        _REGIMES.reset(token)


#: A petition's plain fields and the exact types each may have.
_PETITION_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "receiving_unit": (str,),
    "handling_unit": (str, type(None)),
    "headcount": (int,),
    "first_time": (bool,),
    "repeat_of": (str, type(None)),
    "backlog": (bool,),
    "leader": (str, type(None)),
    "summary": (str,),
    "region": (str, type(None)),
    "identity_unclear": (bool,),
}
_PERSON_KEYS = frozenset({"name", "kind", "id_number", "phone", "address"})
#: The values of the fields a record may leave out (the models' defaults).
_PETITION_DEFAULTS = {
    a.name: a.default for a in attrs.fields(Petition) if a.init and a.default is not attrs.NOTHING
}
_PERSON_DEFAULTS = {
    a.name: a.default for a in attrs.fields(Petitioner) if a.default is not attrs.NOTHING
}
_TEXT = (str, type(None))
_CHANNELS = {m.value: m for m in Channel}
_CATEGORIES = {m.value: m for m in Category}
# how each field of an event is read: a date, a date or null, an enum (by value), a whole
# number, or text (or null; the event's own validators decide which may be null)
_DATE, _OPTIONAL_DATE, _ENUM, _INT, _TEXTUAL = range(5)
_ENUM_VALUES = {
    "outcome": {m.value: m for m in Outcome},
    "rating": {m.value: m for m in Rating},
    "ground": {m.value: m for m in RefusalGround},
}


def _event_reader(cls: type) -> tuple[type, dict[str, tuple[int, Any]]]:
    fields: dict[str, tuple[int, Any]] = {}
    for a in attrs.fields(cls):
        if a.name == "date":
            fields[a.name] = (_DATE, None)
        elif a.name in ("due", "notified_on", "received_on"):
            fields[a.name] = (_DATE if a.name == "due" else _OPTIONAL_DATE, None)
        elif a.name in _ENUM_VALUES:
            fields[a.name] = (_ENUM, _ENUM_VALUES[a.name])
        elif a.name == "days":
            fields[a.name] = (_INT, None)
        else:
            fields[a.name] = (_TEXTUAL, None)
    return cls, fields


_EVENT_READERS = {cls.type: _event_reader(cls) for cls in EVENT_TYPES}


_SEEN_DATES: dict[str, _dt.date] = {}


def _fast_date(value: Any) -> _dt.date:
    """An ISO date string as a date (remembering the few thousand days a file holds)."""
    found = _SEEN_DATES.get(value) if type(value) is str else None
    if found is not None:
        return found
    day = parse_iso_date(value)
    if len(_SEEN_DATES) >= 50_000:
        _SEEN_DATES.clear()  # keep memory bounded
    _SEEN_DATES[value] = day
    return day


#: The fields an event may have and still be shared (see :func:`_shared_event`): dates,
#: vocabularies and unit names. An event with free text (a reason, a note, an approver)
#: or a number is never shared: free text may hold personal data, which no cache keeps.
_SHAREABLE_FIELDS = frozenset(
    {
        "date",
        "due",
        "notified_on",
        "received_on",
        "outcome",
        "rating",
        "to_unit",
        "of",
        "period",
    }
)
_SHAREABLE = frozenset(
    cls for cls in EVENT_TYPES if {a.name for a in attrs.fields(cls)} <= _SHAREABLE_FIELDS
)
#: Events already built, by what they were built from (a record's event, or its typed
#: form): equal events are one object, as equal dates are. Events are immutable values,
#: so sharing them changes nothing but the time and memory a file of petitions takes.
_SHARED_EVENTS: dict[Any, Any] = {}
_SHARED_EVENTS_MAX = 100_000


def _shared_event(key: Any, event: Any) -> Any:
    """Keep ``event`` (built from ``key``) for the next record with an equal one."""
    if type(event) in _SHAREABLE:
        if len(_SHARED_EVENTS) >= _SHARED_EVENTS_MAX:
            _SHARED_EVENTS.clear()  # keep memory bounded
        _SHARED_EVENTS[key] = event
    return event


def _read_value(how: int, values: Any, v: Any) -> Any:
    """An event field's value from its JSON value.

    A date, a date or null, a vocabulary member by its value, or the value itself (text,
    a whole number). ``how <= _ENUM`` are the ones read here (the order of the kinds).
    """
    if how == _DATE:
        return _SEEN_DATES.get(v) or _fast_date(v)
    if how == _OPTIONAL_DATE:
        return None if v is None else _SEEN_DATES.get(v) or _fast_date(v)
    if how == _ENUM:
        return values[v]
    return v


def _fast_events(items: Any) -> tuple[Any, ...] | None:
    """The events of a well-formed record; ``None`` at anything unusual."""
    if type(items) is not list:
        return None
    shared = _SHARED_EVENTS
    out = []
    for item in items:
        if type(item) is not dict:
            return None
        # keys and values as given (str or None only, once stored): an equal record event
        # is the same event; TypeError (an unhashable value) sends the record to the caller
        key = tuple(item.items())
        known = shared.get(key)
        if known is not None:
            out.append(known)
            continue
        cls, fields = _EVENT_READERS[item["type"]]  # KeyError: an unknown type (caller)
        args: dict[str, Any] = {}
        for name, v in item.items():
            if name == "type":
                continue
            how, values = fields[name]  # KeyError: an unknown field (caller)
            if how <= _ENUM:
                args[name] = _read_value(how, values, v)
            elif how == _INT:
                if type(v) is not int:
                    return None
                args[name] = v
            elif v is not None and type(v) is not str:
                return None
            else:
                args[name] = v
        out.append(_shared_event(key, cls(**args)))
    return tuple(out)


def _fast_petition(
    body: Mapping[str, Any], regimes: Mapping[str, Regime] | None, *, defer: bool = False
) -> Petition | None:
    """Build a well-formed record directly; ``None`` sends anything unusual to cattrs.

    Only returns a petition when every field has exactly the expected type, so that every
    error is reported by the slower path with its field's path. The petition itself is
    built by its own constructor: every check of the model runs on this path too.
    """
    try:
        kw: dict[str, Any] = dict(_PETITION_DEFAULTS)
        for key, value in body.items():
            kinds = _PETITION_FIELDS.get(key)
            if kinds is not None:
                if type(value) not in kinds:
                    return None
                kw[key] = value
            elif key == "events":
                events = _fast_events(value)
                if events is None:
                    return None
                kw[key] = events
            elif key == "received":
                kw[key] = _SEEN_DATES.get(value) or _fast_date(value)
            elif key == "channel":
                kw[key] = _CHANNELS[value]
            elif key == "category":
                kw[key] = _CATEGORIES[value]
            elif key == "petitioners":
                if type(value) is not list:
                    return None
                people = []
                for person in value:
                    if type(person) is not dict or not person.keys() <= _PERSON_KEYS:
                        return None
                    for v in person.values():
                        if type(v) not in _TEXT:
                            return None
                    people.append(_new_petitioner(**{**_PERSON_DEFAULTS, **person}))
                kw[key] = tuple(people)
            elif key == "regime":
                if value is not None:
                    if regimes and value in regimes:
                        kw[key] = regimes[value]
                    else:
                        kw[key] = named_regime(value)
            elif key != "schema":  # the schema is checked by the caller
                return None
        return _new_petition(**kw, defer=defer)  # TypeError (a field missing): the caller
    except Exception:  # any problem: the validating path explains it
        return None


# --------------------------------------------------------------------------- typed decoding
# With the ``fast`` extra, a line is first decoded by msgspec straight into the schema's
# exact types (strings, whole numbers, true/false, null where allowed, no unknown field):
# the type checks of the fast path above, done by the decoder in C. Whatever that decoder
# refuses is decoded again as plain JSON and goes through the paths above, which accept it
# or say what is wrong, in their own words. Values are read exactly as the fast path reads
# them (dates by :func:`_fast_date`, vocabularies by their tables), and the petition is
# built by its own constructor: every check of the model runs here too.

_TYPED: dict[str, Any] = {}


def _typed_decoder() -> Any:
    """Msgspec's decoder of a petition record in the schema's types, or ``None``.

    ``None`` when the standard library's JSON decoder is in use (no ``fast`` extra, or
    ``XINFANG_JSON=stdlib``). The record types are made once, from the model's fields.
    """
    if _json._fast is None:
        return None
    decoder = _TYPED.get("decoder")
    if decoder is None:
        decoder = _TYPED["decoder"] = _make_typed_decoder()
    return decoder


def _typed_field(name: str, kind: Any, default: Any) -> tuple[Any, ...]:
    if default is attrs.NOTHING:
        return (name, kind)
    return (name, kind, default)


def _make_typed_decoder() -> Any:
    import msgspec

    as_type = {
        _DATE: str, _OPTIONAL_DATE: str | None, _ENUM: str, _INT: int, _TEXTUAL: str | None,
    }  # fmt: skip
    options: dict[str, Any] = {"kw_only": True, "forbid_unknown_fields": True}
    readers: dict[type, tuple[type, tuple[tuple[str, int, Any], ...]]] = {}
    for tag, (cls, reads) in _EVENT_READERS.items():
        defaults = {a.name: a.default for a in attrs.fields(cls)}
        struct = msgspec.defstruct(
            f"_{cls.__name__}Record",
            [_typed_field(name, as_type[how], defaults[name]) for name, (how, _) in reads.items()],
            tag=tag, tag_field="type", frozen=True, **options,
        )  # fmt: skip
        readers[struct] = (
            cls,
            tuple((name, how, values) for name, (how, values) in reads.items()),
        )
    person: Any = msgspec.defstruct(
        "_PetitionerRecord",
        [_typed_field(a.name, str | None, a.default) for a in attrs.fields(Petitioner)],
        **options,
    )
    kinds: dict[str, Any] = {
        "received": str, "channel": str, "category": str, "petitioners": list[person],
        "regime": str | None, "events": list[msgspec.Raw],
    }  # fmt: skip
    for name, types in _PETITION_FIELDS.items():
        kinds[name] = types[0] if len(types) == 1 else types[0] | None
    fields: list[tuple[Any, ...]] = [("schema", str)]
    for a in attrs.fields(Petition):
        if a.init:
            fields.append(_typed_field(a.name, kinds[a.name], a.default))
    record = msgspec.defstruct("_PetitionRecord", fields, **options)
    _TYPED["events"] = readers
    any_event: Any = Union[tuple(readers)]  # noqa: UP007 - msgspec needs a runtime Union
    _TYPED["event"] = msgspec.json.Decoder(any_event).decode
    return msgspec.json.Decoder(record).decode


def _typed_event(text: bytes) -> Any:
    """The event in ``text`` (one event of a record, as written; shared when it may be)."""
    struct = _TYPED["event"](text)
    cls, fields = _TYPED["events"][type(struct)]
    args = {name: _read_value(how, values, getattr(struct, name)) for name, how, values in fields}
    return _shared_event(text, cls(**args))


def _typed_petition(
    text: str | bytes, decode: Any, regimes: Mapping[str, Regime] | None, *, defer: bool = False
) -> Petition | None:
    """The petition on a line decoded in the schema's types; ``None``: the plain paths decide."""
    try:
        rec = decode(text)
    except Exception:  # not in the schema's types (or not JSON): the plain paths explain
        return None
    if rec.schema != PETITION_SCHEMA:
        return None
    try:
        # each event by its own text: an event written alike is the same event
        get = _SHARED_EVENTS.get
        events = tuple([get(text) or _typed_event(text) for text in map(bytes, rec.events)])
        regime = rec.regime
        if regime is not None:
            regime = regimes[regime] if regimes and regime in regimes else named_regime(regime)
        received = rec.received
        return _new_petition(
            rec.id,
            _SEEN_DATES.get(received) or _fast_date(received),
            _CHANNELS[rec.channel],
            _CATEGORIES[rec.category],
            rec.receiving_unit,
            rec.handling_unit,
            tuple([_new_petitioner(p.name, p.kind, p.id_number, p.phone, p.address)
                   for p in rec.petitioners]),
            rec.headcount,
            rec.first_time,
            rec.repeat_of,
            rec.backlog,
            rec.leader,
            rec.summary,
            regime,
            events,
            rec.region,
            rec.identity_unclear,
            defer=defer,
        )  # fmt: skip
    except Exception:  # any problem: the validating path explains it
        return None


def dumps_petition(petition: Petition) -> str:
    """One petition as a JSON string (UTF-8 text, Chinese kept as is)."""
    return json.dumps(petition_to_dict(petition), ensure_ascii=False, separators=(",", ":"))


def loads_petition(text: str, *, regimes: Mapping[str, Regime] | None = None) -> Petition:
    """A petition from a JSON string (see :func:`petition_from_dict`)."""
    return _load(text, regimes, defer=False)


def _load(text: str, regimes: Mapping[str, Regime] | None, *, defer: bool) -> Petition:
    """:func:`loads_petition`; ``defer``: the streaming readers' (``cases._replay``)."""
    typed = _typed_decoder()
    if typed is not None:
        petition = _typed_petition(text, typed, regimes, defer=defer)
        if petition is not None:
            return petition
    try:
        data = _json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseDataError(
            f"not valid JSON: {exc.msg} (column {exc.colno})",
            zh=f"不是有效的 JSON（{exc.msg}，第 {exc.colno} 列）",
        ) from None
    except RecursionError:
        raise CaseDataError(
            f"lists or objects nested too deep (over {MAX_NESTING})",
            zh=f"列表或对象嵌套过深（超过 {MAX_NESTING} 层）",
        ) from None
    except ValueError:  # an integer of more digits than Python converts
        raise CaseDataError(
            "a number in the record has thousands of digits", zh="记录中有位数过多的数字"
        ) from None
    return _from_dict(data, regimes, defer=defer)


def write_petitions_jsonl(petitions: Iterable[Petition], file: IO[str] | str | Path) -> int:
    """Write petitions as JSON Lines, one per line; returns how many were written."""
    if isinstance(file, (str, Path)):
        return write_text(file, lambda fh: write_petitions_jsonl(petitions, fh))
    n = 0
    for p in petitions:
        file.write(dumps_petition(p))
        file.write("\n")
        n += 1
    return n


def _check_on_error(on_error: str, issues: list[LoadIssue] | None) -> None:
    if on_error not in ("raise", "skip"):
        raise CaseDataError(
            f"on_error must be 'raise' or 'skip', got {echo(on_error)}",
            zh=f"on_error 应为 'raise' 或 'skip'，实为 {echo(on_error)}",
        )
    if on_error == "skip" and issues is None:
        raise CaseDataError(
            "with on_error='skip', pass issues=[] to receive the skipped lines",
            zh="on_error='skip' 时须传入 issues=[] 以收集跳过的行",
        )


def iter_petitions_jsonl(
    source: IO[str] | str | Path,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    issues: list[LoadIssue] | None = None,
    regimes: Mapping[str, Regime] | None = None,
    encoding: str = "utf-8-sig",
) -> Iterator[Petition]:
    """Stream petitions from a JSON Lines file (or an open text file), one at a time.

    Args:
        source: A path, or an open text file.
        on_error: ``"raise"`` stops at the first bad line with a :class:`CaseDataError`
            naming it; ``"skip"`` skips it and appends a :class:`LoadIssue` to ``issues``.
        issues: Where skipped lines are reported (needed with ``on_error="skip"``).
        regimes: Your own regimes by id.
        encoding: For a path: the file's encoding (default UTF-8, with or without a
            byte-order mark; ``"gb18030"`` for files saved on Chinese Windows). A line that
            does not decode is a bad line, named.

    Blank lines are ignored. Memory use does not grow with the number of petitions.

    """
    _check_on_error(on_error, issues)
    if isinstance(source, (str, Path)):
        name = str(source)
        try:
            check_encoding(encoding)
        except ValueError as exc:
            raise CaseDataError(str(exc), file=name, zh=_zh(str(exc))) from None
        typed = _typed_decoder()
        decode = LineDecoder(encoding)
        with open(source, "rb", buffering=READ_BUFFER) as fh:
            # UTF-8 with the typed decoder: each line's bytes go to it as they are (it
            # checks that they are UTF-8); the first line (a byte-order mark) and any line
            # it does not take are decoded as text and read as the other files are
            fast = typed is not None and decode.utf8
            for number, raw in enumerate(fh, start=1):
                if fast and number > 1:
                    petition = _typed_petition(raw, typed, regimes, defer=True)
                    if petition is not None:
                        yield petition
                        continue
                number, text, problem = decode(number, raw)
                yield from _jsonl_line(number, text, problem, on_error, issues, regimes, name)
        return
    lines = iter(source)
    number = 0
    while True:
        number += 1
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise CaseDataError(
                f"not {exc.encoding} text; {ENCODING_HINT}", line=number,
                zh=f"不是 {exc.encoding} 编码的文本；{ENCODING_HINT_ZH}",
            ) from None  # fmt: skip
        yield from _jsonl_line(number, line, "", on_error, issues, regimes, None)


def _jsonl_line(
    number: int,
    line: str | None,
    problem: str,
    on_error: Literal["raise", "skip"],
    issues: list[LoadIssue] | None,
    regimes: Mapping[str, Regime] | None,
    file: str | None,
) -> Iterator[Petition]:
    """The petition on one line of a JSON Lines file, or its error (raised or kept)."""
    try:
        if line is None:
            raise CaseDataError(problem, zh=problem_zh(problem))
        if not line.strip():
            return
        yield _load(line, regimes, defer=True)
    except CaseDataError as exc:
        if on_error == "raise":
            raise exc.at(line=number, file=file) from None
        assert issues is not None
        issues.append(LoadIssue(number, exc.text("en"), exc.zh))
