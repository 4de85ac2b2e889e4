"""Generating a rota.

The greedy fill in the order the rules rank, fair within each pool; pinned assignments
kept, replacements and swaps applied; when receptions stay open, the conflicts that prove
no rota can do better and, with the ``solver`` extra, the exact repair; each gap and note
explained in Chinese and English.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import attrs

from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.dates import as_date
from xinfang_rules.errors import XinfangTypeError
from xinfang_rules.privacy import echo
from xinfang_rules.rota._slots import _Book, _Slot, _slots
from xinfang_rules.rota.check import Rota, _frequency_violations
from xinfang_rules.rota.fairness import _fair_pools, _Fairness, _frequency_sets
from xinfang_rules.rota.fill import _Fill, _gap_reason, _gap_reason_zh, _why_not
from xinfang_rules.rota.model import (
    Assignment,
    Conflict,
    Gap,
    Leader,
    MaxFrequency,
    MinFrequency,
    Replace,
    RotaError,
    RotaInfeasible,
    Rule,
    Swap,
    Unavailable,
    Violation,
    _period_bounds,
    _whole_periods,
)


def generate_rota(
    rules: Sequence[Rule],
    leaders: Sequence[Leader],
    start: _dt.date,
    end: _dt.date,
    *,
    calendar: WorkdayCalendar | None = None,
    unavailable: Sequence[Unavailable] = (),
    minimum: Sequence[MinFrequency] = (),
    maximum: Sequence[MaxFrequency] = (),
    fair: bool = True,
    overrides: Sequence[Replace | Swap] = (),
    pinned: Sequence[Assignment] = (),
    seed: int = 0,
    allow_gaps: bool = False,
    solver: Literal["auto", "greedy", "exact"] = "auto",
    time_limit: float = 10.0,
) -> Rota:
    """Staff every reception the rules ask for in ``[start, end]``.

    Receptions are filled day by day (joint receptions first, then the most constrained).
    For each, the candidates are the pool's members who are not away, not already
    receiving elsewhere that day, and not at a maximum; among them the leaders still short
    of a minimum frequency come first (those with the fewest chances left first), then,
    with ``fair``, those with the fewest turns in this pool, then a fixed order drawn
    from ``seed``. With ``fair``, turns are then evened out: while a leader has two or more
    turns more than a member of a pool who was free to take one of them, that turn moves
    (the definition :func:`check_rota` applies; docs/rota.md, "Fairness"). The same input
    and seed give the same rota.

    Args:
        rules: The reception rules.
        leaders: Everyone who may be assigned.
        start: The first day of the range (a Beijing date).
        end: The last day of the range, included.
        calendar: The working-day calendar (default: the national one).
        unavailable: Absences.
        minimum: Minimum frequencies.
        maximum: Maximum frequencies.
        fair: Share turns evenly within each pool: nobody two or more turns ahead of a
            member free to take one of theirs (turns at every place, counted over the days
            both were available).
        overrides: Manual changes, applied last, in order.
        pinned: Assignments published earlier, kept where still valid (see ``notes``).
        seed: Chooses the fixed order among equals.
        allow_gaps: Return the rota with its gaps listed instead of raising.
        solver: ``"greedy"``: the fill above only. ``"auto"`` (default): when it leaves a
            reception unstaffed or a minimum unmet, the exact repair of
            :mod:`xinfang_rules.rota.solver` (the ``solver`` extra, OR-Tools) searches for a
            complete rota, else the fewest violations; without the extra, the greedy rota
            with a note saying so. ``"exact"``: always the exact search (needs the extra).
        time_limit: The whole generation's budget, in seconds of wall-clock time: the
            fill, the explanation (:attr:`Rota.conflicts`) and the exact search, which
            also stops at this much of CP-SAT's deterministic time (so that, within the
            budget, the same input gives the same rota on any machine). Past it: the best
            rota so far with its gaps, and a note saying what was cut short (the
            explanation's conflicts found by then, or the search not run or stopped).

    Raises:
        RotaInfeasible: A reception cannot be staffed, or the rota falls short of a minimum
            frequency; names every such reception and minimum, and why (with the
            :class:`Conflict` s that prove no rota can do better, where a count does).
        RotaError: Invalid rules, constraints, overrides, ``solver`` or ``time_limit``;
            ``solver="exact"`` without the ``solver`` extra.

    """
    cal, lo, hi, people = _arguments(solver, time_limit, calendar, start, end, leaders)
    watch = _Stopwatch()
    # the whole generation answers within time_limit seconds of wall-clock time
    deadline = time.monotonic() + time_limit
    slots = _slots(rules, people, lo, hi, cal)
    fill = _Fill(slots, people, unavailable, minimum, maximum, pinned, seed=seed, fair=fair)
    fill.run()
    out, gaps, notes, pins = fill.out, fill.gaps, fill.notes, fill.pins
    watch.lap("fill")
    for day, place in sorted(pins):
        if lo <= day <= hi:
            notes.append(f"{day} {place}: pinned reception dropped (no rule asks for it now)")
    places = tuple({r.place.id: r.place for r in rules}.values())
    # the counting arguments depend on the configuration only: worked out once, when needed
    analysis: tuple[tuple[Conflict, ...], int, int] | None = None

    def analysed() -> tuple[tuple[Conflict, ...], int, int]:
        nonlocal analysis
        if analysis is None:
            from xinfang_rules.rota.conflicts import analyse_within

            watch.lap("check")
            found, missing, short, whole = analyse_within(
                slots, people, _Book(people, unavailable), minimum, maximum, lo, hi,
                deadline=deadline,
            )  # fmt: skip
            analysis = (found, missing, short)
            if not whole:
                notes.append(_cut_short(time_limit))
            watch.lap("conflicts")
        return analysis

    if solver != "greedy":
        draft = Rota(lo, hi, tuple(out), people, places, tuple(gaps), tuple(notes))
        short = _unmet(draft, people, unavailable, minimum)
        if solver == "exact" or gaps or short:
            counted = analysed()
            if time.monotonic() >= deadline and solver != "exact":
                notes.append(_no_time_to_search(time_limit))
            else:
                # what follows the search (evening out, the checks) takes about what the
                # fill took: kept out of the search's share of the budget
                now = time.monotonic()
                reserve = 0.05 + 0.5 * (now - (deadline - time_limit))
                out, gaps, extra = _exact(
                    slots, people, unavailable, minimum, maximum, lo, hi, pins_given=pinned,
                    greedy=out, greedy_gaps=gaps, greedy_short=short, fair=fair, seed=seed,
                    time_limit=time_limit, required=solver == "exact", analysis=counted,
                    deadline=deadline - reserve,
                )  # fmt: skip
                notes.extend(extra)
    watch.lap("exact")
    if fair:
        # the one definition of fairness (_Fairness, as check_rota applies it): move turns
        # from a leader with two more to a member of the pool free that day, until none is
        # left; nothing else changes (gaps, minimums, maxima, pinned turns stay as they are)
        fairness = _Fairness(
            list(out),
            _fair_pools(slots),
            _Book(people, unavailable).absence,
            _frequency_sets(people, minimum),
            _frequency_sets(people, maximum),
        )
        fairness.even_out()
        out = fairness.out
    watch.lap("even_out")
    rota = Rota(lo, hi, tuple(out), people, places, tuple(gaps), tuple(notes))
    if overrides:
        rota = _apply_overrides(rota, overrides)
    # the generator answers for its own output: what check_rota would call a missed minimum
    unmet = _unmet(rota, people, unavailable, minimum)
    conflicts: tuple[Conflict, ...] = ()
    if rota.gaps or unmet:
        conflicts = analysed()[0]
        rota = attrs.evolve(rota, notes=tuple(dict.fromkeys((*rota.notes, *notes))))
        said = list(rota.notes)
        if conflicts and _SOLVER_HINT in said:
            # a count already proves that no rota is complete: the extra would not help
            said[said.index(_SOLVER_HINT)] = _PROVEN_BY_COUNT
        elif not conflicts and _PROVEN_BY_SEARCH in said:
            said.append(
                "no single count shows why: the conflict runs through several rules at once "
                "(days, pools, absences and limits together); the gaps name who was not free"
            )
        rota = attrs.evolve(
            rota,
            notes=(*said, *(f"minimum not met: {v.message}" for v in unmet)),
            conflicts=conflicts,
        )
    if (rota.gaps or unmet) and not allow_gaps:
        raise RotaInfeasible(rota.gaps, unmet, conflicts)
    return rota


def _arguments(
    solver: str,
    time_limit: float,
    calendar: WorkdayCalendar | None,
    start: _dt.date,
    end: _dt.date,
    leaders: Sequence[Leader],
) -> tuple[WorkdayCalendar, _dt.date, _dt.date, tuple[Leader, ...]]:
    """:func:`generate_rota`'s arguments checked: the calendar, the range, the leaders."""
    from xinfang_rules.law.deadlines import _default_calendar

    if solver not in ("auto", "greedy", "exact"):
        raise RotaError(
            f"solver must be 'auto', 'greedy' or 'exact', got {echo(solver)}",
            zh=f"solver 应为 'auto'、'greedy' 或 'exact'，实为 {echo(solver)}",
        )
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, (int, float))
        or not 0 < time_limit < float("inf")
    ):
        raise RotaError(
            f"time_limit must be a positive number of seconds, got {echo(time_limit)}",
            zh=f"time_limit 应为正数秒，实为 {echo(time_limit)}",
        )
    cal = calendar if calendar is not None else _default_calendar()
    lo, hi = as_date(start, "start"), as_date(end, "end")
    if hi < lo:
        raise RotaError(
            f"the rota ends ({hi}) before it starts ({lo})",
            zh=f"安排的结束日（{hi}）早于开始日（{lo}）",
        )
    people = tuple(leaders)
    ids = [x.id for x in people]
    if len(set(ids)) != len(ids):
        raise RotaError("two leaders have the same id", zh="两位领导的编号相同")
    return cal, lo, hi, people


