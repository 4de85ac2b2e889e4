"""Beijing dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinfang_rules import XinfangTypeError, beijing_date
from xinfang_rules.dates import BEIJING, as_date


class TestBeijingDate:
    """Aware datetimes become Beijing dates; naive ones are refused."""

    def test_utc_evening_is_next_day(self) -> None:
        """2026-01-01T17:00Z is 2026-01-02 01:00 in Beijing."""
        assert beijing_date(dt.datetime(2026, 1, 1, 17, tzinfo=dt.timezone.utc)) == dt.date(
            2026, 1, 2
        )
        assert beijing_date(dt.datetime(2026, 1, 1, 15, 59, tzinfo=dt.timezone.utc)) == dt.date(
            2026, 1, 1
        )

    def test_naive_refused(self) -> None:
        """A naive datetime's date is unknown; the message says what to do."""
        with pytest.raises(XinfangTypeError, match="naive"):
            beijing_date(dt.datetime(2026, 1, 1, 17))

    @given(st.datetimes(timezones=st.timezones()))
    def test_agrees_with_zoneinfo(self, value: dt.datetime) -> None:
        """Same as converting to Asia/Shanghai by hand."""
        assert beijing_date(value) == value.astimezone(BEIJING).date()

    def test_as_date(self) -> None:
        """Plain dates pass; datetimes and strings are refused."""
        assert as_date(dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)
        with pytest.raises(XinfangTypeError, match="fromisoformat"):
            as_date("2025-01-01")
        with pytest.raises(XinfangTypeError):
            as_date(dt.datetime(2025, 1, 1))
