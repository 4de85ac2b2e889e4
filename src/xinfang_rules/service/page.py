"""The office's page (``xinfang serve``, ``/page/``): four tasks for a clerk in a browser.

台账预警 (a 台账's 预警清单, rejected rows and the three workbooks), 期限计算 (a petition's
statutory timeline with each deadline's article, words and day-by-day explanation), 工作日历
(a month; a pasted holiday notice read and checked) and 接访安排 (a rota, its gaps and
conflicts, the 公示). The page itself is static (``assets/``: HTML, one plain script, one
style sheet, no build step, nothing fetched from elsewhere); its script calls the
operations below under ``/page/api/``, which call the same library functions as the
command line and the API.

The page's operations are not part of the API's OpenAPI document (they serve this page
and may change with it); everything they do is in the documented API or the library.
Uploads arrive base64-encoded in a JSON body, are read in memory and never written to
disk or logged; every answer carries ``Cache-Control: no-store``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import io
from collections.abc import Callable
from importlib import resources
from typing import Any, Literal

from xinfang_rules.dates import WEEKDAY_NAMES_ZH, today_beijing
from xinfang_rules.errors import XinfangError
from xinfang_rules.privacy import echo, mask_text, scrub
from xinfang_rules.service.handlers import _Service
from xinfang_rules.service.messages import Problem, _bad

Lang = Literal["zh", "en"]

#: The examples the page offers (shipped in the package, copies of ``examples/``).
EXAMPLE_LEDGERS = ("ledger-2025.xlsx", "ledger-2025.csv")
EXAMPLE_ROTAS = ("rota-xiapu.toml", "rota-tight.toml")

#: The unit a ledger without a 登记单位 column is read for, unless the clerk names one.
DEFAULT_UNIT = "某县信访局"

#: The content types of the downloads.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TYPES = {
    "xlsx": XLSX,
    "md": "text/markdown; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "toml": "application/toml; charset=utf-8",
}


def asset(name: str) -> bytes:
    """A file of the page (``index.html``, ``page.js``, ``page.css``, an example)."""
    place = resources.files("xinfang_rules.service").joinpath("assets")
    for part in name.split("/"):
        place = place.joinpath(part)
    return place.read_bytes()


def _example(name: Any, allowed: tuple[str, ...], field: str) -> tuple[str, bytes]:
    if name not in allowed:
        raise _bad(field, f"no example {echo(name)}; the examples: {', '.join(allowed)}",
                   f"没有示例 {echo(name)}；可选：{'、'.join(allowed)}")  # fmt: skip
    return str(name), asset(f"examples/{name}")


def _upload(body: dict[str, Any], field: str) -> tuple[str, bytes] | None:
    """The file ``{"name": ..., "data": base64}`` at ``field`` of the body, or ``None``."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise _bad(field, "expected {name, data} with the file's name and base64 content",
                   "应为 {name, data}：文件名和 base64 编码的内容")  # fmt: skip
    # the name as messages will show it: masked like any value from input (a file may be
    # named after a person), its ending kept (it tells a workbook from CSV)
    given = value["name"].strip().replace("\\", "/").rsplit("/", 1)[-1] or "file"
    stem, dot, ending = given.rpartition(".")
    name = mask_text(stem) + dot + mask_text(ending) if stem else mask_text(given)
    try:
        data = base64.b64decode(str(value.get("data", "")), validate=True)
    except (binascii.Error, ValueError):
        raise _bad(f"{field}.data", "not base64", "不是 base64 编码") from None
    return name, data


def _day(body: dict[str, Any], field: str, default: _dt.date | None = None) -> _dt.date | None:
    value = body.get(field)
    if value in (None, ""):
        return default
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise _bad(field, f"expected a date YYYY-MM-DD, got {echo(value)}",
                   f"应为日期 YYYY-MM-DD，实为 {echo(value)}") from None  # fmt: skip


# --------------------------------------------------------------------------- 台账预警