#: Where a benchmark collects the time of each phase of :func:`generate_rota` (fill, exact,
#: even_out, conflicts; seconds); ``None`` (the default): nothing is recorded.
PHASES: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "xinfang_rota_phases", default=None
)


class _Stopwatch:
    """Adds the time since the last lap to :data:`PHASES` under a phase's name, if set."""

    def __init__(self) -> None:
        self.record = PHASES.get()
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.record is not None:
            now = time.perf_counter()
            self.record[name] = self.record.get(name, 0.0) + now - self.t
            self.t = now


_SOLVER_HINT = (
    "the greedy fill left receptions or minimums open; the exact search of the solver extra "
    "(pip install 'xinfang-rules[solver]') may find a complete rota"
)
_PROVEN_BY_COUNT = "no complete rota exists: see the conflicts, each a count that proves it"
_FEWEST_BY_COUNT = (
    "no complete rota exists, and this one has the fewest violations any rota can have: "
    "no more than the conflicts prove unavoidable"
)
_PROVEN_BY_SEARCH = (
    "no complete rota exists (proven by the exact search); this one has the fewest violations"
)


def _cut_short(time_limit: float) -> str:
    return (
        f"the time limit ({time_limit:g} s) ran out before the explanation was complete: the "
        "conflicts listed are those found by then, each still a proof; give more time "
        "(time_limit, --time-limit) for all of them"
    )


