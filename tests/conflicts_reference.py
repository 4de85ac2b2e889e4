"""The conflict analysis as it was before its linear rewrite: the oracle of its tests.

``xinfang_rules.rota.conflicts`` once built, for every leader of a pool, the set of
receptions each other leader is free for (quadratic in the pool's size, a set per pair);
on a city's campaign that took minutes. The rewrite must find exactly what this finds:
``tests/test_conflict_analysis.py`` runs both on random crowded configurations. Kept as
it was (not imported by the library).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from xinfang_rules.rota import Conflict, Leader, MaxFrequency, MinFrequency, Per
from xinfang_rules.rota._slots import _Book, _Slot
from xinfang_rules.rota.model import _period_bounds, _period_key, _period_label, _whole_periods

__all__ = ["analyse", "find_conflicts"]

#: Receptions of one day beyond which only single receptions and the whole day are tried.
_SUBSET_LIMIT = 8
#: At most this many conflicts are reported (the first ones in date order).
MAX_CONFLICTS = 30


def _label_zh(first: _dt.date, per: Per) -> str:
    y, n = _period_key(first, per)
    if per == "month":
        return f"{y}年{n}月"
    if per == "quarter":
        return f"{y}年第{n}季度"
    if per == "week":
        last = first + _dt.timedelta(days=6)
        return f"{y}年第{n}周（{first.month}月{first.day}日至{last.month}月{last.day}日）"
    return f"{y}年"


_PER_ZH = {"week": "每周", "month": "每月", "quarter": "每季度", "year": "每年"}
_PER_EN = {"week": "a week", "month": "a month", "quarter": "a quarter", "year": "a year"}


def _join(names: Sequence[str], *, zh: bool = False) -> str:
    if zh:
        return "、".join(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class _Counts:
    """The facts every argument reads: who is free for which reception."""

    def __init__(
        self,
        slots: Sequence[_Slot],
        people: Sequence[Leader],
        book: _Book,
        maximum: Sequence[MaxFrequency],
    ) -> None:
        self.slots = slots
        self.book = book
        self.names = {x.id: x.name for x in people}
        self.order = {x.id: n for n, x in enumerate(people)}
        self.free = [
            frozenset(m.id for m in s.pool if book.absence(m.id, s.date) is None) for s in slots
        ]
        self.caps = [(mx, {m.id for m in mx.pool.members(people)}) for mx in maximum]

    def need(self, i: int) -> int:
        """Leaders a reception needs (a joint one: at least one)."""
        need = self.slots[i].need
        return 1 if need is None else need

    def who(self, ids: Sequence[str] | frozenset[str] | set[str]) -> list[str]:
        return [self.names[x] for x in sorted(ids, key=self.order.__getitem__)]

    def away(self, i: int) -> list[tuple[str, str]]:
        """(name, reason) of the pool members away on the reception's day."""
        slot = self.slots[i]
        out = []
        for m in slot.pool:
            u = self.book.absence(m.id, slot.date)
            if u is not None:
                out.append((m.name, u.reason))
        return out

    def place(self, i: int) -> str:
        return self.slots[i].place.name


#: Each conflict with what it is counted under (a day; a limit's index and a period).
_Found = list[tuple[Conflict, Any]]


