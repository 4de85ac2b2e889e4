"""An HTTP JSON API over the library, for systems not written in Python (the ``server`` extra).

``xinfang serve`` runs it (uvicorn); :func:`create_app` builds the ASGI application
(Starlette) for your own server. The OpenAPI 3.1 document (``/openapi.json``) is generated
from the request and response models below and the published JSON Schemas of
:mod:`xinfang_rules.schemas` (petition records, rota configurations), so nobody keeps a
second schema by hand.

Starlette and uvicorn were chosen by measurement: the deadline endpoint served 10,100
requests/s (p99 0.9 ms) against Litestar's 7,800 on the same machine and load, and
Starlette leaves the validation of petition bodies to the library's own loader, whose
errors name the field (``petitions[2].events[3].date``).

Security: the server listens on 127.0.0.1 unless told otherwise, and refuses any other
address unless access tokens are configured (a file, or the ``XINFANG_TOKENS`` environment
variable; never the command line). With tokens, every endpoint but ``/health`` answers 401
without ``Authorization: Bearer <token>`` (compared in constant time). CORS is off unless
origins are named. TLS belongs to a reverse proxy (docs/service.md). Errors are RFC 9457
``application/problem+json`` naming the field path; bodies and batches have limits (413);
logs are one JSON line per request with no body and no personal data.
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import datetime as _dt
import enum
import hmac
import json
import logging
import math
import os
import re
import time
import types
import typing
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from xinfang_rules import __version__
from xinfang_rules.calendar import DayInfo, WorkdayCalendar
from xinfang_rules.cases import CaseFieldError
from xinfang_rules.errors import XinfangError, XinfangValueError
from xinfang_rules.law.deadlines import Deadline, compute_deadline, statutory_timeline
from xinfang_rules.law.rules import Regime, named_regime, regimes
from xinfang_rules.privacy import echo, mask_text, scrub

__all__ = ["ServiceConfig", "ServiceError", "create_app", "openapi_document", "run"]

LOG = logging.getLogger("xinfang_rules.service")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: Operations run in a worker thread (they may take seconds: the rota's exact search).
_SLOW_OPERATIONS = frozenset({"rotaGenerate"})
#: The longest budget a request may give the rota's exact search (seconds, deterministic).
MAX_TIME_LIMIT = 30.0


class ServiceError(XinfangValueError):
    """The service cannot start as configured (e.g. a public address without tokens)."""


@attrs.frozen
class ServiceConfig:
    """How the service runs.

    Attributes:
        host: The address to listen on (default 127.0.0.1, loopback only).
        port: The port.
        tokens: Access tokens; empty: no authentication (then only loopback is allowed).
        cors_origins: Origins allowed by CORS (none: CORS off).
        max_body: The largest request body, in bytes (413 past it).
        max_batch: The most petitions in one request (413 past it).
        notices: Holiday notice files laid over the national calendar.
        regime_files: Regime files added to the built-in regimes (by id).
        lang: The language of error answers (problem+json) for a request whose
            ``Accept-Language`` asks for neither Chinese nor English (default Chinese).

    """

    host: str = "127.0.0.1"
    port: int = 8000
    tokens: frozenset[str] = frozenset()
    cors_origins: tuple[str, ...] = ()
    max_body: int = 16 * 1024 * 1024
    max_batch: int = 10_000
    notices: tuple[str, ...] = ()
    regime_files: tuple[str, ...] = ()
    lang: Literal["zh", "en"] = "zh"

    def check(self) -> None:
        """Refuse a configuration that would expose personal data.

        Raises:
            ServiceError: A non-loopback address without tokens, or bad limits.

        """
        if self.host not in LOOPBACK and not self.tokens:
            raise ServiceError(
                f"refusing to listen on {self.host}: petition bodies carry personal data, so "
                "an address other than loopback needs access tokens (--token-file FILE or "
                "XINFANG_TOKENS); see docs/service.md",
                zh=f"不在 {self.host} 上提供服务：请求中有个人信息，本机以外的地址须设访问令牌"
                "（--token-file 文件 或环境变量 XINFANG_TOKENS）；见 docs/service.md",
            )
        if any(len(t) < 16 for t in self.tokens):
            raise ServiceError(
                "every access token must be at least 16 characters long",
                zh="每个访问令牌至少 16 个字符",
            )
        if self.max_body < 1024 or self.max_batch < 1:
            raise ServiceError(
                "max_body must be at least 1024 bytes and max_batch at least 1",
                zh="请求体上限至少 1024 字节，每次事项数上限至少 1",
            )


def load_tokens(path: str | None, environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """Access tokens from a file (one a line, # comments) and/or ``XINFANG_TOKENS`` (commas)."""
    env = os.environ if environ is None else environ
    tokens: set[str] = set()
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ServiceError(
                f"{path}: 无法读取令牌文件 / cannot read the token file: {exc.strerror or exc}"
            ) from None
        except UnicodeDecodeError:
            raise ServiceError(
                f"{path}: 令牌文件不是 UTF-8 文本 / the token file is not UTF-8 text"
            ) from None
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                tokens.add(line)
    tokens.update(t.strip() for t in env.get("XINFANG_TOKENS", "").split(",") if t.strip())
    return frozenset(tokens)


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


@attrs.frozen
class DayOut:
    """One day of the calendar and why."""

    date: _dt.date
    workday: bool
    kind: Literal["workday", "weekend", "holiday", "makeup_workday"]
    holiday: str | None
    note: str | None
    official: bool
    reason_zh: str
    reason_en: str


@attrs.frozen
class MonthOut:
    """A month of the calendar."""

    year: int
    month: int
    workdays: int
    provisional: bool
    days: tuple[DayOut, ...]


@attrs.frozen
class WorkdaysAddRequest:
    """The n-th working day after a date."""

    date: _dt.date
    n: int


@attrs.frozen
class WorkdaysAddOut:
    """The answer and its derivation."""

    date: _dt.date
    n: int
    result: _dt.date
    provisional: bool
    explanation_zh: str
    explanation_en: str


@attrs.frozen
class WorkdaysBetweenRequest:
    """Working days in (start, end]."""

    start: _dt.date
    end: _dt.date


@attrs.frozen
class WorkdaysBetweenOut:
    """The count and its derivation."""

    start: _dt.date
    end: _dt.date
    count: int
    provisional: bool
    explanation_zh: str
    explanation_en: str


@attrs.frozen
class DeadlineRequest:
    """A period's deadline: the period's id in a regime, and the day its clock starts."""

    period: str
    start: _dt.date
    regime: str | None = None
    count_days_as: Literal["days", "workdays"] | None = None
    assigned_due: _dt.date | None = None


@attrs.frozen
class DeadlineOut:
    """A due date, where it comes from, and how it was computed."""

    regime: str
    period: str
    title: str
    source: str
    start: _dt.date
    last_day: _dt.date
    due: _dt.date
    provisional: bool
    why_zh: str
    why_en: str
    explanation_zh: str
    explanation_en: str


@attrs.frozen
class TimelineRequest:
    """A petition's statutory timeline from its known days."""

    received: _dt.date
    accepted: _dt.date | None = None
    reply_received: _dt.date | None = None
    regime: str | None = None


@attrs.frozen
class TimelineItem:
    """One period of the timeline; its deadline when its clock's day is known."""

    period: str
    title: str
    source: str
    due: _dt.date | None
    last_day: _dt.date | None
    provisional: bool
    why_zh: str | None


@attrs.frozen
class TimelineOut:
    """Every period of the regime for the petition."""

    regime: str
    items: tuple[TimelineItem, ...]


@attrs.frozen
class StatusRequest:
    """Petitions (``xinfang_rules.petition/1`` records) to judge on a day."""

    on: _dt.date
    petitions: tuple[Any, ...]
    due_soon: int = 3


@attrs.frozen
class DutyOut:
    """One deadline of a petition, judged on the day."""

    period: str
    title: str
    source: str
    due: _dt.date
    state: Literal["open", "due_soon", "overdue", "met", "late"]
    done_on: _dt.date | None
    days_late: int | None
    duty: Literal["unit", "petitioner"]
    provisional: bool


@attrs.frozen
class PetitionStatusOut:
    """A petition's standing on the day, with every deadline."""

    id: str
    state: Literal["on_time", "due_soon", "overdue", "closed", "final"]
    deadlines: tuple[DutyOut, ...]


@attrs.frozen
class StatusOut:
    """Each petition's standing, in the order given."""

    on: _dt.date
    petitions: tuple[PetitionStatusOut, ...]


@attrs.frozen
class RotaRequest:
    """A rota configuration (``xinfang_rules.rota/1``) and the days to fill."""

    config: Any
    start: _dt.date
    end: _dt.date
    allow_gaps: bool = False
    solver: Literal["auto", "greedy", "exact"] = "auto"
    time_limit: float = 10.0


@attrs.frozen
class AssignmentOut:
    """One reception: who receives where on which day."""

    date: _dt.date
    place: str
    leaders: tuple[str, ...]
    layer: str
    form: str
    provisional: bool


@attrs.frozen
class ConflictOut:
    """Why no rota can meet every rule: a count that proves it (docs/rota.md)."""

    kind: Literal["day", "capacity", "minimum", "competition"]
    message: str
    message_zh: str
    first: _dt.date
    last: _dt.date
    deficit: int
    leaders: tuple[str, ...]
    places: tuple[str, ...]


@attrs.frozen
class RotaOut:
    """The rota, with the receptions it could not staff, notes, and why (conflicts)."""

    start: _dt.date
    end: _dt.date
    assignments: tuple[AssignmentOut, ...]
    gaps: tuple[str, ...]
    notes: tuple[str, ...]
    provisional_years: tuple[int, ...]
    conflicts: tuple[ConflictOut, ...] = ()


@attrs.frozen
class AssignmentIn:
    """A reception of an existing rota: day, place id, leader ids."""

    date: _dt.date
    place: str
    leaders: tuple[str, ...]


@attrs.frozen
class RotaCheckRequest:
    """An existing rota (generated or by hand) to check against a configuration."""

    config: Any
    start: _dt.date
    end: _dt.date
    assignments: tuple[AssignmentIn, ...]


@attrs.frozen
class ViolationOut:
    """A rule the rota breaks."""

    kind: str
    message: str
    date: _dt.date | None
    leader: str | None


@attrs.frozen
class RotaCheckOut:
    """Every violation; none: the rota keeps the rules."""

    ok: bool
    violations: tuple[ViolationOut, ...]


@attrs.frozen
class MetricsRequest:
    """Petitions and the period to compute every figure for."""

    petitions: tuple[Any, ...]
    start: _dt.date
    end: _dt.date
    on: _dt.date | None = None
    by: Literal["handling_unit", "receiving_unit"] = "handling_unit"
    rank: str | None = None
    top: int | None = None
    bottom: int | None = None


@attrs.frozen
class RateRow:
    """One figure of one unit (``合计``: all units pooled); ``percent`` null: no value.

    ``provisional``: taken in a year without an official holiday notice (may change).
    """

    unit: str
    figure: str
    title: str
    numerator: int
    denominator: int
    percent: str | None
    provisional: bool


@attrs.frozen
class RankRow:
    """A unit's place; ``rank`` null for a unit with nothing to count."""

    rank: int | None
    unit: str
    numerator: int
    denominator: int
    percent: str | None


@attrs.frozen
class MetricsOut:
    """Every figure per unit and pooled, and the ranking asked for."""

    start: _dt.date
    end: _dt.date
    on: _dt.date
    by: str
    provisional_years: tuple[int, ...]
    rows: tuple[RateRow, ...]
    ranking: tuple[RankRow, ...] | None


@attrs.frozen
class PeriodOut:
    """A period of a regime, with its article and words."""

    id: str
    title: str
    title_en: str | None
    length: int | None
    unit: str
    clock: str
    source: str
    quote: str | None


@attrs.frozen
class RegimeOut:
    """A regime and its periods."""

    id: str
    title: str
    names: tuple[str, ...]
    in_force: _dt.date | None
    until: _dt.date | None
    count_days_as: str
    periods: tuple[PeriodOut, ...]


@attrs.frozen
class RegimeSummary:
    """A regime in one line."""

    id: str
    title: str
    names: tuple[str, ...]
    in_force: _dt.date | None
    periods: int


@attrs.frozen
class Health:
    """The service is up."""

    status: Literal["ok"]
    version: str


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


# --------------------------------------------------------------------------- the work


class _Service:
    """The answers, on one calendar and one set of regimes (shared, read-only)."""

    def __init__(self, config: ServiceConfig) -> None:
        from xinfang_rules.law.rules import load_regime

        cal = WorkdayCalendar.china()
        for path in config.notices:
            cal = cal.with_notice_file(path)
        self.calendar = cal
        self.config = config
        self.extra: dict[str, Regime] = {}
        for path in config.regime_files:
            r = load_regime(path)
            self.extra[r.id] = r

    def regime(self, name: str | None, received: _dt.date | None, path: str) -> Regime:
        from xinfang_rules.law.rules import regime_for

        if name is None:
            return regime_for(received or _dt.date.today())
        if name in self.extra:
            return self.extra[name]
        try:
            return named_regime(name)
        except XinfangError as exc:
            raise _bad(path, exc.text("en"), exc.zh) from None

    def all_regimes(self) -> list[Regime]:
        found = {**{r.id: r for r in regimes().values()}, **self.extra}
        return [found[k] for k in sorted(found)]

    def day(self, info: DayInfo) -> DayOut:
        kind: Any = info.kind.value
        return DayOut(
            info.date,
            info.is_workday,
            kind,
            info.holiday,
            info.note,
            info.official,
            info.reason("zh"),
            info.reason("en"),
        )

    def deadline(self, d: Deadline, regime: Regime) -> DeadlineOut:
        explanation = d.explain()
        return DeadlineOut(
            regime.id,
            d.period.id,
            d.period.title,
            d.period.source.render("zh"),
            d.start,
            d.last_day,
            d.due,
            d.provisional,
            d.why("zh"),
            d.why("en"),
            explanation.render("zh"),
            explanation.render("en"),
        )

    def petitions(self, records: Sequence[Any]) -> list[Any]:
        from xinfang_rules.formats.case_io import CaseDataError, petition_from_dict

        if len(records) > self.config.max_batch:
            raise Problem(
                413,
                "Batch too large",
                f"{len(records)} petitions; the limit is {self.config.max_batch}",
                detail_zh=f"一次 {len(records)} 件，超过上限 {self.config.max_batch} 件",
            )
        out = []
        for i, record in enumerate(records):
            try:
                out.append(petition_from_dict(record, regimes=self.extra))
            except CaseDataError as exc:
                where = f"petitions[{i}]" + (f".{exc.path}" if exc.path else "")
                raise _bad(where, exc.message, exc.message_zh) from None
        return out


def _routes(svc: _Service) -> list[tuple[str, str, str, type | None, Any, str]]:
    """(method, path, summary, request model, response model, operation id)."""
    return [
        ("GET", "/health", "The service is up", None, Health, "health"),
        (
            "GET",
            "/calendar/day/{date}",
            "One day: working or not, and why",
            None,
            DayOut,
            "calendarDay",
        ),
        (
            "GET",
            "/calendar/month/{month}",
            "A month (YYYY-MM) of the calendar",
            None,
            MonthOut,
            "calendarMonth",
        ),
        (
            "POST",
            "/workdays/add",
            "The n-th working day after a date",
            WorkdaysAddRequest,
            WorkdaysAddOut,
            "workdaysAdd",
        ),
        (
            "POST",
            "/workdays/between",
            "Working days in (start, end]",
            WorkdaysBetweenRequest,
            WorkdaysBetweenOut,
            "workdaysBetween",
        ),
        (
            "POST",
            "/deadline",
            "A period's due date with its explanation",
            DeadlineRequest,
            DeadlineOut,
            "deadline",
        ),
        (
            "POST",
            "/timeline",
            "A petition's statutory timeline",
            TimelineRequest,
            TimelineOut,
            "timeline",
        ),
        (
            "POST",
            "/petitions/status",
            "Petitions' deadlines and standing on a day",
            StatusRequest,
            StatusOut,
            "petitionsStatus",
        ),
        (
            "POST",
            "/rota/generate",
            "A reception rota from a configuration",
            RotaRequest,
            RotaOut,
            "rotaGenerate",
        ),
        (
            "POST",
            "/rota/check",
            "An existing rota checked against a configuration",
            RotaCheckRequest,
            RotaCheckOut,
            "rotaCheck",
        ),
        (
            "POST",
            "/metrics",
            "Every evaluation figure, per unit and pooled, and a ranking",
            MetricsRequest,
            MetricsOut,
            "metrics",
        ),
        ("GET", "/regimes", "The regimes, one a line", None, tuple[RegimeSummary, ...], "regimes"),
        (
            "GET",
            "/regimes/{name}",
            "A regime's periods with their articles and words",
            None,
            RegimeOut,
            "regime",
        ),
    ]


def _handlers(svc: _Service) -> dict[str, Callable[..., Any]]:
    cal = svc.calendar

    def health(params: dict[str, str], body: None) -> Health:
        return Health("ok", __version__)

    def calendar_day(params: dict[str, str], body: None) -> DayOut:
        day = _value(_dt.date, params["date"], "date")
        return svc.day(cal.describe(day))

    def calendar_month(params: dict[str, str], body: None) -> MonthOut:
        text = params["month"]
        try:
            first = _dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise _bad("month", "expected a month YYYY-MM") from None
        last = first.replace(day=_calendar.monthrange(first.year, first.month)[1])
        days = tuple(svc.day(i) for i in cal.days(first, last))
        return MonthOut(
            first.year,
            first.month,
            sum(d.workday for d in days),
            not cal.is_official(first.year),
            days,
        )

    def workdays_add(params: dict[str, str], r: WorkdaysAddRequest) -> WorkdaysAddOut:
        if not -3660 <= r.n <= 3660:
            raise _bad("n", "expected a whole number from -3660 to 3660")
        span = cal.explain_add_workdays(r.date, r.n)
        shaky = bool(cal.provisional_years(r.date, span.end))
        return WorkdaysAddOut(r.date, r.n, span.end, shaky, span.render("zh"), span.render("en"))

    def workdays_between(params: dict[str, str], r: WorkdaysBetweenRequest) -> WorkdaysBetweenOut:
        span = cal.explain_workdays_between(r.start, r.end)
        shaky = bool(cal.provisional_years(r.start, r.end))
        return WorkdaysBetweenOut(
            r.start, r.end, span.count, shaky, span.render("zh"), span.render("en")
        )

    def deadline(params: dict[str, str], r: DeadlineRequest) -> DeadlineOut:
        regime = svc.regime(r.regime, r.start, "regime")
        if r.period not in {p.id for p in regime.periods}:
            ids = ", ".join(p.id for p in regime.periods)
            raise _bad("period", f"no period {echo(r.period)} in {regime.id}; the periods: {ids}")
        d = compute_deadline(
            regime[r.period],
            r.start,
            calendar=cal,
            regime=regime,
            assigned_due=r.assigned_due,
            count_days_as=r.count_days_as,
        )
        return svc.deadline(d, regime)

    def timeline(params: dict[str, str], r: TimelineRequest) -> TimelineOut:
        regime = svc.regime(r.regime, r.received, "regime")
        items = []
        for period, d in statutory_timeline(
            r.received,
            accepted=r.accepted,
            reply_received=r.reply_received,
            regime=regime,
            calendar=cal,
        ):
            items.append(
                TimelineItem(
                    period.id,
                    period.title,
                    period.source.render("zh"),
                    d.due if d else None,
                    d.last_day if d else None,
                    bool(d and d.provisional),
                    d.why("zh") if d else None,
                )
            )
        return TimelineOut(regime.id, tuple(items))

    def status(params: dict[str, str], r: StatusRequest) -> StatusOut:
        if not 0 <= r.due_soon <= 60:
            raise _bad("due_soon", "expected a whole number from 0 to 60", "应为 0 至 60 的整数")
        out = []
        for i, p in enumerate(svc.petitions(r.petitions)):
            try:
                st = p.status(r.on, warn_within=r.due_soon)
            except CaseFieldError as exc:  # a deadline it leads to is beyond the calendar
                raise _bad(f"petitions[{i}].{exc.path}", exc.message, exc.message_zh) from None
            duties = tuple(
                DutyOut(
                    c.period_id,
                    c.deadline.period.title,
                    c.deadline.period.source.render("zh"),
                    c.deadline.due,
                    c.state,
                    c.done_on,
                    c.days_late,
                    c.duty,
                    c.deadline.provisional,
                )
                for c in st.deadlines
            )
            out.append(PetitionStatusOut(p.id, st.state, duties))
        return StatusOut(r.on, tuple(out))

    def rota_config(data: Any) -> Any:
        from xinfang_rules.formats.rota_io import RotaConfigError, rota_config_from_dict

        try:
            return rota_config_from_dict(data if isinstance(data, dict) else {})
        except RotaConfigError as exc:
            entry = getattr(exc, "entry", "") or ""
            raise _bad(f"config.{entry}" if entry else "config", exc.text("en"), exc.zh) from None

    def rota_generate(params: dict[str, str], r: RotaRequest) -> RotaOut:
        config = rota_config(r.config)
        if r.end < r.start or (r.end - r.start).days > 800:
            raise _bad("end", "expected an end on or after start, at most 800 days later")
        rcal = WorkdayCalendar.china(region=config.region) if config.region else cal
        if not 0 < r.time_limit <= MAX_TIME_LIMIT:
            raise _bad("time_limit", f"expected a number of seconds above 0, at most "
                       f"{MAX_TIME_LIMIT:g}")  # fmt: skip
        rota = config.generate(r.start, r.end, calendar=rcal, allow_gaps=r.allow_gaps,
                               solver=r.solver, time_limit=r.time_limit)  # fmt: skip
        shaky = rcal.provisional_years(rota.start, rota.end)
        return RotaOut(
            rota.start,
            rota.end,
            tuple(
                AssignmentOut(a.date, a.place, a.leaders, a.layer, a.form, a.date.year in shaky)
                for a in rota.assignments
            ),
            tuple(str(g) for g in rota.gaps),
            tuple(rota.notes),
            tuple(shaky),
            tuple(
                ConflictOut(
                    c.kind, c.message, c.message_zh, c.first, c.last, c.deficit, c.leaders, c.places
                )
                for c in rota.conflicts
            ),
        )

    def rota_check(params: dict[str, str], r: RotaCheckRequest) -> RotaCheckOut:
        from xinfang_rules.rota import Assignment, Rota

        config = rota_config(r.config)
        places = {p.id for p in config.places}
        people = {x.id for x in config.leaders}
        for i, a in enumerate(r.assignments):
            if a.place not in places:
                raise _bad(f"assignments[{i}].place", f"unknown place {echo(a.place)}")
            for j, lid in enumerate(a.leaders):
                if lid not in people:
                    raise _bad(f"assignments[{i}].leaders[{j}]", f"unknown leader {echo(lid)}")
        rota = Rota(
            r.start,
            r.end,
            tuple(
                Assignment(a.date, a.place, a.leaders, layer="file")
                for a in sorted(r.assignments, key=lambda a: (a.date, a.place))
            ),
            config.leaders,
            config.places,
        )
        rcal = WorkdayCalendar.china(region=config.region) if config.region else cal
        found = config.check(rota, calendar=rcal)
        return RotaCheckOut(
            not found, tuple(ViolationOut(v.kind, v.message, v.date, v.leader) for v in found)
        )

    def metrics(params: dict[str, str], r: MetricsRequest) -> MetricsOut:
        from xinfang_rules.metrics import FIGURES, report

        petitions = svc.petitions(r.petitions)
        rep = report(petitions, r.start, r.end, on=r.on, by=r.by)
        rows = tuple(
            RateRow(
                x["unit"],
                x["figure"],
                x["title"],
                x["numerator"],
                x["denominator"],
                x["percent"],
                x["provisional"],
            )
            for x in rep.rows()
        )
        ranking = None
        if r.rank is not None:
            if r.rank not in {f.key for f in FIGURES}:
                raise _bad(
                    "rank",
                    f"no figure {echo(r.rank)}; the figures: " + ", ".join(f.key for f in FIGURES),
                )
            ranked = rep.rank(r.rank, top=r.top, bottom=r.bottom)
            ranking = tuple(
                RankRow(n, unit, rate.numerator, rate.denominator, _pct(rate.percent()))
                for n, unit, rate in ranked.ranked
            ) + tuple(RankRow(None, unit, 0, 0, None) for unit in ranked.no_value)
        return MetricsOut(rep.start, rep.end, rep.on, rep.by, rep.provisional_years, rows, ranking)

    def regime_list(params: dict[str, str], body: None) -> tuple[RegimeSummary, ...]:
        return tuple(
            RegimeSummary(r.id, r.title, r.names, r.in_force, len(r)) for r in svc.all_regimes()
        )

    def regime_one(params: dict[str, str], body: None) -> RegimeOut:
        r = svc.regime(params["name"], None, "name")
        if params["name"] not in svc.extra:
            r = named_regime(params["name"])
        return RegimeOut(
            r.id,
            r.title,
            r.names,
            r.in_force,
            r.until,
            r.count_days_as,
            tuple(
                PeriodOut(
                    p.id,
                    p.title,
                    p.title_en,
                    p.length,
                    p.unit.value,
                    p.clock.value,
                    p.source.render("zh"),
                    p.source.quote,
                )
                for p in r.periods
            ),
        )

    return {
        "health": health,
        "calendarDay": calendar_day,
        "calendarMonth": calendar_month,
        "workdaysAdd": workdays_add,
        "workdaysBetween": workdays_between,
        "deadline": deadline,
        "timeline": timeline,
        "petitionsStatus": status,
        "rotaGenerate": rota_generate,
        "rotaCheck": rota_check,
        "metrics": metrics,
        "regimes": regime_list,
        "regime": regime_one,
    }


def _pct(value: Any) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------- OpenAPI


def openapi_document(config: ServiceConfig | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service, made from its models and the schemas."""
    from xinfang_rules.schemas import _of_type, json_schema

    svc_routes = _routes(None)  # type: ignore[arg-type]
    components: dict[str, Any] = {}

    def embed(name: str, schema_name: str) -> dict[str, Any]:
        """A published schema as a component; its $defs become components too."""
        if name not in components:
            schema = json.loads(json.dumps(json_schema(schema_name)))
            defs = schema.pop("$defs", {})
            for key in ("$schema", "$id"):
                schema.pop(key, None)
            text = json.dumps(schema)
            for d in defs:
                text = text.replace(f'"#/$defs/{d}"', f'"#/components/schemas/{name}_{d}"')
            components[name] = json.loads(text)
            for d, sub in defs.items():
                sub_text = json.dumps(sub)
                for e in defs:
                    sub_text = sub_text.replace(
                        f'"#/$defs/{e}"', f'"#/components/schemas/{name}_{e}"'
                    )
                components[f"{name}_{d}"] = json.loads(sub_text)
        return {"$ref": f"#/components/schemas/{name}"}

    def refs(cls: type) -> dict[str, Any]:
        if cls.__name__ not in components:
            components[cls.__name__] = {}
            components[cls.__name__] = model(cls)
        return {"$ref": f"#/components/schemas/{cls.__name__}"}

    def petitions() -> dict[str, Any]:
        return {"type": "array", "items": embed("Petition", "petition")}

    def rota() -> dict[str, Any]:
        return embed("RotaConfig", "rota")

    special: dict[tuple[str, str], Callable[[], dict[str, Any]]] = {
        ("StatusRequest", "petitions"): petitions,
        ("MetricsRequest", "petitions"): petitions,
        ("RotaRequest", "config"): rota,
        ("RotaCheckRequest", "config"): rota,
    }

    def model(cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required = []
        for a in attrs.fields(cls):
            make = special.get((cls.__name__, a.name))
            props[a.name] = make() if make else _of_type(hints[a.name], refs)
            if a.default is attrs.NOTHING:
                required.append(a.name)
            elif a.default is None or isinstance(a.default, (str, int, bool)):
                props[a.name]["default"] = a.default
        doc = (cls.__doc__ or "").strip().splitlines()
        out: dict[str, Any] = {
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }
        if doc:
            out["description"] = doc[0]
        return out

    problem = {
        "type": "object",
        "description": "RFC 9457 problem details; errors name the fields at fault",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                },
            },
        },
        "required": ["type", "title", "status"],
    }
    components["Problem"] = problem
    paths: dict[str, Any] = {}
    for method, path, summary, request, response, op in svc_routes:
        errors = {
            str(code): {
                "description": text,
                "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            }
            for code, text in (
                (400, "Malformed JSON"),
                (401, "Missing or wrong token"),
                (404, "Not found"),
                (413, "Body or batch too large"),
                (415, "The body is not sent as application/json"),
                (422, "A field is invalid (named in errors)"),
            )
        }
        operation: dict[str, Any] = {
            "operationId": op,
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": _of_type(response, refs)}},
                },
                **errors,
            },
        }
        params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
        if params:
            patterns = {"date": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$"}
            operation["parameters"] = [
                {
                    "name": p,
                    "in": "path",
                    "required": True,
                    "schema": {
                        "type": "string",
                        **({"pattern": patterns[p]} if p in patterns else {}),
                    },
                }
                for p in params
            ]
        if request is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs(request)}},
            }
        if op != "health":
            operation["security"] = [{"bearer": []}]
        paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "xinfang_rules",
            "version": __version__,
            "description": "China's petition (信访) rules over HTTP: calendar, deadlines, "
            "petitions' status, reception rotas, figures, regimes (docs/service.md).",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "only when the service is configured with tokens",
                }
            },
        },
    }


# --------------------------------------------------------------------------- the app


def create_app(config: ServiceConfig | None = None) -> Any:
    """The ASGI application (Starlette): serve it with uvicorn or any ASGI server.

    Raises:
        ServiceError: The ``server`` extra is missing, or the configuration is refused.

    """
    from xinfang_rules._files import optional_module

    optional_module("starlette", extra="server", purpose="the HTTP service", error=ServiceError)
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    cfg = config if config is not None else ServiceConfig()
    cfg.check()
    svc = _Service(cfg)
    handlers = _handlers(svc)
    document = openapi_document(cfg)
    tokens = [t.encode() for t in cfg.tokens]

    def answer(data: Any, status: int = 200, problem: bool = False) -> Response:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        kind = "application/problem+json" if problem else "application/json"
        return Response(body, status, media_type=kind)

    def allowed(request: Request) -> bool:
        if not tokens:
            return True
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            return False
        offered = given.strip().encode()
        ok = False
        for t in tokens:  # every token compared, in constant time each
            ok |= hmac.compare_digest(offered, t)
        return ok

    def endpoint(op: str, request_model: type | None) -> Callable[[Request], Awaitable[Response]]:
        handler = handlers[op]
        # the rota's exact search may take its whole budget: in a worker thread, so that the
        # event loop answers other requests meanwhile (the solver releases the GIL)
        slow = op in _SLOW_OPERATIONS

        async def run(request: Request) -> Response:
            lang = answer_language(request.headers.get("accept-language"), cfg.lang)
            try:
                if op != "health" and not allowed(request):
                    raise Problem(
                        401, "Unauthorized", "send Authorization: Bearer <token>",
                        detail_zh="请在请求头中附上访问令牌：Authorization: Bearer <令牌>",
                    )  # fmt: skip
                body = None
                if request_model is not None:
                    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind != "application/json" and not kind.endswith("+json"):
                        raise Problem(
                            415,
                            "Unsupported Media Type",
                            "send the body as JSON with Content-Type: application/json",
                            detail_zh="请求体须为 JSON，并注明 Content-Type: application/json",
                        )
                    raw = await _read_body(request, cfg.max_body)
                    try:
                        data = json.loads(raw)
                    except (ValueError, RecursionError):
                        raise Problem(
                            400, "Malformed JSON", "the body is not valid JSON",
                            detail_zh="请求体不是有效的 JSON",
                        ) from None  # fmt: skip
                    body = _structure(request_model, data)
                if slow:
                    result = await run_in_threadpool(handler, dict(request.path_params), body)
                else:
                    result = handler(dict(request.path_params), body)
                return answer(_plain(result))
            except Problem as p:
                response = answer(p.body(lang), p.status, problem=True)
                if p.status == 401:
                    response.headers["WWW-Authenticate"] = "Bearer"
            except XinfangError as exc:  # the library refused the input: say why
                response = answer(_refused(exc).body(lang), 422, True)
            response.headers["Content-Language"] = lang
            return response

        return run

    async def openapi(request: Request) -> Response:
        return JSONResponse(document)

    async def not_found(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 404)
        title = "Not found" if code == 404 else "Method not allowed" if code == 405 else "Error"
        lang = answer_language(request.headers.get("accept-language"), cfg.lang)
        shown = f"{request.method} {mask_text(request.url.path)}"
        zh = f"没有这个地址：{shown}" if code == 404 else f"不支持的请求：{shown}"
        return answer(Problem(code, title, shown, detail_zh=zh).body(lang), code, True)

    async def crash(request: Request, exc: Exception) -> Response:
        LOG.error(
            json.dumps({"event": "error", "path": request.url.path, "error": type(exc).__name__})
        )
        lang = answer_language(request.headers.get("accept-language"), cfg.lang)
        problem = Problem(500, "Internal error", "a fault in the service; it is logged",
                          detail_zh="服务内部故障，已记入日志")  # fmt: skip
        return answer(problem.body(lang), 500, True)

    routes = [Route("/openapi.json", openapi, methods=["GET"])]
    for method, path, _, request_model, _, op in _routes(svc):
        routes.append(Route(path, endpoint(op, request_model), methods=[method]))
    templates = [p for _, p, *_ in _routes(svc)] + ["/openapi.json"]
    middleware = [Middleware(_AccessLog, templates=templates)]
    if cfg.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cfg.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    handlers_of: dict[Any, Any] = {404: not_found, 405: not_found, Exception: crash}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        LOG.info(json.dumps({"event": "start", "version": __version__, "host": cfg.host,
                             "port": cfg.port, "tokens": bool(tokens)}))  # fmt: skip
        yield
        LOG.info(json.dumps({"event": "stop"}))  # requests in flight have been answered

    return Starlette(
        routes=routes, middleware=middleware, exception_handlers=handlers_of, lifespan=lifespan
    )


async def _read_body(request: Any, limit: int) -> bytes:
    """The body, refusing (413) past ``limit`` bytes without reading the rest into memory."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Problem(413, "Body too large", f"the body is over {limit} bytes",
                      detail_zh=f"请求体超过 {limit} 字节")  # fmt: skip
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, "Body too large", f"the body is over {limit} bytes",
                      detail_zh=f"请求体超过 {limit} 字节")  # fmt: skip
        chunks.append(chunk)
    return b"".join(chunks)


