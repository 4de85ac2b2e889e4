"""Why a rota cannot meet its rules: counting arguments a clerk can check by hand.

Each :class:`~xinfang_rules.rota.Conflict` found here is a *proof* that no rota of the
given days, places, pools, absences and limits satisfies every rule, in one of four forms
(the rules of :func:`~xinfang_rules.rota.generate_rota`: one place a day per leader,
nobody while away, maximum frequencies never exceeded):

- ``day``: on one day, some receptions need more leaders between them than their pools
  have free that day (a leader receives at one place a day). The smallest such set of
  receptions is named, with who is away and why.
- ``capacity``: in one period of a maximum frequency (e.g. a week), the receptions that
  only a few leaders can take need more turns than those leaders' maximum allows.
- ``minimum``: a leader must receive at least *n* times in a period but can receive at
  most fewer: away on some of their reception days, or held back by a maximum frequency.
- ``competition``: several leaders must each receive a minimum in a period, but the
  receptions open to them offer fewer turns than their minimums add up to.

These are the capacity arguments per pool and period of a Hall-type count (a set of
receptions needs more than the leaders who can take them can give). They do not find
every conflict (one that runs through several rules at once may need the exact search of
:mod:`xinfang_rules.rota.solver` to prove), but each one they find is real: the counts
in its message can be checked against the configuration alone.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from xinfang_rules.rota._slots import _Book, _Slot
from xinfang_rules.rota.model import (
    Conflict,
    Leader,
    MaxFrequency,
    MinFrequency,
    Per,
    _period_bounds,
    _period_key,
    _period_label,
    _whole_periods,
)

__all__ = ["analyse", "analyse_within", "find_conflicts"]

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
    """The facts every argument reads: who is free for which reception.

    Worked out once, in one pass over the receptions (linear in receptions × pool sizes):
    each reception's free leaders; each leader's receptions (in their pool, and free for),
    in date order; the receptions in date order, to cut a period out by bisection.
    """

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
        #: the receptions' positions in date order (stable), and their dates
        self.by_date = sorted(range(len(slots)), key=lambda i: slots[i].date)
        self.dates = [slots[i].date for i in self.by_date]
        self.free: list[frozenset[str]] = [frozenset()] * len(slots)
        #: per leader, the positions (in ``by_date`` order) of the receptions in their pool
        #: and of those they are free for
        self.in_pool: dict[str, list[int]] = defaultdict(list)
        self.free_at: dict[str, list[int]] = defaultdict(list)
        for n, i in enumerate(self.by_date):
            s = slots[i]
            free = []
            for m in s.pool:
                self.in_pool[m.id].append(n)
                if book.absence(m.id, s.date) is None:
                    free.append(m.id)
                    self.free_at[m.id].append(n)
            self.free[i] = frozenset(free)
        self.caps = [(mx, {m.id for m in mx.pool.members(people)}) for mx in maximum]

    def span(self, first: _dt.date, last: _dt.date) -> tuple[int, int]:
        """The positions (in ``by_date`` order) of the receptions from ``first`` to ``last``."""
        return bisect.bisect_left(self.dates, first), bisect.bisect_right(self.dates, last)

    def within(self, positions: list[int], span: tuple[int, int]) -> list[int]:
        """The receptions (slot indexes) among ``positions`` that fall in ``span``, in order."""
        lo = bisect.bisect_left(positions, span[0])
        hi = bisect.bisect_left(positions, span[1])
        return [self.by_date[n] for n in positions[lo:hi]]

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


class _OutOfTime(Exception):
    """The wall-clock deadline passed: what was found so far is kept."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


def _day_conflicts(
    c: _Counts, deadline: float | None = None, out: _Found | None = None
) -> tuple[_Found, dict[_dt.date, int]]:
    """On one day, receptions needing more leaders than their pools have free.

    Also, per day, the most leaders any of the sets tried leaves missing (a superset of a
    conflict is not reported, but may prove more missing than its smallest part).
    """
    by_day: dict[_dt.date, list[int]] = defaultdict(list)
    for i, s in enumerate(c.slots):
        by_day[s.date].append(i)
    out = [] if out is None else out
    most: dict[_dt.date, int] = defaultdict(int)
    for day, idxs in sorted(by_day.items()):
        _check(deadline)
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