class _Ledger:
    """A ledger chosen on the page, read in memory, with what the page shows of it."""

    def __init__(self, svc: _Service, body: dict[str, Any]) -> None:
        from xinfang_rules.formats.ledger import ledger_mapping_from_bytes, open_ledger_bytes

        chosen = _upload(body, "file")
        if chosen is None:
            chosen = _example(body.get("example"), EXAMPLE_LEDGERS, "example")
        self.name, data = chosen
        mapping_file = _upload(body, "mapping")
        mapping = None if mapping_file is None else ledger_mapping_from_bytes(*mapping_file[::-1])
        self.on = _day(body, "on") or today_beijing()
        due_soon = body.get("due_soon", 3)
        if not isinstance(due_soon, int) or isinstance(due_soon, bool) or not 0 <= due_soon <= 60:
            raise _bad("due_soon", "expected a whole number of working days from 0 to 60",
                       "应为 0 至 60 之间的工作日数")  # fmt: skip
        unit = str(body.get("unit") or "").strip() or DEFAULT_UNIT
        self.stream = open_ledger_bytes(
            data, self.name, mapping, receiving_unit=unit, skip_bad=True, as_of=today_beijing()
        )
        self.petitions = list(self.stream)
        from xinfang_rules.formats.alerts import alerts

        self.alerts = alerts(self.petitions, self.on, calendar=svc.calendar, warn_within=due_soon)
        self.svc = svc
        first = min((p.received for p in self.petitions), default=self.on)
        self.start = _day(body, "from", first) or first
        self.end = _day(body, "to", self.on) or self.on
        if self.end < self.start:
            raise _bad("to", f"the end {self.end} is before the start {self.start}",
                       f"截止日期 {self.end} 早于起始日期 {self.start}")  # fmt: skip

    def report(self) -> Any:
        from xinfang_rules.metrics import report

        return report(
            self.petitions,
            self.start,
            self.end,
            on=max(self.end, self.on),
            calendar=self.svc.calendar,
            unrecorded=self.stream.unrecorded,
        )

    def answer(self, lang: Lang) -> dict[str, Any]:
        rep = self.report()
        overdue = sum(1 for a in self.alerts if a.state == "超期")
        return {
            "file": self.name,
            "on": self.on.isoformat(),
            "summary": self.stream.summary(lang),
            "overdue": overdue,
            "due_soon": len(self.alerts) - overdue,
            "provisional": any(a.provisional for a in self.alerts),
            "alerts": [
                {
                    "unit": scrub(a.unit),
                    "petition": scrub(a.petition_id),
                    "state": a.state,
                    "duty": a.duty,
                    "due": a.due.isoformat(),
                    "days": a.days,
                    "source": a.source,
                    "provisional": a.provisional,
                    "explanation": "" if a.deadline is None else a.deadline.explain().render(lang),
                }
                for a in self.alerts
            ],
            "rejected": [
                {"row": i.row, "column": i.column or "", "text": i.text(lang)}
                for i in self.stream.issues
            ],
            "report": {
                "start": rep.start.isoformat(),
                "end": rep.end.isoformat(),
                "on": rep.on.isoformat(),
                "figures": [
                    {"title": f.title, "value": str(rep.total.rates[f.key])} for f in rep.figures()
                ],
                "left_out": rep.left_out_text(lang) or "",
            },
        }

    def workbook(self, kind: str) -> tuple[bytes, str]:
        from xinfang_rules.formats.alerts import write_alerts_xlsx
        from xinfang_rules.formats.workbooks import write_rejected_xlsx, write_report_xlsx

        out = io.BytesIO()
        if kind == "alerts":
            write_alerts_xlsx(self.alerts, out, on=self.on, rejected=self.stream.issues)
            return out.getvalue(), "预警清单.xlsx"
        if kind == "report":
            write_report_xlsx(self.report(), out, rejected=self.stream.issues)
            return out.getvalue(), "通报.xlsx"
        if not self.stream.issues:
            raise Problem(
                422, "Nothing to fix", "the ledger has no rejected rows",
                detail_zh="台账没有需要修正的行",
            )  # fmt: skip
        write_rejected_xlsx(out, self.stream.issues)
        return out.getvalue(), "待修正.xlsx"


# --------------------------------------------------------------------------- 期限计算


