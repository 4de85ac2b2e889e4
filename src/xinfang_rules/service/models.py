"""What the service's requests and answers hold: one attrs class each.

Requests are structured from JSON with cattrs; answers are unstructured to JSON; the
OpenAPI document is derived from these classes.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

import attrs


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
