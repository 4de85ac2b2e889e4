"""Reception rotas."""

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
