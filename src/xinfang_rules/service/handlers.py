"""What each operation does: one handler per operationId, grouped by what it serves.

:class:`_Service` holds the calendar, the regimes and the limits the handlers share;
:func:`_routes` lists the operations (method, path, request model, answer, summary).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Any

from xinfang_rules import __version__
from xinfang_rules.calendar import DayInfo, WorkdayCalendar
from xinfang_rules.cases import CaseFieldError
from xinfang_rules.errors import XinfangError
from xinfang_rules.law.deadlines import Deadline, compute_deadline, statutory_timeline
from xinfang_rules.law.rules import Regime, named_regime, regimes
from xinfang_rules.privacy import echo
from xinfang_rules.service.config import MAX_TIME_LIMIT, ServiceConfig
from xinfang_rules.service.messages import Problem, _bad, _value
from xinfang_rules.service.models import (
    AssignmentOut,
    ConflictOut,
    DayOut,
    DeadlineOut,
    DeadlineRequest,
    DutyOut,
    Health,
    MetricsOut,
    MetricsRequest,
    MonthOut,
    PeriodOut,
    PetitionStatusOut,
    RankRow,
    RateRow,
    RegimeOut,
    RegimeSummary,
    RotaCheckOut,
    RotaCheckRequest,
    RotaOut,
    RotaRequest,
    StatusOut,
    StatusRequest,
    TimelineItem,
    TimelineOut,
    TimelineRequest,
    ViolationOut,
    WorkdaysAddOut,
    WorkdaysAddRequest,
    WorkdaysBetweenOut,
    WorkdaysBetweenRequest,
)

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


def _calendar_handlers(svc: _Service) -> dict[str, Callable[..., Any]]:
    """The operations of the calendar: health, a day, a month, working days added, counted."""
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

    return {
        "health": health,
        "calendarDay": calendar_day,
        "calendarMonth": calendar_month,
        "workdaysAdd": workdays_add,
        "workdaysBetween": workdays_between,
    }


def _law_handlers(svc: _Service) -> dict[str, Callable[..., Any]]:
    """The operations of the law: a deadline, a timeline, petitions' status, the regimes."""
    cal = svc.calendar

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
        "deadline": deadline,
        "timeline": timeline,
        "petitionsStatus": status,
        "regimes": regime_list,
        "regime": regime_one,
    }


def _rota_handlers(svc: _Service) -> dict[str, Callable[..., Any]]:
    """The operations of rotas: generate one, check one."""
    cal = svc.calendar

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

    return {
        "rotaGenerate": rota_generate,
        "rotaCheck": rota_check,
    }


def _metrics_handlers(svc: _Service) -> dict[str, Callable[..., Any]]:
    """The operations of the evaluation figures of petition records."""

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

    return {
        "metrics": metrics,
    }


def _handlers(svc: _Service) -> dict[str, Callable[..., Any]]:
    """Every operation's handler, by its operationId."""
    return {
        **_calendar_handlers(svc),
        **_law_handlers(svc),
        **_rota_handlers(svc),
        **_metrics_handlers(svc),
    }


def _pct(value: Any) -> str | None:
    return None if value is None else str(value)
