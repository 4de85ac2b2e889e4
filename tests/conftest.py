from __future__ import annotations

import pytest

from xinfang_rules import WorkdayCalendar


@pytest.fixture(scope="session")
def cal() -> WorkdayCalendar:
    """The national calendar, shared (calendars are immutable)."""
    return WorkdayCalendar.china()