def _day_conflicts(c: _Counts) -> tuple[_Found, dict[_dt.date, int]]:
    """On one day, receptions needing more leaders than their pools have free.

    Also, per day, the most leaders any of the sets tried leaves missing (a superset of a
    conflict is not reported, but may prove more missing than its smallest part).
    """
    by_day: dict[_dt.date, list[int]] = defaultdict(list)
    for i, s in enumerate(c.slots):
        by_day[s.date].append(i)
    out = []
    most: dict[_dt.date, int] = defaultdict(int)
    for day, idxs in sorted(by_day.items()):
        if len(idxs) <= _SUBSET_LIMIT:
            subsets = [
                t for size in range(1, len(idxs) + 1) for t in itertools.combinations(idxs, size)
            ]
        else:
            subsets = [(i,) for i in idxs] + [tuple(idxs)]
        found: list[frozenset[int]] = []
        for t in subsets:
            seats = sum(c.need(i) for i in t)
            free: frozenset[str] = frozenset().union(*(c.free[i] for i in t))
            if seats <= len(free):
                continue
            most[day] = max(most[day], seats - len(free))
            if any(f <= set(t) for f in found):
                continue  # a smaller set already explains it
            found.append(frozenset(t))
            away = list(dict.fromkeys(a for i in t for a in c.away(i)))
            away_en = "; away: " + ", ".join(f"{n} ({r})" if r else n for n, r in away)
            away_zh = "；不在岗：" + "、".join(f"{n}（{r}）" if r else n for n, r in away)
            places = [c.place(i) for i in t]
            if len(t) == 1:
                (i,) = t
                if not free:
                    en = f"{day} {places[0]}: nobody in its pool is free that day"
                    zh = f"{day} {places[0]}：可接访的领导当天均不能到场"
                else:
                    en = (
                        f"{day} {places[0]} needs {seats} leader(s) but only {len(free)} "
                        f"leader(s) of its pool are free that day ({_join(c.who(free))})"
                    )
                    zh = (
                        f"{day} {places[0]} 需要 {seats} 名领导，当天只有 {len(free)} 名能到场"
                        f"（{_join(c.who(free), zh=True)}）"
                    )
            else:
                en = (
                    f"{day}: {_join(places)} need {seats} leaders between them, but only "
                    f"{len(free)} leader(s) of their pools are free that day "
                    f"({_join(c.who(free))}); a leader receives at one place a day"
                )
                zh = (
                    f"{day}：{_join(places, zh=True)} 共需 {seats} 名领导，当天只有 {len(free)} "
                    f"名能到场（{_join(c.who(free), zh=True)}）；每人每天只在一处接访"
                )
            if away:
                en += away_en
                zh += away_zh
            out.append(
                (
                    Conflict(
                        "day",
                        en,
                        zh,
                        day,
                        day,
                        seats - len(free),
                        tuple(sorted(free, key=c.order.__getitem__)),
                        tuple(sorted({c.slots[i].place.id for i in t})),
                    ),
                    day,
                )
            )
    return out, most


def _capacity_conflicts(c: _Counts) -> _Found:
    """In a maximum's period, receptions only a few can take needing more than they may give."""
    out = []
    seen: set[tuple[frozenset[str], Per, tuple[int, int]]] = set()
    for n_rule, (mx, capped) in enumerate(c.caps):
        periods: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, s in enumerate(c.slots):
            periods[_period_key(s.date, mx.per)].append(i)
        for key, idxs in sorted(periods.items()):
            for i in idxs:
                group = c.free[i]
                if not group or not group & capped or (group, mx.per, key) in seen:
                    continue
                within = [j for j in idxs if c.free[j] and c.free[j] <= group]
                if len({c.slots[j].date for j in within}) < 2:
                    continue  # one day: a day conflict, if any
                seats = sum(c.need(j) for j in within)
                give = 0
                for lid in group:
                    days = len({c.slots[j].date for j in within if lid in c.free[j]})
                    give += min(days, mx.count) if lid in capped else days
                if seats <= give:
                    continue
                seen.add((group, mx.per, key))
                first, _ = _period_bounds(key, mx.per)
                names = c.who(group)
                listed = ", ".join(f"{c.slots[j].date} {c.place(j)}" for j in within)
                en = (
                    f"{_period_label(first, mx.per)}: the {len(within)} reception(s) that only "
                    f"{_join(names)} can take ({listed}) need {seats} turn(s), but at most "
                    f"{mx.count} {_PER_EN[mx.per]} each allows {give}"
                    + (f"; {mx.source}" if mx.source else "")
                )
                listed_zh = "、".join(
                    f"{c.slots[j].date.month}月{c.slots[j].date.day}日{c.place(j)}" for j in within
                )
                zh = (
                    f"{_label_zh(first, mx.per)}：只有{_join(names, zh=True)}能接的 {len(within)} "
                    f"场接访（{listed_zh}）共需 {seats} 人次，但每人{_PER_ZH[mx.per]}至多 "
                    f"{mx.count} 次，最多只能排 {give} 人次"
                )
                out.append(
                    (
                        Conflict(
                            "capacity",
                            en,
                            zh,
                            first,
                            _period_bounds(key, mx.per)[1],
                            seats - give,
                            tuple(sorted(group, key=c.order.__getitem__)),
                            tuple(sorted({c.slots[j].place.id for j in within})),
                        ),
                        (n_rule, key),
                    )
                )
    return out