def _no_time_to_search(time_limit: float) -> str:
    return (
        f"the time limit ({time_limit:g} s) ran out before the exact search: this is the "
        "greedy fill, with its gaps; give more time (time_limit, --time-limit) to repair it"
    )


def _unmet(
    rota: Rota,
    people: Sequence[Leader],
    unavailable: Sequence[Unavailable],
    minimum: Sequence[MinFrequency],
) -> list[Violation]:
    """The minimum frequencies the rota falls short of (as check_rota reports them)."""
    if not minimum:
        return []
    return _frequency_violations(rota, _booked(rota, people, unavailable), minimum, ())


def _booked(rota: Rota, people: Sequence[Leader], unavailable: Sequence[Unavailable]) -> _Book:
    """The rota's turns, counted."""
    book = _Book(people, unavailable)
    for a in rota.assignments:
        for lid in a.leaders:
            book.add(lid, a.date)
    return book


def _exact(
    slots: Sequence[_Slot],
    people: Sequence[Leader],
    unavailable: Sequence[Unavailable],
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    lo: _dt.date,
    hi: _dt.date,
    *,
    pins_given: Sequence[Assignment],
    greedy: list[Assignment],
    greedy_gaps: list[Gap],
    greedy_short: list[Violation],
    fair: bool,
    seed: int,
    time_limit: float,
    required: bool,
    analysis: tuple[tuple[Conflict, ...], int, int],
    deadline: float | None = None,
) -> tuple[list[Assignment], list[Gap], list[str]]:
    """The exact repair of a greedy rota: its assignments, gaps and notes (see rota_solver).

    ``analysis`` is :func:`~xinfang_rules.rota.conflicts.analyse`'s answer for the same
    configuration (what the counts prove unavoidable).
    """
    book = _Book(people, unavailable)
    by_key = {s.key: s for s in slots}
    # a joint reception counts once (the search counts it so), a staffed one per leader
    greedy_missing = sum(
        1 if by_key[(g.date, g.place)].need is None else g.missing for g in greedy_gaps
    )
    fill = _Book(people, unavailable)
    for a in greedy:
        for lid in a.leaders:
            fill.add(lid, a.date)
    greedy_bad = greedy_missing + _turns_short(fill, people, minimum, lo, hi)
    conflicts, at_least_missing, at_least_short = analysis
    if (
        not required
        and greedy_bad
        and (greedy_missing, greedy_bad - greedy_missing) == (at_least_missing, at_least_short)
    ):
        # the fill has no more violations than the counts prove unavoidable: no search needed
        return greedy, greedy_gaps, [_FEWEST_BY_COUNT]
    try:
        from ortools.sat.python import cp_model  # noqa: F401  (the extra is installed)

        from xinfang_rules.rota.solver import repair
    except ImportError:
        if required:
            raise RotaError(
                "solver='exact' needs the solver extra (OR-Tools): pip install "
                "'xinfang-rules[solver]'",
                zh="solver='exact' 需要 solver 扩展（OR-Tools）：pip install 'xinfang-rules[s"
                "olver]'",
            ) from None
        return greedy, greedy_gaps, [_SOLVER_HINT]
    pins = {(a.date, a.place): a for a in pins_given}
    result = repair(slots, people, book, minimum, maximum, lo, hi, pins=pins, hint=greedy,
                    fair=fair, seed=seed, time_limit=time_limit,
                    at_least=(at_least_missing, at_least_short), deadline=deadline)  # fmt: skip
    proven = result.status == "fewest"
    if result.status == "timeout" and (not result.staffed or result.violations >= greedy_bad):
        if conflicts:
            return greedy, greedy_gaps, [
                f"no complete rota exists (see the conflicts); the exact search did not find "
                f"fewer violations within its budget ({time_limit:g}): this rota has "
                f"{greedy_bad}, and the conflicts prove at least "
                f"{at_least_missing + at_least_short} unavoidable"
            ]  # fmt: skip
        return greedy, greedy_gaps, [
            f"the exact search found no complete rota within its budget ({time_limit:g}); "
            "one may exist: give it more time (time_limit, --time-limit)"
        ]  # fmt: skip
    if proven and result.violations >= greedy_bad:
        # the greedy fill was already as good as any rota can be: keep it, and say so
        return greedy, greedy_gaps, [_PROVEN_BY_SEARCH]
    out: list[Assignment] = []
    gaps: list[Gap] = []
    for i, slot in enumerate(slots):
        chosen = result.staffed.get(i, ())
        pool_key = tuple(sorted(r.id for r in slot.rules))
        absent: tuple[str, ...] = ()
        if slot.need is None:
            absent = tuple(x.id for x in slot.pool if x.id not in chosen)
        missing = result.uncovered.get(i, 0)
        if missing:
            if slot.need is None:  # nobody at a joint reception: the whole pool is missing
                missing = len(slot.pool)
            gaps.append(Gap(slot.date, slot.place.id, pool_key, missing, "", slot.place.name))
        if not chosen:
            continue
        pin = pins.get(slot.key)
        layer = "pinned" if pin is not None and set(pin.leaders) == set(chosen) else slot.layer
        out.append(Assignment(slot.date, slot.place.id, chosen, pool_key, layer, absent,
                              slot.rules[0].form))  # fmt: skip
    final = _Book(people, unavailable)
    for a in out:
        for lid in a.leaders:
            final.add(lid, a.date)
    held = {(a.date, a.place): a for a in out}
    explained = []
    for g in gaps:
        slot = by_key[(g.date, g.place)]
        taken = held[slot.key].leaders if slot.key in held else ()
        why: dict[str, list[str]] = defaultdict(list)
        for x in slot.pool:
            if x.id in taken:
                continue
            reason = _why_not(x.id, slot, final, g.date)
            kind = "away" if reason.startswith("unavailable") else (
                "busy" if reason.startswith("receiving") else "max")  # fmt: skip
            why[kind].append(x.name)
        tail, tail_zh = (
            (
                " (no rota can do better: proven by the exact search)",
                "（经精确求解证明，无法排得更好）",
            )
            if proven
            else (
                " (the best the exact search found within its budget)",
                "（精确求解在时限内找到的最好结果）",
            )
        )
        explained.append(
            attrs.evolve(
                g,
                reason=_gap_reason(slot, why, len(taken)) + tail,
                reason_zh=_gap_reason_zh(slot, why, len(taken)) + tail_zh,
            )
        )
    notes = []
    if result.status == "complete":
        fixed = len(greedy_gaps) + len(greedy_short)
        notes.append(
            "complete rota found by the exact search"
            + (f"; the greedy fill had left {fixed} problem(s)" if fixed else "")
        )
    elif proven:
        notes.append(_PROVEN_BY_SEARCH)
        notes.append(
            f"the exact search improved on the greedy fill: {result.violations} violation(s) "
            f"({sum(result.uncovered.values())} leader(s) missing at receptions, "
            f"{sum(result.short.values())} turn(s) short of a minimum) against {greedy_bad}"
        )
    else:
        notes.append(
            f"the exact search ran out of budget ({time_limit:g}): the best rota it found "
            f"has {result.violations} violation(s) against the greedy fill's {greedy_bad}"
        )
    return out, explained, notes


