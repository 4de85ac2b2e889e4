"""The greedy fill: each reception of a range given its leaders, day by day.

Joint receptions first, then the most constrained reception of the day (fewest leaders
free to take it); within a reception, the leaders short of a minimum frequency first
(those with the fewest chances left first), then, when fair, those with the fewest turns
in the pool, then a fixed order drawn from the seed. A reception that cannot be staffed
is a :class:`~xinfang_rules.rota.model.Gap`, with who was not free and why.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence

from xinfang_rules.rota._slots import _Book, _Slot
from xinfang_rules.rota.model import (
    Assignment,
    Gap,
    Leader,
    MaxFrequency,
    MinFrequency,
    Per,
    Unavailable,
    _period_key,
)

_PeriodCounts = dict[tuple[str, Per, tuple[int, int]], int]


class _Fill:
    """The greedy fill of ``slots`` (see :func:`~xinfang_rules.rota.generate_rota`).

    After :meth:`run`: ``out`` (the assignments, in the slots' order), ``gaps``, ``notes``
    (pinned leaders replaced) and ``pins`` (the pinned receptions no slot asked for).
    """

    def __init__(
        self,
        slots: Sequence[_Slot],
        people: Sequence[Leader],
        unavailable: Sequence[Unavailable],
        minimum: Sequence[MinFrequency],
        maximum: Sequence[MaxFrequency],
        pinned: Sequence[Assignment],
        *,
        seed: int,
        fair: bool,
    ) -> None:
        self.slots = slots
        self.fair = fair
        self.book = _Book(people, unavailable)
        order = [x.id for x in people]
        random.Random(seed).shuffle(order)
        self.rank = {lid: i for i, lid in enumerate(order)}
        self.mins = [(m, {x.id for x in m.pool.members(people)}) for m in minimum]
        self.maxs = [(m, {x.id for x in m.pool.members(people)}) for m in maximum]
        self.chances, self.joint_ahead = _chances(slots, self.book, self.mins)
        self.pins = {(a.date, a.place): a for a in pinned}
        self.pool_turns: dict[tuple[str, ...], dict[str, int]] = defaultdict(
            lambda: defaultdict(int)
        )
        self.out: list[Assignment] = []
        self.gaps: list[Gap] = []
        self.notes: list[str] = []
        self._position = {id(slot): i for i, slot in enumerate(slots)}
        self._filled_from: list[int] = []  # the slot position of each assignment, as filled

    def blocked(self, leader: Leader, day: _dt.date) -> str | None:
        """Why ``leader`` cannot take a reception on ``day`` (busy, away, max), or ``None``."""
        book = self.book
        if leader.id in book.busy[day]:
            return "busy"
        if book.absence(leader.id, day) is not None:
            return "away"
        for m, members in self.maxs:
            if leader.id in members and book.count(leader.id, day, m.per) >= m.count:
                return "max"
        return None

    def free_count(self, slot: _Slot) -> int:
        """How many of the slot's pool are free that day."""
        return sum(1 for x in slot.pool if self.blocked(x, slot.date) is None)

    def run(self) -> None:
        """Fill every slot, day by day.

        Joint receptions first, then the most constrained reception of the day (fewest
        leaders free to take it, then place order), so that a small pool shared by two
        places is not used up by the place that happens to come first.
        """
        slots, position = self.slots, self._position
        i = 0
        while i < len(slots):
            j = i
            while j < len(slots) and slots[j].date == slots[i].date:
                j += 1
            day_slots = slots[i:j]
            for slot in day_slots:
                if slot.need is None:
                    self.take(slot)
            # a heap of (free leaders, position); a leader taken is no longer free for the
            # other receptions of the day that have them in their pool: counts drop by one
            rest = {position[id(s)]: s for s in day_slots if s.need is not None}
            has: dict[str, list[int]] = defaultdict(list)
            for k, slot in rest.items():
                for x in slot.pool:
                    has[x.id].append(k)
            if all(len(ks) == 1 for ks in has.values()):
                for slot in rest.values():  # no leader shared: the order cannot matter
                    self.take(slot)
                i = j
                continue
            free = {k: self.free_count(s) for k, s in rest.items()}
            heap = [(n, k) for k, n in free.items()]
            heapq.heapify(heap)
            while heap:
                n, k = heapq.heappop(heap)
                if k not in rest or n != free[k]:
                    continue  # filled already, or an outdated count
                for lid in self.take(rest.pop(k)):
                    for other in has.get(lid, ()):
                        if other in rest:
                            free[other] -= 1
                            heapq.heappush(heap, (free[other], other))
            i = j
        # the rota lists receptions in the slots' order, whatever order they were filled in
        pairs = sorted(zip(self._filled_from, self.out, strict=True), key=lambda t: t[0])
        self.out[:] = [a for _, a in pairs]

    def take(self, slot: _Slot) -> list[str]:
        """Fill one reception; the leaders it took (now busy for the rest of the day)."""
        before = len(self.out)
        self.fill(slot)
        self._filled_from.extend([self._position[id(slot)]] * (len(self.out) - before))
        return [lid for a in self.out[before:] for lid in a.leaders]

    def fill(self, slot: _Slot) -> None:
        """Give one reception its leaders (or record the gap, and why)."""
        book, chances, joint_ahead = self.book, self.chances, self.joint_ahead
        mins, rank, fair, notes = self.mins, self.rank, self.fair, self.notes
        day = slot.date
        for m, members in mins:
            for x in slot.pool:
                if x.id in members and book.absence(x.id, day) is None:
                    key = (x.id, m.per, _period_key(day, m.per))
                    chances[key] -= 1
                    if slot.need is None:
                        joint_ahead[key] -= 1
        pool_key = tuple(sorted(r.id for r in slot.rules))
        turns = self.pool_turns[pool_key]
        why: dict[str, list[str]] = defaultdict(list)
        free: list[Leader] = []
        for x in slot.pool:
            reason = self.blocked(x, day)
            if reason is None:
                free.append(x)
            else:
                why[reason].append(x.name)
        pin = self.pins.pop(slot.key, None)
        chosen: list[Leader] = []
        layer = slot.layer
        if pin is not None:
            by_id = {x.id: x for x in free}
            kept = [by_id[lid] for lid in pin.leaders if lid in by_id]
            for lid in pin.leaders:
                if lid not in by_id:
                    notes.append(
                        f"{day} {slot.place.name}: pinned {lid} replaced "
                        f"({_why_not(lid, slot, book, day)})"
                    )
            if slot.need is None or len(kept) >= slot.need:
                chosen = kept if slot.need is None else kept[: slot.need]
                layer = "pinned"
            else:
                chosen = kept
        if slot.need is None:
            if pin is None:
                chosen = free
            absent = tuple(x.id for x in slot.pool if x not in chosen)
            if not chosen:
                self.gaps.append(
                    Gap(
                        day,
                        slot.place.id,
                        pool_key,
                        len(slot.pool),
                        _gap_reason(slot, why, 0),
                        slot.place.name,
                        _gap_reason_zh(slot, why, 0),
                    )
                )
                return
        else:
            absent = ()
            rest = [x for x in free if x not in chosen]
            if len(chosen) < slot.need:
                keyed = []
                for x in rest:
                    short = [
                        chances[(x.id, m.per, _period_key(day, m.per))]
                        for m, members in mins
                        if x.id in members
                        and book.count(x.id, day, m.per)
                        + joint_ahead[(x.id, m.per, _period_key(day, m.per))]
                        < m.count
                    ]
                    order_key = (
                        0 if short else 1,
                        min(short) if short else 0,
                        turns[x.id] if fair else 0,
                        book.total[x.id] if fair else 0,
                        rank[x.id],
                    )
                    keyed.append((order_key, x))
                keyed.sort(key=lambda item: item[0])
                rest = [x for _, x in keyed]
                chosen = chosen + rest[: slot.need - len(chosen)]
            if len(chosen) < slot.need:
                missing = slot.need - len(chosen)
                self.gaps.append(
                    Gap(
                        day,
                        slot.place.id,
                        pool_key,
                        missing,
                        _gap_reason(slot, why, len(chosen)),
                        slot.place.name,
                        _gap_reason_zh(slot, why, len(chosen)),
                    )
                )
                if not chosen:
                    return
        for x in chosen:
            book.add(x.id, day)
            turns[x.id] += 1
        self.out.append(
            Assignment(
                day,
                slot.place.id,
                tuple(x.id for x in chosen),
                pool_key,
                layer,
                absent,
                slot.rules[0].form,
            )
        )


def _chances(
    slots: Sequence[_Slot], book: _Book, mins: Sequence[tuple[MinFrequency, set[str]]]
) -> tuple[_PeriodCounts, _PeriodCounts]:
    """Per leader with a minimum, per period: receptions they could take, and joint ones.

    They attend joint receptions anyway, so those count toward the minimum in advance.
    """
    out: _PeriodCounts = defaultdict(int)
    joint: _PeriodCounts = defaultdict(int)
    for slot in slots:
        for m, members in mins:
            for x in slot.pool:
                if x.id in members and book.absence(x.id, slot.date) is None:
                    key = (x.id, m.per, _period_key(slot.date, m.per))
                    out[key] += 1
                    if slot.need is None:
                        joint[key] += 1
    return out, joint


def _why_not(leader: str, slot: _Slot, book: _Book, day: _dt.date) -> str:
    away = book.absence(leader, day)
    if away is not None:
        return f"unavailable {away.start}..{away.end}{'：' + away.reason if away.reason else ''}"
    if leader in book.busy[day]:
        return "receiving elsewhere that day"
    if leader not in {x.id for x in slot.pool}:
        return "no longer in the pool"
    return "at a maximum frequency"


def _gap_reason(slot: _Slot, why: Mapping[str, list[str]], have: int) -> str:
    described = {r.pool.describe() for r in slot.rules}
    pool = described.pop() if len(described) == 1 else "pooled leaders"
    if not slot.pool:
        return f"no {pool} exist (rule {', '.join(r.id for r in slot.rules)})"
    need = "all" if slot.need is None else str(slot.need)
    parts = []
    labels = {"away": "unavailable", "busy": "receiving elsewhere", "max": "at a maximum"}
    for key in ("away", "busy", "max"):
        if why.get(key):
            parts.append(f"{len(why[key])} {labels[key]} ({', '.join(why[key])})")
    if len(slot.pool) == sum(len(v) for v in why.values()):
        head = f"all {len(slot.pool)} {pool} unavailable or busy"
    else:
        head = f"needs {need}, only {have} of {len(slot.pool)} {pool} free"
    return f"{head}: {'; '.join(parts)}" if parts else head


def _gap_reason_zh(slot: _Slot, why: Mapping[str, list[str]], have: int) -> str:
    """:func:`_gap_reason` in Chinese."""
    if not slot.pool:
        return f"没有符合条件的领导（规则 {'、'.join(r.id for r in slot.rules)}）"
    parts = []
    labels = {"away": "不在岗", "busy": "当天在别处接访", "max": "已达接访次数上限"}
    for key in ("away", "busy", "max"):
        if why.get(key):
            parts.append(f"{labels[key]} {len(why[key])} 人（{'、'.join(why[key])}）")
    if len(slot.pool) == sum(len(v) for v in why.values()):
        head = f"可接访的 {len(slot.pool)} 名领导均不能到场"
    else:
        need = "全体领导" if slot.need is None else f" {slot.need} 名领导"
        head = f"需要{need}，可接访的 {len(slot.pool)} 名中只有 {have} 名有空"
    return f"{head}：{'；'.join(parts)}" if parts else head
