"""Reception rotas (领导干部接访): who receives petitioners, where and when.

- ``model``: leaders, places, pools, recurrences, rules and constraints; the assignments,
  gaps, violations and conflicts a rota is described by;
- ``check``: :class:`Rota` and :func:`check_rota` (every violation, fairness included);
- ``generate``: :func:`generate_rota`, its phases in order (the fill in ``fill``, an even
  share in ``fairness``, the receptions to staff in ``_slots``, the counts that prove a
  rota impossible in ``conflicts``, the exact repair in ``solver``).

Every public name is re-exported here: ``from xinfang_rules.rota import Rota``.
"""

from __future__ import annotations

from xinfang_rules.rota.check import (
    Rota,
    check_rota,
)
from xinfang_rules.rota.generate import (
    PHASES,
    generate_rota,
)
from xinfang_rules.rota.model import (
    Assignment,
    Conflict,
    EveryWorkday,
    Gap,
    Layer,
    Leader,
    MaxFrequency,
    MinFrequency,
    MonthlyDay,
    Per,
    Place,
    Pool,
    Recurrence,
    RecurrenceRule,
    Replace,
    RestDay,
    RotaError,
    RotaInfeasible,
    Rule,
    Swap,
    Unavailable,
    Violation,
    Weekly,
)

__all__ = [
    "PHASES",
    "Assignment",
    "Conflict",
    "EveryWorkday",
    "Gap",
    "Layer",
    "Leader",
    "MaxFrequency",
    "MinFrequency",
    "MonthlyDay",
    "Per",
    "Place",
    "Pool",
    "Recurrence",
    "RecurrenceRule",
    "Replace",
    "RestDay",
    "Rota",
    "RotaError",
    "RotaInfeasible",
    "Rule",
    "Swap",
    "Unavailable",
    "Violation",
    "Weekly",
    "check_rota",
    "generate_rota",
]