def _turns_short(
    book: _Book,
    people: Sequence[Leader],
    minimum: Sequence[MinFrequency],
    lo: _dt.date,
    hi: _dt.date,
) -> int:
    """Turns short of the minimum frequencies, over every whole period (as check_rota)."""
    return sum(
        max(0, m.count - book.count(x.id, _period_bounds(key, m.per)[0], m.per))
        for m in minimum
        for x in m.pool.members(people)
        for key in _whole_periods(lo, hi, m.per)
    )


def _apply_overrides(rota: Rota, overrides: Sequence[Replace | Swap]) -> Rota:
    items = list(rota.assignments)
    known = {x.id for x in rota.leaders}

    def find(day: _dt.date, leader: str, place: str | None = None) -> int:
        for i, a in enumerate(items):
            if a.date == day and leader in a.leaders and (place is None or a.place == place):
                return i
        where = f" at {place}" if place else ""
        raise RotaError(
            f"override: {leader} has no reception on {day}{where} to change",
            zh=f"调整：{leader} 在 {day}{f'（{place}）' if place else ''} 没有可调整的接访",
        )

    def replaced(a: Assignment, old: str, new: str) -> Assignment:
        leaders = tuple(new if x == old else x for x in a.leaders)
        return attrs.evolve(a, leaders=leaders, layer="manual")

    for o in overrides:
        if isinstance(o, Replace):
            if o.into not in known:
                raise RotaError(
                    f"override: unknown leader {echo(o.into)}",
                    zh=f"调整：未知的领导 {echo(o.into)}",
                )
            i = find(o.date, o.out, o.place)
            items[i] = replaced(items[i], o.out, o.into)
        elif isinstance(o, Swap):
            i, j = find(o.first_date, o.first), find(o.second_date, o.second)
            items[i] = replaced(items[i], o.first, o.second)
            items[j] = replaced(items[j], o.second, o.first)
        else:
            raise XinfangTypeError(
                f"overrides must be Replace or Swap, got {type(o).__name__}",
                zh=f"overrides 应为 Replace 或 Swap，实为 {type(o).__name__}",
            )
    return attrs.evolve(rota, assignments=tuple(items))
