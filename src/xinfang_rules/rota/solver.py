"""The exact repair of a rota (the ``solver`` extra: OR-Tools CP-SAT).

When the greedy generator of :func:`xinfang_rules.rota.generate_rota` leaves receptions
unstaffed or minimum frequencies unmet, this module searches every rota of the same days,
places, pools, absences and limits for a better one: a complete rota if one exists, else
the rota with the fewest violations, in this order of priority:

1. receptions left unstaffed (each missing leader counts one; the public is owed them),
2. turns short of a minimum frequency (each missing turn counts one),
3. earlier published (pinned) assignments changed,
4. unfairness: within each pool (the leaders free for a reception), the spread between the
   member with the most turns and the one with the fewest, over the whole range, counting
   every reception (the generator then evens out what is left as ``check_rota`` defines
   fairness: see :func:`xinfang_rules.rota.generate_rota`).

Hard limits are never broken: one place a day per leader, nobody while away, no maximum
frequency exceeded. The search is deterministic: one worker, a fixed seed, and a budget in
CP-SAT's *deterministic* time (about seconds on a typical machine), so that the same input
gives the same rota on any machine. Its answer is one of: a complete rota; the fewest
violations, **proven** minimal (no complete rota exists); or the best found within the
budget (a complete one may exist).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

from xinfang_rules.rota._slots import _Book, _Slot
from xinfang_rules.rota.model import (
    Assignment,
    Leader,
    MaxFrequency,
    MinFrequency,
    _period_key,
    _whole_periods,
)

__all__ = ["RepairResult", "repair"]


@attrs.frozen
class RepairResult:
    """What the exact search found.

    Attributes:
        status: ``"complete"`` (every reception staffed, every minimum met),
            ``"fewest"`` (proven: no complete rota exists; this one has the fewest
            violations), or ``"timeout"`` (the budget ran out before either was settled).
        staffed: For each reception (its index among the slots), the leaders assigned.
        uncovered: Missing leaders per reception (index → how many).
        short: Turns short of a minimum: (leader, minimum's index, period key) → how many.
        unpinned: Pinned assignments the search had to change.
        spread: The sum over pools of the spread of turns (the fairness term).
        seconds: Wall time of the search.

    """

    status: Literal["complete", "fewest", "timeout"]
    staffed: Mapping[int, tuple[str, ...]]
    uncovered: Mapping[int, int]
    short: Mapping[tuple[str, int, tuple[int, int]], int]
    unpinned: int
    spread: int
    seconds: float

    @property
    def violations(self) -> int:
        """Missing leaders plus turns short of a minimum."""
        return sum(self.uncovered.values()) + sum(self.short.values())


#: The budget (deterministic time) for evening out a rota once its violations are settled.
POLISH_BUDGET = 2.0


def repair(
    slots: Sequence[_Slot],
    people: Sequence[Leader],
    book: _Book,
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    start: _dt.date,
    end: _dt.date,
    *,
    pins: Mapping[tuple[_dt.date, str], Assignment] | None = None,
    hint: Sequence[Assignment] = (),
    fair: bool = True,
    seed: int = 0,
    time_limit: float = 10.0,
    at_least: tuple[int, int] = (0, 0),
    deadline: float | None = None,
) -> RepairResult:
    """Search every rota of these slots for the one with the fewest violations.

    Args:
        slots: The receptions (as the generator builds them), in order.
        people: Every leader.
        book: Absences (only ``book.absence`` is read).
        minimum: Minimum frequencies (over every whole period of ``[start, end]``).
        maximum: Maximum frequencies (over every period).
        start: The rota's first day.
        end: The rota's last day.
        pins: Earlier published assignments to keep where possible.
        hint: A rota to start from (the greedy's).
        fair: Even out turns within each pool (the last priority).
        seed: The search's seed.
        time_limit: The budget in CP-SAT deterministic time (≈ seconds).
        at_least: Leaders missing at receptions and turns short of minimums that no rota
            can avoid (proven by counting, :func:`xinfang_rules.rota.conflicts.analyse`):
            redundant constraints that let the search prove a rota the least bad sooner.
        deadline: A wall-clock bound (``time.monotonic()``) the search never runs past,
            whatever its deterministic budget: the generator's whole ``time_limit``. When
            it binds first, the result depends on the machine's speed (``timeout``).

    Raises:
        ImportError: OR-Tools is not installed (the ``solver`` extra).

    """
    import time

    from ortools.sat.python import cp_model

    began = time.perf_counter()
    model: Any = cp_model.CpModel()
    pins = pins or {}
    ids = [x.id for x in people]
    x: dict[tuple[int, str], Any] = {}
    candidates: list[list[str]] = []
    for i, slot in enumerate(slots):
        free = [m.id for m in slot.pool if book.absence(m.id, slot.date) is None]
        candidates.append(free)
        for lid in free:
            x[(i, lid)] = model.new_bool_var(f"x{i}_{lid}")
    by_day: dict[tuple[_dt.date, str], list[Any]] = defaultdict(list)
    for (i, lid), var in x.items():
        by_day[(slots[i].date, lid)].append(var)
    for group in by_day.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    # staffing: a reception needs its number; a joint one wants every free member
    uncovered: dict[int, Any] = {}
    absent_joint: list[Any] = []
    for i, slot in enumerate(slots):
        chosen = [x[(i, m.id)] for m in slot.pool if (i, m.id) in x]
        if slot.need is None:
            # a joint reception is staffed when anyone attends; everyone free should
            absent_joint.extend(1 - v for v in chosen)
            missing = model.new_int_var(0, 1, f"u{i}")
            model.add(sum(chosen) + missing >= 1)
            uncovered[i] = missing
        else:
            missing = model.new_int_var(0, slot.need, f"u{i}")
            model.add(sum(chosen) + missing == slot.need)
            uncovered[i] = missing
    # maximum frequencies: hard, over every period
    for mx in maximum:
        capped = {m.id for m in mx.pool.members(people)}
        periods: dict[tuple[str, tuple[int, int]], list[Any]] = defaultdict(list)
        for (i, lid), var in x.items():
            if lid in capped:
                periods[(lid, _period_key(slots[i].date, mx.per))].append(var)
        for group in periods.values():
            if len(group) > mx.count:
                model.add(sum(group) <= mx.count)
    # minimum frequencies: soft, over every whole period of the range
    short: dict[tuple[str, int, tuple[int, int]], Any] = {}
    turns_of: dict[tuple[str, tuple[int, int], str], list[Any]] = defaultdict(list)
    for (i, lid), var in x.items():
        for per in {mn.per for mn in minimum}:
            turns_of[(lid, _period_key(slots[i].date, per), per)].append(var)
    for k, mn in enumerate(minimum):
        member_ids = [m.id for m in mn.pool.members(people)]
        for period in _whole_periods(start, end, mn.per):
            for lid in member_ids:
                lack = model.new_int_var(0, mn.count, f"s{lid}_{k}_{period}")
                model.add(sum(turns_of.get((lid, period, mn.per), [])) + lack >= mn.count)
                short[(lid, k, period)] = lack
    # pinned assignments: soft
    unpinned = []
    for i, slot in enumerate(slots):
        pin = pins.get(slot.key)
        if pin is None:
            continue
        for lid in pin.leaders:
            if (i, lid) in x:
                unpinned.append(1 - x[(i, lid)])
    # fairness (the last priority): within each pool, the spread between the member with
    # the most turns and the one with the fewest, counting every reception of the range
    # (rota._Fairness, the definition check_rota applies, then evens out what is left)
    spreads: list[Any] = []
    if fair:
        total: dict[str, list[Any]] = defaultdict(list)
        for (_, lid), var in x.items():
            total[lid].append(var)
        pools = {tuple(sorted(c)) for i, c in enumerate(candidates) if slots[i].need is not None}
        for who in sorted(pools):
            if len(who) < 2:
                continue
            counts = [sum(total[lid]) for lid in who]
            hi = model.new_int_var(0, len(slots), f"hi{len(spreads)}")
            lo = model.new_int_var(0, len(slots), f"lo{len(spreads)}")
            model.add_max_equality(hi, counts)
            model.add_min_equality(lo, counts)
            spreads.append(hi - lo)
    w_fair = 1
    w_pin = w_fair * (len(slots) * len(spreads) + 1)  # a pin changed, or absent from a joint one
    most_short = sum(mn.count for mn in minimum) * max(1, len(short))
    # first the violations alone (the answer that matters: complete, or the fewest), then,
    # with them held at what was found, the rest (pins, attendance, spread) on a small
    # budget of its own: proving the fairest rota optimal can take long and matters less
    if at_least[0]:
        model.add(sum(uncovered.values()) >= at_least[0])
    if at_least[1]:
        model.add(sum(short.values()) >= at_least[1])
    violations = sum(uncovered.values()) * (most_short + 1) + sum(short.values())
    model.minimize(violations)
    held = {(a.date, a.place): set(a.leaders) for a in hint}
    for (i, lid), var in x.items():
        model.add_hint(var, 1 if lid in held.get(slots[i].key, ()) else 0)

    def solve(budget: float) -> tuple[Any, Any]:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = budget
        wall = max(60.0, budget * 20)
        if deadline is not None:
            wall = min(wall, max(0.05, deadline - time.monotonic()))
        solver.parameters.max_time_in_seconds = wall
        return solver, solver.solve(model)

    solver, code = solve(time_limit)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RepairResult("timeout", {}, {}, {}, 0, 0, time.perf_counter() - began)
    found = int(solver.objective_value)
    first_code = code
    model.add(violations <= found)
    model.clear_hints()
    for var in x.values():
        model.add_hint(var, solver.value(var))
    model.minimize(w_pin * (sum(unpinned) + sum(absent_joint)) + w_fair * sum(spreads))
    polished, code = solve(min(time_limit, POLISH_BUDGET))
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solver = polished
    code = first_code
    seconds = time.perf_counter() - began
    staffed: dict[int, list[str]] = defaultdict(list)
    for (i, lid), var in x.items():
        if solver.value(var):
            staffed[i].append(lid)
    order = {lid: n for n, lid in enumerate(ids)}
    result_uncovered = {i: int(solver.value(v)) for i, v in uncovered.items() if solver.value(v)}
    result_short = {k: int(solver.value(v)) for k, v in short.items() if solver.value(v)}
    bad = sum(result_uncovered.values()) + sum(result_short.values())
    if bad == 0:
        status: Literal["complete", "fewest", "timeout"] = "complete"
    elif code == cp_model.OPTIMAL:
        status = "fewest"
    else:
        status = "timeout"
    return RepairResult(
        status,
        {i: tuple(sorted(v, key=order.__getitem__)) for i, v in staffed.items()},
        result_uncovered,
        result_short,
        int(sum(solver.value(u) for u in unpinned)) if unpinned else 0,
        int(sum(solver.value(s) for s in spreads)) if spreads else 0,
        seconds,
    )
