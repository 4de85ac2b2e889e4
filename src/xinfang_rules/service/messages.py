"""Reading a request into its model, and answering a problem in the client's language.

:func:`answer_language` (``Accept-Language``), :class:`Problem` (RFC 9457 problem+json,
its title in Chinese or English), and the structuring of a body or a parameter into its
model with the field's path named in the error.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
import types
import typing
from typing import Any, Literal

import attrs

from xinfang_rules.errors import XinfangError
from xinfang_rules.privacy import mask_text, scrub

# --------------------------------------------------------------------------- models

Lang = Literal["zh", "en"]


#: The problems' titles in Chinese, by status.
_TITLES_ZH = {400: "请求格式错误", 401: "未授权", 404: "未找到", 405: "不支持的请求方法",
              413: "请求体过大", 415: "不支持的内容类型", 422: "无法处理的请求",
              500: "服务内部错误"}  # fmt: skip


def answer_language(header: str | None, default: Lang = "zh") -> Lang:
    """The language of an answer: Chinese or English, as ``Accept-Language`` prefers.

    The first of the two by the header's q-values; neither asked for: ``default``.

    >>> answer_language("en-US,en;q=0.9"), answer_language("fr, zh-CN;q=0.5", "en")
    ('en', 'zh')
    >>> answer_language(None, "en"), answer_language("de")
    ('en', 'zh')
    """
    ranked: list[tuple[float, int, Lang]] = []
    for i, part in enumerate((header or "").split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        m = re.search(r"q=([0-9.]{1,5})", params)
        if m:
            try:
                q = float(m.group(1))
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in ("zh", "en") and q > 0:
            ranked.append((-q, i, "zh" if primary == "zh" else "en"))
    return min(ranked)[2] if ranked else default


@attrs.frozen
class Problem(Exception):
    """An RFC 9457 problem: status, title, detail and the fields at fault, in two languages."""

    status: int
    title: str
    detail: str = ""
    errors: tuple[tuple[str, str], ...] = ()
    detail_zh: str = ""
    errors_zh: tuple[tuple[str, str], ...] = ()

    def body(self, lang: Lang = "zh") -> dict[str, Any]:
        """The problem+json body in ``lang`` (the English where no Chinese was given)."""
        zh = lang == "zh"
        out: dict[str, Any] = {
            "type": f"urn:xinfang-rules:problem:{self.status}",
            "title": _TITLES_ZH.get(self.status, self.title) if zh else self.title,
            "status": self.status,
        }
        detail = (self.detail_zh or self.detail) if zh else self.detail
        if detail:
            out["detail"] = scrub(detail)
        errors = (self.errors_zh or self.errors) if zh else self.errors
        if errors:
            out["errors"] = [{"path": scrub(p), "message": scrub(m)} for p, m in errors]
        return out


def _bad(path: str, message: str, zh: str | None = None) -> Problem:
    zh = zh or message
    return Problem(
        422,
        "Unprocessable request",
        f"{path}: {message}" if path else message,
        ((path, message),),
        f"{path}：{zh}" if path else zh,
        ((path, zh),),
    )


def _refused(exc: XinfangError) -> Problem:
    """The library's refusal of a request's content, in both languages."""
    return Problem(422, "Unprocessable request", exc.text("en"), detail_zh=exc.text("zh"))


# --------------------------------------------------------------------------- structuring


def _structure(cls: type, data: Any, path: str = "") -> Any:
    """A request model from parsed JSON: exact types, no unknown fields, errors by path."""
    if not isinstance(data, dict):
        raise _bad(path, f"expected an object, got {_kind(data)}")
    hints = typing.get_type_hints(cls)
    fields = {a.name: a for a in attrs.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        key = mask_text(unknown[0])  # a key is input too: masked like any value
        where = f"{path}.{key}" if path else key
        raise _bad(where, f"unknown field; the fields are {', '.join(fields)}")
    kw: dict[str, Any] = {}
    for name, a in fields.items():
        where = f"{path}.{name}" if path else name
        if name not in data:
            if a.default is attrs.NOTHING:
                raise _bad(where, "required field missing")
            continue
        kw[name] = _value(hints[name], data[name], where)
    return cls(**kw)


def _kind(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _value(kind: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(kind)
    if kind is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        if value is None and type(None) in args:
            return None
        rest = [a for a in args if a is not type(None)]
        return _value(rest[0], value, path)
    if origin is Literal:
        choices = typing.get_args(kind)
        if value not in choices or type(value) is not type(choices[0]):
            raise _bad(path, f"expected one of {', '.join(map(str, choices))}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise _bad(path, f"expected a list, got {_kind(value)}")
        inner = typing.get_args(kind)[0]
        return tuple(_value(inner, v, f"{path}[{i}]") for i, v in enumerate(value))
    if kind is _dt.date:
        if not isinstance(value, str):
            raise _bad(path, f"expected a date YYYY-MM-DD, got {_kind(value)}")
        try:
            from xinfang_rules.dates import parse_iso_date

            return parse_iso_date(value)
        except ValueError:
            raise _bad(path, "expected a date YYYY-MM-DD") from None
    if kind is float:
        if type(value) not in (int, float):
            raise _bad(path, f"expected a number, got {_kind(value)}")
        if not math.isfinite(value):
            raise _bad(path, "expected a finite number (1e400 is beyond what a number may be)")
        return float(value)
    if kind in (str, int, bool):
        if type(value) is not kind:
            raise _bad(path, f"expected {_kind(kind())}, got {_kind(value)}")
        return value
    if attrs.has(kind):
        return _structure(kind, value, path)
    raise TypeError(f"no structuring for {kind!r}")  # pragma: no cover


def _plain(value: Any) -> Any:
    """A response model as JSON-ready data."""
    if attrs.has(type(value)):
        return {a.name: _plain(getattr(value, a.name)) for a in attrs.fields(type(value))}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