def _most(c: _Counts, lid: str, idxs: Sequence[int]) -> tuple[int, list[str], list[str]]:
    """The most turns ``lid`` can take among these receptions, with the limits that bind."""
    days = sorted({c.slots[j].date for j in idxs if lid in c.free[j]})
    best = len(days)
    why_en: list[str] = []
    why_zh: list[str] = []
    for mx, capped in c.caps:
        if lid not in capped:
            continue
        per_period: dict[tuple[int, int], int] = defaultdict(int)
        for d in days:
            per_period[_period_key(d, mx.per)] += 1
        bound = sum(min(n, mx.count) for n in per_period.values())
        if bound < best:
            best = bound
            why_en = [f"at most {mx.count} {_PER_EN[mx.per]}"]
            why_zh = [f"{_PER_ZH[mx.per]}至多 {mx.count} 次"]
    return best, why_en, why_zh


def _minimum_conflicts(
    c: _Counts, minimum: Sequence[MinFrequency], people: Sequence[Leader],
    start: _dt.date, end: _dt.date,
) -> _Found:  # fmt: skip
    """Leaders (one, or several sharing receptions) whose minimums cannot all be met."""
    out = []
    for n_rule, mn in enumerate(minimum):
        members = [m.id for m in mn.pool.members(people)]
        for key in _whole_periods(start, end, mn.per):
            first, last = _period_bounds(key, mn.per)
            idxs = [i for i, s in enumerate(c.slots) if first <= s.date <= last]
            label, label_zh = _period_label(first, mn.per), _label_zh(first, mn.per)
            src = f"; {mn.source}" if mn.source else ""
            alone: set[str] = set()
            most: dict[str, int] = {}
            for lid in members:
                mine = [i for i in idxs if any(m.id == lid for m in c.slots[i].pool)]
                best, why_en, why_zh = _most(c, lid, mine)
                most[lid] = best
                if best >= mn.count:
                    continue
                alone.add(lid)
                days = sorted({c.slots[i].date for i in mine})
                away = [d for d in days if c.book.absence(lid, d) is not None]
                reasons = sorted({u.reason for d in away if (u := c.book.absence(lid, d))})
                facts_en = [f"{len(days)} reception day(s) in their pools"]
                facts_zh = [f"所在接访安排共 {len(days)} 天"]
                if away:
                    r = f" ({', '.join(x for x in reasons if x)})" if any(reasons) else ""
                    facts_en.append(f"away on {len(away)} of them{r}")
                    rz = f"（{'、'.join(x for x in reasons if x)}）" if any(reasons) else ""
                    facts_zh.append(f"其中 {len(away)} 天不在岗{rz}")
                facts_en += why_en
                facts_zh += why_zh
                name = c.names[lid]
                mine_places = tuple(sorted({c.slots[i].place.id for i in mine}))
                out.append(
                    (
                        Conflict(
                            "minimum",
                            f"{name} must receive at least {mn.count} in {label} but can "
                            f"receive at most {best}: {', '.join(facts_en)}{src}",
                            f"{name} {label_zh}至少应接访 {mn.count} 次，但最多只能排 {best} 次："
                            f"{'，'.join(facts_zh)}",
                            first,
                            last,
                            mn.count - best,
                            (lid,),
                            mine_places,
                        ),
                        (n_rule, key),
                    )
                )
            # several leaders sharing receptions: their minimums against what the receptions offer
            rest = [x for x in members if x not in alone]
            tried: set[frozenset[str]] = set()
            for lid in rest:
                opens = {i for i in idxs if lid in c.free[i]}
                group = frozenset(
                    k for k in rest if {i for i in idxs if k in c.free[i]} <= opens
                ) if opens else frozenset()  # fmt: skip
                for s in (group, frozenset(rest)):
                    if len(s) < 2 or s in tried:
                        continue
                    tried.add(s)
                    offer = 0
                    used = []
                    for i in idxs:
                        k = len(c.free[i] & s)
                        if not k:
                            continue
                        used.append(i)
                        offer += k if c.slots[i].need is None else min(c.need(i), k)
                    offer = min(offer, sum(most[k] for k in s))
                    want = mn.count * len(s)
                    if want <= offer:
                        continue
                    names = c.who(s)
                    places = sorted({c.place(i) for i in used})
                    out.append(
                        (
                            Conflict(
                                "competition",
                                f"in {label}, {_join(names)} must each receive at least "
                                f"{mn.count} ({want} turns), but the receptions open to them "
                                f"({len(used)} at {_join(places)}) offer at most {offer}{src}",
                                f"{label_zh}，{_join(names, zh=True)}每人至少应接访 {mn.count} 次"
                                f"（共 {want} 次），但他们能接的接访（{_join(places, zh=True)}共 "
                                f"{len(used)} 场）最多只有 {offer} 人次",
                                first,
                                last,
                                want - offer,
                                tuple(sorted(s, key=c.order.__getitem__)),
                                tuple(sorted({c.slots[i].place.id for i in used})),
                            ),
                            (n_rule, key),
                        )
                    )
                    break
    return out