def _timeline(svc: _Service, body: dict[str, Any], lang: Lang) -> dict[str, Any]:
    from xinfang_rules.law.deadlines import statutory_timeline

    received = _day(body, "received")
    if received is None:
        raise _bad("received", "the day the petition was received is needed",
                   "请填写登记（收到）日期")  # fmt: skip
    name = body.get("regime") or None
    regime = svc.regime(None if name is None else str(name), received, "regime")
    rows = []
    for period, d in statutory_timeline(
        received,
        accepted=_day(body, "accepted"),
        reply_received=_day(body, "reply_received"),
        regime=regime,
        calendar=svc.calendar,
    ):
        rows.append(
            {
                "id": period.id,
                "title": period.title,
                "source": period.source.render(lang),
                "quote": period.source.quote or "",
                "due": None if d is None else d.due.isoformat(),
                "provisional": bool(d and d.provisional),
                "why": "" if d is None else d.why(lang),
                "explanation": "" if d is None else d.explain().render(lang),
            }
        )
    return {"regime": regime.id, "title": regime.title, "periods": rows}


def _regimes(svc: _Service, lang: Lang) -> list[dict[str, str]]:
    return [{"id": r.id, "title": r.title} for r in svc.all_regimes()]


# --------------------------------------------------------------------------- 工作日历


def _notice(svc: _Service, body: dict[str, Any], lang: Lang) -> dict[str, Any]:
    from xinfang_rules.calendar.notice_text import notice_changes, notice_file_toml, parse_notices

    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _bad("text", "paste the notice's text", "请粘贴放假通知的全文")
    year = body.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise _bad("year", "expected a year, e.g. 2027", "应为年份，例如 2027")
    parsed = parse_notices([text], year)
    notice = parsed.notice
    changes = notice_changes(svc.calendar, notice)
    return {
        "year": notice.year,
        "title": parsed.title,
        "number": parsed.number,
        "items": [
            {
                "label": i.label,
                "days_off": [d.isoformat() for d in i.days_off],
                "workdays": [d.isoformat() for d in i.workdays],
            }
            for i in parsed.items
        ],
        "days_off": len(notice.days_off),
        "workdays": len(notice.workdays),
        "changes": [
            {
                "date": c.date.isoformat(),
                "weekday": WEEKDAY_NAMES_ZH[c.date.weekday()],
                "before": c.before.reason(lang),
                "after": c.after.reason(lang),
            }
            for c in changes
        ],
        "file_name": f"notice-{notice.year}.toml",
        "file": notice_file_toml(parsed),
    }


# --------------------------------------------------------------------------- 接访安排


