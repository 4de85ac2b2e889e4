from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from xinfang_rules import WorkdayCalendar

# No test depends on the machine's speed: no Hypothesis deadline, in any profile.
# Locally ("default"): new random examples each run, to explore. In CI (CI=true): the same
# examples every run ("ci", derandomised, no example database), so a run never flips on
# luck. A long exploration (docs/testing.md): XINFANG_HYPOTHESIS=long, 10x the examples.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
# Mutation testing (mutmut sets MUTANT_UNDER_TEST): the same examples every run, fewer of
# them, and no complaint that mutmut's trampolines run a test from another executor.
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=40,
    suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow],
)


def _profile() -> str:
    if os.environ.get("MUTANT_UNDER_TEST"):
        return "mutation"
    chosen = os.environ.get("XINFANG_HYPOTHESIS")
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "default"


settings.load_profile(_profile())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Property tests (Hypothesis) carry the marker ``property``: ``pytest -m property``."""
    from hypothesis import is_hypothesis_test

    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.property)


@pytest.fixture(scope="session")
def cal() -> WorkdayCalendar:
    """The national calendar, shared (calendars are immutable)."""
    return WorkdayCalendar.china()