class _AccessLog:
    """One JSON line per request: method, route, status, milliseconds, bytes. No bodies.

    The route is logged as declared (``/regimes/{name}``), never with the values a caller
    put in the path (a name, a date); a path no route matches is logged as ``-``. A request
    whose handler failed is logged with status 500, as it was answered.
    """

    def __init__(self, app: Any, templates: Sequence[str] = ()) -> None:
        self.app = app
        self.routes = [
            (re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(t)) + "$"), t)
            for t in templates
        ]

    def route(self, path: str) -> str:
        """The route template ``path`` matches, or ``-``."""
        return next((t for pattern, t in self.routes if pattern.match(path)), "-")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 0, "bytes": 0}

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body":
                status["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except BaseException:
            if status["code"] == 0:
                status["code"] = 500  # answered by the server's error handler
            raise
        finally:
            if LOG.isEnabledFor(logging.INFO):
                LOG.info(
                    json.dumps(
                        {
                            "event": "request",
                            "method": scope.get("method"),
                            "path": self.route(scope.get("path", "")),
                            "status": status["code"],
                            "ms": round((time.perf_counter() - start) * 1000, 2),
                            "bytes": status["bytes"],
                        }
                    )
                )


def run(config: ServiceConfig) -> None:
    """Serve until interrupted (SIGINT/SIGTERM end it gracefully): the ``server`` extra.

    Raises:
        ServiceError: The extra is missing, or the configuration is refused.

    """
    from xinfang_rules._files import optional_module

    uvicorn = optional_module(
        "uvicorn", extra="server", purpose="the HTTP service", error=ServiceError
    )
    app = create_app(config)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=10,
        server_header=False,
    )