class _RotaRun:
    """A rota configuration chosen on the page and the rota it gives (gaps allowed)."""

    def __init__(self, svc: _Service, body: dict[str, Any]) -> None:
        from xinfang_rules.calendar import WorkdayCalendar
        from xinfang_rules.formats.rota_io import rota_config_from_bytes

        chosen = _upload(body, "config") or _example(body.get("example"), EXAMPLE_ROTAS, "example")
        self.config = rota_config_from_bytes(chosen[1], chosen[0])
        start, end = _day(body, "from"), _day(body, "to")
        if start is None or end is None:
            raise _bad("from", "the first and last day of the rota are needed",
                       "请填写起止日期")  # fmt: skip
        if end < start or (end - start).days > 800:
            raise _bad("to", "expected an end on or after the start, at most 800 days later",
                       "截止日期应不早于起始日期，且相隔不超过 800 天")  # fmt: skip
        region = self.config.region
        self.calendar = WorkdayCalendar.china(region=region) if region else svc.calendar
        self.rota = self.config.generate(
            start, end, calendar=self.calendar, allow_gaps=True, time_limit=10.0
        )
        self.shaky = self.calendar.provisional_years(self.rota.start, self.rota.end)
        self.title = f"{self.config.name or '领导干部接访安排'}公示"

    def answer(self, lang: Lang) -> dict[str, Any]:
        from xinfang_rules.cli._zh import note_zh

        rota = self.rota
        places = {p.id: p for p in rota.places}
        people = {x.id: x for x in rota.leaders}
        zh = lang == "zh"
        return {
            "title": self.title,
            "start": rota.start.isoformat(),
            "end": rota.end.isoformat(),
            "provisional_years": list(self.shaky),
            "rows": [
                {
                    "date": a.date.isoformat(),
                    "weekday": WEEKDAY_NAMES_ZH[a.date.weekday()],
                    "hours": places[a.place].hours,
                    "place": places[a.place].name,
                    "leaders": "、".join(
                        f"{people[i].name}（{people[i].title}）" for i in a.leaders
                    ),
                }
                for a in rota.assignments
            ],
            "gaps": [g.describe_zh() if zh else str(g) for g in rota.gaps],
            "conflicts": [c.message_zh if zh else c.message for c in rota.conflicts],
            "notes": [note_zh(n) if zh else n for n in rota.notes],
        }

    def download(self, kind: str) -> tuple[bytes, str]:
        from xinfang_rules.formats.rota_io import notice_markdown, rota_to_ics
        from xinfang_rules.formats.workbooks import write_notice_xlsx

        if kind == "xlsx":
            out = io.BytesIO()
            write_notice_xlsx(self.rota, out, title=self.title, provisional_years=self.shaky)
            return out.getvalue(), "接访公示.xlsx"
        if kind == "md":
            text = notice_markdown(self.rota, title=self.title, provisional_years=self.shaky)
            return text.encode("utf-8"), "接访公示.md"
        name = self.config.name or "领导干部接访安排"
        return rota_to_ics(self.rota, name=name, provisional_years=self.shaky), "接访安排.ics"


# --------------------------------------------------------------------------- dispatch

#: (method, path, what it answers): the page's operations, for the access log and the docs.
PAGE_OPERATIONS = (
    ("GET", "/page/api/examples", "the examples and regimes the page offers"),
    ("POST", "/page/api/ledger", "a 台账's 预警清单, rejected rows and figures"),
    ("POST", "/page/api/ledger/{kind}", "预警清单.xlsx, 通报.xlsx or 待修正.xlsx"),
    ("POST", "/page/api/timeline", "a petition's statutory timeline, explained"),
    ("POST", "/page/api/notice", "a pasted holiday notice read, checked and compared"),
    ("POST", "/page/api/rota", "a rota with its gaps and conflicts"),
    ("POST", "/page/api/rota/{kind}", "the 公示 as xlsx, Markdown or ICS"),
)

#: A page operation: (the service, the body, the path's kind, the language) → an answer.
Answer = dict[str, Any] | list[Any] | tuple[bytes, str]