def find_conflicts(
    slots: Sequence[_Slot],
    people: Sequence[Leader],
    book: _Book,
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    start: _dt.date,
    end: _dt.date,
) -> tuple[Conflict, ...]:
    """Every counting argument that proves the rules cannot all be met (date order).

    Args:
        slots: The receptions, as the generator builds them.
        people: Every leader.
        book: Absences (only ``book.absence`` is read).
        minimum: Minimum frequencies (over every whole period of ``[start, end]``).
        maximum: Maximum frequencies.
        start: The rota's first day.
        end: The rota's last day.

    Returns:
        The conflicts found, at most :data:`MAX_CONFLICTS`, by first day then kind; empty
        when none of the four arguments applies (which does not prove a rota exists).

    """
    return analyse(slots, people, book, minimum, maximum, start, end)[0]


def analyse(
    slots: Sequence[_Slot],
    people: Sequence[Leader],
    book: _Book,
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    start: _dt.date,
    end: _dt.date,
) -> tuple[tuple[Conflict, ...], int, int]:
    """The conflicts (as :func:`find_conflicts`) and what they prove no rota can avoid.

    Returns:
        ``(conflicts, missing, short)``: at least ``missing`` leaders are missing at
        receptions, and at least ``short`` turns are short of minimum frequencies, in any
        rota. Deficits are added only where they cannot overlap: per day (the largest of
        any set of the day's receptions), per maximum and period (the largest), per
        minimum and period (each leader's own, plus the largest of the groups of the
        others).

    """
    c = _Counts(slots, people, book, maximum)
    days, by_day = _day_conflicts(c)
    found = [
        *days,
        *_capacity_conflicts(c),
        *_minimum_conflicts(c, minimum, people, start, end),
    ]
    by_cap: dict[Any, int] = defaultdict(int)
    alone: dict[Any, int] = defaultdict(int)
    group: dict[Any, int] = defaultdict(int)
    for x, key in found:
        if x.kind == "capacity":
            by_cap[key] = max(by_cap[key], x.deficit)
        elif x.kind == "minimum":
            alone[key] += x.deficit
        elif x.kind == "competition":
            group[key] = max(group[key], x.deficit)
    per_rule: dict[Any, int] = defaultdict(int)
    for (rule, _), n in by_cap.items():
        per_rule[rule] += n
    missing = max([sum(by_day.values()), *per_rule.values()])
    short = sum(alone.values()) + sum(group.values())
    kinds = {"day": 0, "capacity": 1, "minimum": 2, "competition": 3}
    ordered = sorted((x for x, _ in found), key=lambda x: (x.first, kinds[x.kind], x.leaders))
    return tuple(ordered[:MAX_CONFLICTS]), missing, short
