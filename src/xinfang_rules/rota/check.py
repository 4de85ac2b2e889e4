"""A rota and its check.

:class:`Rota` is what the generator returns or a file gives; :func:`check_rota` finds every
violation of the rules and constraints it breaks (frequencies and fairness included).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from xinfang_rules.calendar.workdays import WorkdayCalendar
from xinfang_rules.privacy import echo
from xinfang_rules.rota._slots import _Book, _Slot, _slots
from xinfang_rules.rota.fairness import _fair_pools, _Fairness, _frequency_sets
from xinfang_rules.rota.model import (
    Assignment,
    Conflict,
    Gap,
    Leader,
    MaxFrequency,
    MinFrequency,
    Per,
    Place,
    RotaError,
    Rule,
    Unavailable,
    Violation,
    _per,
    _period_bounds,
    _period_label,
    _whole_periods,
)


@attrs.frozen
class Rota:
    """A generated (or loaded) rota.

    Attributes:
        start, end: The range covered, both included.
        assignments: The receptions, by date and place.
        gaps: Receptions that could not be staffed (only with ``allow_gaps=True``).
        leaders: The leaders, for names and titles.
        places: The places.
        notes: What regeneration changed in pinned assignments, and why; what the exact
            search did.
        conflicts: When the rota has gaps or unmet minimums: why no rota can do better,
            where a count proves it (:class:`Conflict`; empty otherwise).

    """

    start: _dt.date
    end: _dt.date
    assignments: tuple[Assignment, ...]
    leaders: tuple[Leader, ...]
    places: tuple[Place, ...]
    gaps: tuple[Gap, ...] = ()
    notes: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def leader(self, leader_id: str) -> Leader:
        """The leader with this id."""
        for x in self.leaders:
            if x.id == leader_id:
                return x
        raise RotaError(
            f"no leader {echo(leader_id)} in this rota", zh=f"本安排中没有领导 {echo(leader_id)}"
        )

    def place(self, place_id: str) -> Place:
        """The place with this id."""
        for x in self.places:
            if x.id == place_id:
                return x
        raise RotaError(
            f"no place {echo(place_id)} in this rota", zh=f"本安排中没有接访地点 {echo(place_id)}"
        )

    def by_leader(
        self, per: Per = "month", minimum: Sequence[MinFrequency] = ()
    ) -> dict[str, dict[str, Any]]:
        """Receptions per leader: ``{id: {"total": n, "periods": {period: n}, "required": k}}``.

        ``required`` is the largest minimum per ``per`` that applies to the leader (0 if
        none); periods are labelled ``2027-01`` (month), ``2027-Q1``, ``2027-W05``, ``2027``.
        """
        per = _per(per)
        out: dict[str, dict[str, Any]] = {}
        for x in self.leaders:
            out[x.id] = {"total": 0, "periods": {}, "required": 0}
        for m in minimum:
            if m.per == per:
                for x in m.pool.members(self.leaders):
                    out[x.id]["required"] = max(out[x.id]["required"], m.count)
        for a in self.assignments:
            label = _period_label(a.date, per)
            for lid in a.leaders:
                row = out.setdefault(lid, {"total": 0, "periods": {}, "required": 0})
                row["total"] += 1
                row["periods"][label] = row["periods"].get(label, 0) + 1
        return out

    def check(
        self,
        rules: Sequence[Rule],
        *,
        calendar: WorkdayCalendar | None = None,
        unavailable: Sequence[Unavailable] = (),
        minimum: Sequence[MinFrequency] = (),
        maximum: Sequence[MaxFrequency] = (),
        fair: bool = True,
    ) -> tuple[Violation, ...]:
        """Every violation of the rules and constraints (see :func:`check_rota`)."""
        return check_rota(
            self,
            rules,
            calendar=calendar,
            unavailable=unavailable,
            minimum=minimum,
            maximum=maximum,
            fair=fair,
        )


# --------------------------------------------------------------------------- checking


def check_rota(
    rota: Rota,
    rules: Sequence[Rule],
    *,
    calendar: WorkdayCalendar | None = None,
    unavailable: Sequence[Unavailable] = (),
    minimum: Sequence[MinFrequency] = (),
    maximum: Sequence[MaxFrequency] = (),
    fair: bool = True,
) -> tuple[Violation, ...]:
    """Every way ``rota`` breaks the rules and constraints, each with its reason.

    Checks: every reception the rules ask for is held and fully staffed from its pool
    (``uncovered``, ``understaffed``, ``not_in_pool``); no reception the rules do not ask
    for (``unexpected``); nobody in two places on one day (``double_booked``) or assigned
    while away (``unavailable``); minimum and maximum frequencies over every whole period
    in the rota's range (``min_frequency``, ``max_frequency``); with ``fair``, within each
    pool nobody has two turns more than someone who was free on one of their days
    (``unfair``); every leader is known (``unknown_leader``).
    """
    from xinfang_rules.law.deadlines import _default_calendar

    cal = calendar if calendar is not None else _default_calendar()
    people = rota.leaders
    names = {x.id: x.name for x in people}
    book = _Book(people, unavailable)
    out: list[Violation] = []
    expected = _slots(rules, people, rota.start, rota.end, cal)
    slots = {s.key: s for s in expected if s.need is not None}
    joint = {s.key: s for s in expected if s.need is None}

    held: dict[tuple[_dt.date, str], Assignment] = {}
    for a in sorted(rota.assignments):
        where = f"{a.date} {a.place}"
        for lid in a.leaders:
            if lid not in names:
                out.append(
                    Violation("unknown_leader", f"{where}: unknown leader {echo(lid)}", a.date, lid)
                )
                continue
            if lid in book.busy[a.date]:
                out.append(
                    Violation(
                        "double_booked",
                        f"{where}: {names[lid]} ({lid}) is already receiving elsewhere that day",
                        a.date,
                        lid,
                    )
                )
            away = book.absence(lid, a.date)
            if away is not None:
                out.append(
                    Violation(
                        "unavailable",
                        f"{where}: {names[lid]} ({lid}) is away {away.start}..{away.end}"
                        + (f"（{away.reason}）" if away.reason else ""),
                        a.date,
                        lid,
                    )
                )
            book.add(lid, a.date)
        key = (a.date, a.place)
        if key in held:
            held[key] = attrs.evolve(held[key], leaders=held[key].leaders + a.leaders)
        else:
            held[key] = a
    for key, slot in sorted(slots.items()):
        found = held.get(key)
        where = f"{slot.date} {slot.place.name}"
        rule_ids = ", ".join(r.id for r in slot.rules)
        if found is None:
            out.append(
                Violation("uncovered", f"{where}: no reception held (rule {rule_ids})", slot.date)
            )
            continue
        pool_ids = {x.id for x in slot.pool}
        eligible = [lid for lid in found.leaders if lid in pool_ids]
        for lid in found.leaders:
            if lid not in pool_ids and lid in names:
                out.append(
                    Violation(
                        "not_in_pool",
                        f"{where}: {names[lid]} ({lid}) is not in the pool of rule {rule_ids}",
                        slot.date,
                        lid,
                    )
                )
        assert slot.need is not None
        if len(eligible) < slot.need:
            out.append(
                Violation(
                    "understaffed",
                    f"{where}: {len(eligible)} of {slot.need} leader(s) (rule {rule_ids})",
                    slot.date,
                )
            )
    for key, slot in sorted(joint.items()):
        if key not in held:
            out.append(
                Violation(
                    "uncovered",
                    f"{slot.date} {slot.place.name}: joint reception not held "
                    f"(rule {slot.rules[0].id})",
                    slot.date,
                )
            )
    for key, a in sorted(held.items()):
        if key not in slots and key not in joint:
            out.append(
                Violation(
                    "unexpected",
                    f"{a.date} {a.place}: no rule asks for a reception here that day",
                    a.date,
                )
            )
    out.extend(_frequency_violations(rota, book, minimum, maximum))
    if fair:
        out.extend(
            _fairness_violations(
                rota, list(slots.values()), held, minimum, maximum, book.absence, names
            )
        )
    return tuple(out)


def _frequency_violations(
    rota: Rota, book: _Book, minimum: Sequence[MinFrequency], maximum: Sequence[MaxFrequency]
) -> list[Violation]:
    out = []
    for m in minimum:
        for x in m.pool.members(rota.leaders):
            for key in _whole_periods(rota.start, rota.end, m.per):
                first, _ = _period_bounds(key, m.per)
                n = book.count(x.id, first, m.per)
                if n < m.count:
                    label = _period_label(first, m.per)
                    src = f"; {m.source}" if m.source else ""
                    out.append(
                        Violation(
                            "min_frequency",
                            f"{x.name} ({x.title}): {n} reception(s) in {label}, at least "
                            f"{m.count} required{src}",
                            first,
                            x.id,
                        )
                    )
    for mx in maximum:
        members = {x.id: x for x in mx.pool.members(rota.leaders)}
        for (lid, per, key), n in sorted(book.counts.items()):
            if per == mx.per and lid in members and n > mx.count:
                first, _ = _period_bounds(key, per)
                x = members[lid]
                out.append(
                    Violation(
                        "max_frequency",
                        f"{x.name} ({x.title}): {n} receptions in "
                        f"{_period_label(first, per)}, at most {mx.count} allowed",
                        first,
                        lid,
                    )
                )
    return out


def _fairness_violations(
    rota: Rota,
    slots: Sequence[_Slot],
    held: Mapping[tuple[_dt.date, str], Assignment],
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    absence: Callable[[str, _dt.date], Unavailable | None],
    names: Mapping[str, str],
) -> list[Violation]:
    """Turns a member with two fewer, free that day, could have taken (see _Fairness)."""
    people = rota.leaders
    fairness = _Fairness(
        [held[k] for k in sorted(held)],
        _fair_pools(slots),
        absence,
        _frequency_sets(people, minimum),
        _frequency_sets(people, maximum),
    )
    rules_of = {s.key: ", ".join(sorted(r.id for r in s.rules)) for s in slots}
    out: list[Violation] = []
    flagged: set[str] = set()  # each leader once: the first turn someone could have taken
    for i, a in enumerate(fairness.out):
        for move in fairness.moves(i):
            if move.giver in flagged:
                continue
            flagged.add(move.giver)
            giver, taker = names[move.giver], names[move.taker]  # pool members: known
            out.append(
                Violation(
                    "unfair",
                    f"{a.date} {a.place}: {giver} takes this turn (rule "
                    f"{rules_of[a.date, a.place]}) with {move.has} turn(s) on the days {taker} "
                    f"was available, while {taker}, free that day, has {move.other}",
                    a.date,
                    move.giver,
                )
            )
    return out