def page_operations(svc: _Service) -> dict[str, Callable[[dict[str, Any], str, Lang], Answer]]:
    """The page's operations by path: each takes the JSON body, the path's kind, the language.

    An answer is JSON data, or a download's (bytes, file name).
    """

    def examples(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        return {
            "ledgers": list(EXAMPLE_LEDGERS),
            "rotas": list(EXAMPLE_ROTAS),
            "regimes": _regimes(svc, lang),
            "today": today_beijing().isoformat(),
            "unit": DEFAULT_UNIT,
        }

    def ledger(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        return _Ledger(svc, body).answer(lang)

    def ledger_file(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        if kind not in ("alerts", "report", "rejected"):
            raise _bad("kind", "expected alerts, report or rejected",
                       "应为 alerts、report 或 rejected")  # fmt: skip
        return _Ledger(svc, body).workbook(kind)

    def timeline(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        return _timeline(svc, body, lang)

    def notice(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        return _notice(svc, body, lang)

    def rota(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        return _RotaRun(svc, body).answer(lang)

    def rota_file(body: dict[str, Any], kind: str, lang: Lang) -> Answer:
        if kind not in ("xlsx", "md", "ics"):
            raise _bad("kind", "expected xlsx, md or ics", "应为 xlsx、md 或 ics")
        return _RotaRun(svc, body).download(kind)

    return {
        "/page/api/examples": examples,
        "/page/api/ledger": ledger,
        "/page/api/ledger/{kind}": ledger_file,
        "/page/api/timeline": timeline,
        "/page/api/notice": notice,
        "/page/api/rota": rota,
        "/page/api/rota/{kind}": rota_file,
    }


def content_type(file_name: str) -> str:
    """The content type of a download, by its ending."""
    return _TYPES.get(file_name.rsplit(".", 1)[-1], "application/octet-stream")


#: The Content-Security-Policy of every answer: the page's own script and style only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)

#: Headers every answer carries (the page's and the API's).
SAFE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

_ASSETS = {"page.js": "text/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8"}


def _disposition(name: str) -> str:
    """``Content-Disposition`` of a download: the Chinese name, an ASCII one for old clients."""
    from urllib.parse import quote

    ending = name.rsplit(".", 1)[-1]
    return f"attachment; filename=\"download.{ending}\"; filename*=UTF-8''{quote(name)}"


def page_routes(
    svc: _Service,
    allowed: Callable[[Any], bool],
    answer: Callable[..., Any],
    read_body: Callable[[Any, int], Any],
    language: Callable[[Any], Lang],
) -> list[Any]:
    """The page's routes (Starlette): the page, its two assets, its operations."""
    import json

    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import RedirectResponse, Response
    from starlette.routing import Route

    limit = svc.config.max_body
    operations = page_operations(svc)

    async def home(request: Request) -> Response:
        return RedirectResponse("/page/", 303)

    async def page(request: Request) -> Response:
        return Response(asset("index.html"), media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            from starlette.exceptions import HTTPException

            raise HTTPException(404)  # answered by the app's 404, the path masked
        return Response(asset(name), media_type=_ASSETS[name])

    def operation(path: str) -> Callable[[Request], Any]:
        run = operations[path]

        async def endpoint(request: Request) -> Response:
            lang = language(request)
            try:
                if not allowed(request):
                    raise Problem(
                        401, "Unauthorized", "enter the access token",
                        detail_zh="请输入访问令牌（由本服务的管理员提供）",
                    )  # fmt: skip
                body: dict[str, Any] = {}
                if request.method == "POST":
                    try:
                        raw = await read_body(request, limit)
                    except Problem as p:
                        if p.status != 413:
                            raise
                        mb = limit / (1024 * 1024)
                        raise Problem(
                            413, "Upload too large",
                            f"the upload is over the limit of {mb:.1f} MB (base64 makes a "
                            f"file a third larger); split the file, or ask the administrator "
                            f"to raise --max-body",
                            detail_zh=f"上传的文件过大：超过 {mb:.1f} MB 的上限（上传时文件约增大"
                            f"三分之一）；请拆分文件，或请管理员用 --max-body 调高上限",
                        ) from None  # fmt: skip
                    try:
                        data = json.loads(raw or b"{}")
                    except (ValueError, RecursionError):
                        raise Problem(400, "Malformed JSON", "the body is not valid JSON",
                                      detail_zh="请求体不是有效的 JSON") from None  # fmt: skip
                    if not isinstance(data, dict):
                        raise Problem(400, "Malformed JSON", "expected a JSON object",
                                      detail_zh="请求体应为 JSON 对象")  # fmt: skip
                    body = data
                kind = request.path_params.get("kind", "")
                result = await run_in_threadpool(run, body, kind, lang)
            except Problem as p:
                response: Response = answer(p.body(lang), p.status, problem=True)
                if p.status == 401:
                    response.headers["WWW-Authenticate"] = "Bearer"
                return response
            except XinfangError as exc:
                from xinfang_rules.service.messages import _refused

                refusal: Response = answer(_refused(exc).body(lang), 422, True)
                return refusal
            if isinstance(result, tuple):
                data_bytes, name = result
                return Response(
                    data_bytes,
                    media_type=content_type(name),
                    headers={"Content-Disposition": _disposition(name)},
                )
            done: Response = answer(result)
            return done

        return endpoint

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/page/", page, methods=["GET"]),
        Route("/page/assets/{name}", static, methods=["GET"]),
    ]
    for method, path, _ in PAGE_OPERATIONS:
        routes.append(Route(path, operation(path), methods=[method]))
    return routes
