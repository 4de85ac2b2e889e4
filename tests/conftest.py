from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from xinfang_rules import WorkdayCalendar

# No test depends on the machine's speed: no Hypothesis deadline, in any profile.
settings.register_profile("default", deadline=None)
# Mutation testing (mutmut sets MUTANT_UNDER_TEST): the same examples every run, fewer of
# them, and no complaint that mutmut's trampolines run a test from another executor.
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=40,
    suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow],
)
settings.load_profile("mutation" if os.environ.get("MUTANT_UNDER_TEST") else "default")


@pytest.fixture(scope="session")
def cal() -> WorkdayCalendar:
    """The national calendar, shared (calendars are immutable)."""
    return WorkdayCalendar.china()