def _capacity_conflicts(
    c: _Counts, deadline: float | None = None, out: _Found | None = None
) -> _Found:
    """In a maximum's period, receptions only a few can take needing more than they may give."""
    out = [] if out is None else out
    seen: set[tuple[frozenset[str], Per, tuple[int, int]]] = set()
    for n_rule, (mx, capped) in enumerate(c.caps):
        periods: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in c.by_date:
            periods[_period_key(c.slots[i].date, mx.per)].append(i)
        for key, idxs in sorted(periods.items()):
            _check(deadline)
            # per leader, the receptions of the period they are free for (in order)
            at: dict[str, list[int]] = defaultdict(list)
            for j in idxs:
                for lid in c.free[j]:
                    at[lid].append(j)
            rank = {j: n for n, j in enumerate(idxs)}
            for i in idxs:
                group = c.free[i]
                if not group or not group & capped or (group, mx.per, key) in seen:
                    continue
                # a reception all of whose free leaders are in the group has one of them:
                # only the receptions the group's leaders are free for can qualify
                near = {j for lid in group for j in at[lid]}
                within = [j for j in sorted(near, key=rank.__getitem__) if c.free[j] <= group]
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
    start: _dt.date, end: _dt.date, deadline: float | None = None, out: _Found | None = None,
) -> _Found:  # fmt: skip
    """Leaders (one, or several sharing receptions) whose minimums cannot all be met."""
    out = [] if out is None else out
    for n_rule, mn in enumerate(minimum):
        members = [m.id for m in mn.pool.members(people)]
        for key in _whole_periods(start, end, mn.per):
            first, last = _period_bounds(key, mn.per)
            span = c.span(first, last)
            idxs = [c.by_date[n] for n in range(*span)]
            label, label_zh = _period_label(first, mn.per), _label_zh(first, mn.per)
            src = f"; {mn.source}" if mn.source else ""
            alone: set[str] = set()
            most: dict[str, int] = {}
            for lid in members:
                mine = c.within(c.in_pool.get(lid, []), span)
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
            rest_set = frozenset(rest)
            # each leader's receptions of the period, computed once (not once per pair)
            opens = {k: frozenset(c.within(c.free_at.get(k, []), span)) for k in rest}
            nowhere = frozenset(k for k in rest if not opens[k])  # a subset of any set
            rank = {i: n for n, i in enumerate(idxs)}
            tried: set[frozenset[str]] = set()
            for lid in rest:
                _check(deadline)
                mine_open = opens[lid]
                if mine_open:
                    # who could be inside: the leaders free at this leader's receptions
                    near = frozenset().union(*(c.free[i] & rest_set for i in mine_open))
                    group = frozenset(k for k in near if opens[k] <= mine_open) | nowhere
                else:
                    group = frozenset()
                for s in (group, rest_set):
                    if len(s) < 2 or s in tried:
                        continue
                    tried.add(s)
                    offer = 0
                    used = []
                    reach: set[int] = set()
                    for member in s:
                        reach |= opens[member]
                    for i in sorted(reach, key=rank.__getitem__):
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
    conflicts, missing, short, _ = analyse_within(
        slots, people, book, minimum, maximum, start, end, deadline=None
    )
    return conflicts, missing, short


def analyse_within(
    slots: Sequence[_Slot],
    people: Sequence[Leader],
    book: _Book,
    minimum: Sequence[MinFrequency],
    maximum: Sequence[MaxFrequency],
    start: _dt.date,
    end: _dt.date,
    *,
    deadline: float | None,
) -> tuple[tuple[Conflict, ...], int, int, bool]:
    """:func:`analyse`, stopping at ``deadline`` (``time.monotonic()``; ``None``: never).

    Returns:
        ``(conflicts, missing, short, whole)``: as :func:`analyse`, and whether the whole
        analysis ran (``False``: cut short at the deadline; the conflicts found so far are
        each still a proof, and ``missing`` and ``short`` still lower bounds, just not
        the largest the counts could prove).

    """
    c = _Counts(slots, people, book, maximum)
    found: _Found = []
    by_day: dict[_dt.date, int] = {}
    whole = True
    try:
        _, by_day = _day_conflicts(c, deadline, found)
        _capacity_conflicts(c, deadline, found)
        _minimum_conflicts(c, minimum, people, start, end, deadline, found)
    except _OutOfTime:
        whole = False
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
    return tuple(ordered[:MAX_CONFLICTS]), missing, short, whole
