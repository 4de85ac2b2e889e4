"""Importing the package loads what a caller uses, not everything (issue: import time).

Each check runs in a fresh interpreter, so that modules loaded by other tests do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import xinfang_rules

HEAVY = (
    "xinfang_rules.rota",
    "xinfang_rules.metrics",
    "xinfang_rules.cases",
    "xinfang_rules.formats.ledger",
    "xinfang_rules.formats.case_io",
    "xinfang_rules.calendar.notice_text",
    "cattrs",
    "pandas",
    "ortools",
)


def loaded_after(statement: str) -> set[str]:
    """The modules loaded by a fresh interpreter after running ``statement``."""
    code = f"import sys\n{statement}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return set(json.loads(out))


def test_bare_import_loads_no_submodule() -> None:
    """``import xinfang_rules`` loads none of the library's modules, nor attrs or cattrs."""
    mods = loaded_after("import xinfang_rules")
    assert {m for m in mods if m.startswith("xinfang_rules.")} == set()
    assert "attrs" not in mods and "cattrs" not in mods


@pytest.mark.parametrize(
    ("statement", "needed"),
    [
        ("from xinfang_rules import WorkdayCalendar", "xinfang_rules.calendar"),
        ("from xinfang_rules import compute_deadline", "xinfang_rules.law.deadlines"),
    ],
)
def test_the_calendar_alone(statement: str, needed: str) -> None:
    """The calendar and deadlines do not bring rotas, figures, petitions or file formats."""
    mods = loaded_after(statement)
    assert needed in mods
    assert not mods & set(HEAVY)


def test_the_calendar_loads_no_file_machinery() -> None:
    """TOML, temporary files, CSV, paths and the time zone load on first use, not with it.

    They are a fifth of the calendar's import time (docs/performance.md); reading a
    notice file, writing a file or converting a date and time loads them then.
    """
    mods = loaded_after("from xinfang_rules import WorkdayCalendar")
    assert not mods & {"tomllib", "tomli", "tempfile", "csv", "pathlib", "zoneinfo"}
    mods = loaded_after(
        "from xinfang_rules import WorkdayCalendar\n"
        "import datetime as dt\n"
        "from xinfang_rules.dates import BEIJING, beijing_date\n"
        "assert str(BEIJING) == 'Asia/Shanghai'\n"
        "assert beijing_date(dt.datetime(2026, 1, 1, 17, tzinfo=dt.timezone.utc)).day == 2\n"
        "from xinfang_rules._files import tomllib\n"
        "assert tomllib.loads('a = 1') == {'a': 1}"
    )
    assert "zoneinfo" in mods and ("tomllib" in mods or "tomli" in mods)


def test_every_public_name_resolves() -> None:
    """Each name of __all__ is reachable, is listed by dir(), and is the module's own."""
    for name in xinfang_rules.__all__:
        value = getattr(xinfang_rules, name)
        assert value is not None, name
        assert name in dir(xinfang_rules)
    assert xinfang_rules.Petition is xinfang_rules.cases.Petition
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        _ = xinfang_rules.nothing_here


def test_old_module_paths_are_the_new_modules() -> None:
    """xinfang_rules.case_io (before the formats package) is xinfang_rules.formats.case_io."""
    mods = loaded_after(
        "import xinfang_rules.case_io as a, xinfang_rules.formats.case_io as b\nassert a is b"
    )
    assert "xinfang_rules.formats.case_io" in mods
